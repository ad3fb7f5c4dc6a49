package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/seed"
)

// benchApp is the whole site (every middleware) over a seeded SQLite newspaper, and the path
// of its newest English article.
func benchApp(b *testing.B, articles int) (*app.App, string) {
	b.Helper()
	cfg := baseConfig(&testing.T{})
	cfg.DataDir = b.TempDir()
	cfg.Migrate = true
	ctx := context.Background()
	a, err := app.New(ctx, cfg, quiet)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	if _, err := seed.Run(ctx, seed.Stores{News: a.News, Comments: a.Comments, Media: a.Media}, seed.Options{Articles: articles}); err != nil {
		b.Fatal(err)
	}
	list, err := a.News.Published(ctx, news.Filter{Lang: locale.English}, 1, 0)
	if err != nil || len(list) == 0 {
		b.Fatal("no story", err)
	}
	return a, fmt.Sprintf("/news/%d/%s", list[0].StoryID, list[0].Slug)
}

// discard is a ResponseWriter that keeps nothing, with a fresh header map per request as
// net/http gives.
type discard struct {
	h      http.Header
	status int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(s int)           { d.status = s }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkCachedHit is a cached article through the whole handler: middleware, routing and
// the page cache, identity and gzip.
func BenchmarkCachedHit(b *testing.B) {
	a, article := benchApp(b, 200)
	h := a.Handler()
	for _, ae := range []string{"", "gzip"} {
		b.Run("ae="+ae, func(b *testing.B) {
			req := httptest.NewRequest("GET", article, nil)
			req.RemoteAddr = "127.0.0.1:5555"
			req.Host = "127.0.0.1:0"
			if ae != "" {
				req.Header.Set("Accept-Encoding", ae)
			}
			w := &discard{h: http.Header{}}
			h.ServeHTTP(w, req)
			if w.status != 200 {
				b.Fatalf("GET %s = %d", article, w.status)
			}
			b.ReportAllocs()
			for b.Loop() {
				w.h = make(http.Header, 16)
				h.ServeHTTP(w, req)
			}
		})
	}
}
