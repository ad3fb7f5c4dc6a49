package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/seed"
)

// benchApp is the whole site (every middleware) over a seeded SQLite newspaper, and the path
// of its newest English article. BATORI_BENCH_DATA names a data folder seeded before (`batori
// seed --migrate --data DIR --articles 100000`) to measure a large archive instead.
func benchApp(b *testing.B, articles int, cacheMB int) (*app.App, string) {
	b.Helper()
	cfg := emptyConfig(&testing.T{})
	cfg.DataDir = b.TempDir()
	cfg.Migrate = true
	cfg.PageCacheMB = cacheMB
	seeded := os.Getenv("BATORI_BENCH_DATA")
	if seeded != "" {
		cfg.DataDir = seeded
	}
	ctx := context.Background()
	a, err := app.New(ctx, cfg, quiet)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { a.Close() })
	if seeded == "" {
		if _, err := seed.Run(ctx, seed.Stores{News: a.News, Comments: a.Comments, Media: a.Media}, seed.Options{Articles: articles}); err != nil {
			b.Fatal(err)
		}
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
	a, article := benchApp(b, 200, 0)
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

// BenchmarkFresh renders pages with the page cache off: what a miss costs. The sub-benchmarks
// are named by page (article, home, home-as, section-deep) so that one can be profiled alone:
// -bench 'Fresh/article' -cpuprofile cpu.out.
func BenchmarkFresh(b *testing.B) {
	a, article := benchApp(b, 2000, -1)
	h := a.Handler()
	for _, page := range []struct{ name, path string }{
		{"article", article}, {"home", "/"}, {"home-as", "/as/"}, {"section-deep", "/section/assam?page=50"},
	} {
		path := page.path
		b.Run(page.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", path, nil)
			req.RemoteAddr = "127.0.0.1:5555"
			req.Host = "127.0.0.1:0"
			w := &discard{h: http.Header{}}
			h.ServeHTTP(w, req)
			if w.status != 200 {
				b.Fatalf("GET %s = %d", path, w.status)
			}
			b.ReportAllocs()
			for b.Loop() {
				w.h = make(http.Header, 16)
				h.ServeHTTP(w, req)
			}
		})
	}
}
