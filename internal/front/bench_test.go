package front

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/web"
)

// BenchmarkHit is the front's work for one cached page, without the network: the checks, the
// lookup, the headers and the log and metrics bookkeeping. A hit allocates nothing but the
// host's string.
func BenchmarkHit(b *testing.B) {
	cache := pagecache.New(1<<20, time.Hour)
	page := cache.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<p>a page</p>")
	}))
	page.ServeHTTP(discard{http.Header{}}, &http.Request{Method: http.MethodGet, URL: mustURL("/news/1")})
	requests := web.NewRequestLog(slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer requests.Close()
	s := New(Options{Handler: page, Cache: cache, Headers: web.SecurityHeaderFields(),
		Origin: web.FixedOrigin("https://news.example.org"), Requests: requests, MaxBodyBytes: 1024})
	var ctx fasthttp.RequestCtx
	ctx.Request.SetRequestURI("/news/1")
	ctx.Request.Header.SetHost("news.example.org")
	ctx.Request.Header.Set("Accept-Encoding", "gzip, deflate, br")
	b.ReportAllocs()
	for b.Loop() {
		ctx.Response.Reset()
		if !s.hit(&ctx) {
			b.Fatal("not a hit")
		}
	}
}

type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(p []byte) (int, error) { return len(p), nil }
func (d discard) WriteHeader(int)             {}

func mustURL(path string) *url.URL {
	u, err := url.Parse(path)
	if err != nil {
		panic(err)
	}
	return u
}
