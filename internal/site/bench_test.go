package site_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
)

// benchSite is the reader site over the demo newspaper on dialect, with or without the page
// cache, and the path of a long bilingual article.
func benchSite(b *testing.B, dialect db.Dialect, cache bool) (http.Handler, string) {
	b.Helper()
	d := dbtest.Open(b, dialect)
	ctx := context.Background()
	lib := media.NewLibrary(d, filepath.Join(b.TempDir(), "media"))
	st, set := news.NewStore(d), settings.NewStore(d)
	if _, err := demo.Seed(ctx, demo.Stores{News: st, Settings: set, Media: lib}, demo.Options{}); err != nil {
		b.Fatal(err)
	}
	deps := site.Deps{News: st, Settings: set, Media: lib, Templates: templates, Assets: assets, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if cache {
		deps.Cache = pagecache.New(64<<20, time.Hour)
	}
	mux := http.NewServeMux()
	site.New(deps).Routes(mux)
	list, err := st.Published(ctx, news.Filter{Lang: locale.English, FeaturedOnly: true}, 1, 0)
	if err != nil || len(list) == 0 {
		b.Fatal("no featured story", err)
	}
	return mux, storyPath(locale.English, list[0].StoryID, list[0].Slug)
}

func benchPage(b *testing.B, h http.Handler, path string) {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("GET %s = %d", path, rec.Code)
		}
	}
}

// BenchmarkRender renders pages without the cache: the cost of a cache miss.
func BenchmarkRender(b *testing.B) {
	for _, dialect := range dbtest.Dialects {
		h, article := benchSite(b, dialect, false)
		b.Run(string(dialect)+"/article", func(b *testing.B) { benchPage(b, h, article) })
		b.Run(string(dialect)+"/home", func(b *testing.B) { benchPage(b, h, "/") })
		b.Run(string(dialect)+"/home-as", func(b *testing.B) { benchPage(b, h, "/as/") })
	}
}

// BenchmarkCached serves pages from the page cache: what most readers get.
func BenchmarkCached(b *testing.B) {
	h, article := benchSite(b, db.SQLite, true)
	b.Run("article", func(b *testing.B) { benchPage(b, h, article) })
	b.Run("home", func(b *testing.B) { benchPage(b, h, "/") })
}

// BenchmarkLoopback is the load test: concurrent clients over real TCP on loopback against a
// server with the page cache, fetching the home page and an article alternately.
func BenchmarkLoopback(b *testing.B) {
	for _, cache := range []bool{true, false} {
		name := "cached"
		if !cache {
			name = "uncached"
		}
		b.Run(name, func(b *testing.B) {
			h, article := benchSite(b, db.SQLite, cache)
			srv := httptest.NewServer(h)
			defer srv.Close()
			tr := &http.Transport{MaxIdleConnsPerHost: 64}
			client := &http.Client{Transport: tr}
			paths := []string{srv.URL + "/", srv.URL + article}
			b.SetParallelism(8)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					req, _ := http.NewRequest("GET", paths[i%2], nil)
					req.Header.Set("Accept-Encoding", "gzip")
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
					i++
				}
			})
		})
	}
}
