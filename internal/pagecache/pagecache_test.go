package pagecache_test

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/testkit"
)

func counting(status int, cacheControl string) (http.Handler, *atomic.Int64) {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if cacheControl != "" {
			w.Header().Set("Cache-Control", cacheControl)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, "<p>page "+r.URL.Path+" "+r.URL.RawQuery+"</p>")
	}), &n
}

func get(t *testing.T, h http.Handler, path string, hdr map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest("GET", path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, r *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var pageParam = pagecache.Param{Name: "page", Valid: pagecache.Number}

func TestServesSecondRequestFromCache(t *testing.T) {
	next, n := counting(200, "")
	c := pagecache.New(1<<20, time.Minute)
	h := c.Wrap(next, pageParam)
	r1 := get(t, h, "/a", nil)
	r2 := get(t, h, "/a", nil)
	if n.Load() != 1 {
		t.Fatalf("handler ran %d times, want 1", n.Load())
	}
	if r1.Header.Get("X-Cache") != "MISS" || r2.Header.Get("X-Cache") != "HIT" {
		t.Fatalf("X-Cache %q then %q", r1.Header.Get("X-Cache"), r2.Header.Get("X-Cache"))
	}
	if b1, b2 := body(t, r1), body(t, r2); b1 != b2 || b1 != "<p>page /a </p>" {
		t.Fatalf("bodies %q %q", b1, b2)
	}
	// A declared parameter is part of the key; the handler sees it and nothing else.
	if b := body(t, get(t, h, "/a?utm=x&page=2&r=1", nil)); b != "<p>page /a page=2</p>" {
		t.Fatalf("page 2 rendered as %q", b)
	}
	get(t, h, "/a?page=2", nil)
	get(t, h, "/a?r=2", nil)
	if n.Load() != 2 || c.Len() != 2 {
		t.Fatalf("%d renders and %d entries for /a and /a?page=2, want 2 and 2", n.Load(), c.Len())
	}
}

// A value a declared parameter never has is redirected to the page without it, rendering
// nothing and storing nothing.
func TestInvalidParameterRedirects(t *testing.T) {
	next, n := counting(200, "")
	c := pagecache.New(1<<20, time.Minute)
	h := c.Wrap(next, pageParam, pagecache.Param{Name: "order", Valid: pagecache.OneOf("oldest")})
	for path, want := range map[string]string{
		"/a?page=x":               "/a",
		"/a?page=0":               "/a",
		"/a?page=2&order=sideway": "/a?page=2",
		"/a?order=oldest&page=-1": "/a?order=oldest",
		"//evil.example?page=x":   "/evil.example",
	} {
		r := get(t, h, path, nil)
		if r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want 301 to %q", path, r.StatusCode, r.Header.Get("Location"), want)
		}
	}
	if n.Load() != 0 || c.Len() != 0 {
		t.Fatalf("%d renders, %d entries", n.Load(), c.Len())
	}
}

// TestDistinctQueriesShareOneEntry is the cache-busting attack: 20,000 requests with random
// query strings make one entry and one render, and many distinct pages stay within the bytes
// the cache was given.
func TestDistinctQueriesShareOneEntry(t *testing.T) {
	next, n := counting(200, "")
	c := pagecache.New(1<<20, time.Minute)
	h := c.Wrap(next, pageParam)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 20_000 {
		q := fmt.Sprintf("r%d=%x&%s=%d", i, rnd.Uint64(), strings.Repeat("x", rnd.IntN(500)), rnd.IntN(1000))
		if r := get(t, h, "/article?"+q, nil); r.StatusCode != 200 {
			t.Fatalf("%s: %d", q, r.StatusCode)
		}
	}
	if n.Load() != 1 || c.Len() != 1 {
		t.Fatalf("%d renders and %d entries for one page, want 1 and 1", n.Load(), c.Len())
	}
	one := c.Bytes()

	// Distinct pages (valid page numbers): the cache keeps what fits in its bytes.
	const limit = 256 << 10
	c = pagecache.New(limit, time.Minute)
	h = c.Wrap(next, pageParam)
	const pages = 2_000 // each compressed twice: enough to go round the cache several times
	for i := range pages {
		get(t, h, fmt.Sprintf("/list?page=%d", i+1), nil)
	}
	st := c.Stats()
	if st.Bytes > limit || st.Pages > int(limit/one)+1 || st.Pages < int(limit/one)/2 {
		t.Fatalf("%d pages in %d bytes (one page %d bytes), limit %d", st.Pages, st.Bytes, one, limit)
	}
	if st.Evictions != int64(pages-st.Pages) {
		t.Fatalf("%d evictions for %d pages kept of %d", st.Evictions, st.Pages, pages)
	}
}

// The least recently used page goes first.
func TestEvictsLeastRecentlyUsed(t *testing.T) {
	renders := map[string]int{}
	h0 := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders[r.URL.Path]++
		w.Write(bytes.Repeat([]byte(r.URL.Path), 100))
	})
	probe := pagecache.New(1<<20, time.Minute)
	get(t, probe.Wrap(h0), "/z", nil)
	size := probe.Bytes()
	// Room for four pages of the same size.
	c := pagecache.New(4*size+size/2, time.Minute)
	h := c.Wrap(h0)
	for _, p := range []string{"/a", "/b", "/c", "/d", "/a", "/e", "/a", "/c"} {
		get(t, h, p, nil)
	}
	// /a was used after /b, so /b went when /e came; the others stayed.
	for p, n := range map[string]int{"/a": 1, "/b": 1, "/c": 1, "/d": 1, "/e": 1} {
		if renders[p] != n {
			t.Errorf("%s rendered %d times, want %d (all: %v)", p, renders[p], n, renders)
		}
	}
	get(t, h, "/b", nil)
	if renders["/b"] != 2 || c.Len() != 4 {
		t.Errorf("/b was not the page evicted: %v, %d pages", renders, c.Len())
	}
}

// TestConcurrentMissesRenderOnce: many readers asking at once for a page not in the cache
// wait for one render.
func TestConcurrentMissesRenderOnce(t *testing.T) {
	release := make(chan struct{})
	var n atomic.Int64
	c := pagecache.New(1<<20, time.Minute)
	h := c.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		<-release
		io.WriteString(w, "the page")
	}))
	const readers = 8
	var wg sync.WaitGroup
	bodies := make([]string, readers)
	for i := range readers {
		wg.Go(func() { bodies[i] = body(t, get(t, h, "/a", nil)) })
	}
	// Every reader has asked (and found nothing) before the one render may finish.
	for c.Stats().Misses < readers {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // the last to miss reaches the wait
	close(release)
	wg.Wait()
	if n.Load() != 1 {
		t.Fatalf("%d renders for %d concurrent readers, want 1", n.Load(), readers)
	}
	for i, b := range bodies {
		if b != "the page" {
			t.Fatalf("reader %d got %q", i, b)
		}
	}
}

// TestStaleWhileRevalidate: once a page's time is up, one request renders it again while the
// others are served the old page at once.
func TestStaleWhileRevalidate(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	var version atomic.Int64
	entered, release := make(chan struct{}), make(chan struct{})
	c := pagecache.New(1<<20, time.Minute).WithClock(clock.Now)
	h := c.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := version.Add(1)
		if v == 2 {
			entered <- struct{}{}
			<-release
		}
		fmt.Fprintf(w, "version %d", v)
	}))
	get(t, h, "/a", nil)
	clock.Advance(61 * time.Second)
	renewed := make(chan *http.Response)
	go func() { renewed <- get(t, h, "/a", nil) }()
	<-entered
	r := get(t, h, "/a", nil)
	if r.Header.Get("X-Cache") != "STALE" || body(t, r) != "version 1" {
		t.Fatalf("during the re-render: %s %q, want the stale page", r.Header.Get("X-Cache"), body(t, r))
	}
	close(release)
	if r := <-renewed; body(t, r) != "version 2" || r.Header.Get("X-Cache") != "MISS" {
		t.Fatalf("the re-rendering request got %q", body(t, r))
	}
	if r := get(t, h, "/a", nil); body(t, r) != "version 2" || r.Header.Get("X-Cache") != "HIT" {
		t.Fatalf("after the re-render: %s %q", r.Header.Get("X-Cache"), body(t, r))
	}
	// Long past its time, a page is rendered before it is served.
	clock.Advance(time.Hour)
	if r := get(t, h, "/a", nil); body(t, r) != "version 3" {
		t.Fatalf("an hour-old page was served: %q", body(t, r))
	}
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "s-maxage=60") || !strings.Contains(cc, "stale-while-revalidate=300") {
		t.Fatalf("Cache-Control %q", cc)
	}
}

func TestConditionalRequests(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	next, _ := counting(200, "")
	h := pagecache.New(1<<20, time.Minute).WithClock(clock.Now).Wrap(next)
	var etags []string
	for _, ae := range []string{"", "gzip", "br"} {
		r := get(t, h, "/a", map[string]string{"Accept-Encoding": ae})
		etags = append(etags, r.Header.Get("ETag"))
		if r.Header.Get("Last-Modified") != "Mon, 07 Dec 2026 00:00:00 GMT" {
			t.Fatalf("Last-Modified %q", r.Header.Get("Last-Modified"))
		}
	}
	if etags[0] == "" || etags[0] == etags[1] || etags[1] == etags[2] {
		t.Fatalf("entity tags %q: each encoding needs its own", etags)
	}
	for _, tc := range []struct {
		hdr  map[string]string
		want int
	}{
		{map[string]string{"If-None-Match": etags[0]}, 304},
		{map[string]string{"If-None-Match": `"other", ` + etags[2], "Accept-Encoding": "br"}, 304},
		{map[string]string{"If-None-Match": "W/" + etags[1], "Accept-Encoding": "gzip"}, 304},
		{map[string]string{"If-None-Match": `"other"`}, 200},
		{map[string]string{"If-Modified-Since": "Mon, 07 Dec 2026 00:00:00 GMT"}, 304},
		{map[string]string{"If-Modified-Since": "Mon, 07 Dec 2026 01:00:00 GMT"}, 304},
		{map[string]string{"If-Modified-Since": "Sun, 06 Dec 2026 23:59:59 GMT"}, 200},
		// If-None-Match wins over If-Modified-Since.
		{map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": "Mon, 07 Dec 2026 01:00:00 GMT"}, 200},
	} {
		r := get(t, h, "/a", tc.hdr)
		if r.StatusCode != tc.want {
			t.Errorf("%v: %d, want %d", tc.hdr, r.StatusCode, tc.want)
		}
		if r.StatusCode == 304 && (r.Header.Get("ETag") == "" || body(t, r) != "") {
			t.Errorf("%v: a 304 without its ETag or with a body", tc.hdr)
		}
	}
}

// Every encoding decodes to the same page; brotli is preferred, q=0 refuses an encoding.
func TestEncodingsDecodeToTheSamePage(t *testing.T) {
	page := strings.Repeat("<p>বাতৰি, news and more news.</p>\n", 300)
	h := pagecache.New(1<<20, time.Minute).Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	}))
	for _, tc := range []struct{ ae, want string }{
		{"", ""}, {"gzip", "gzip"}, {"gzip, deflate, br, zstd", "br"}, {"br;q=0, gzip", "gzip"},
		{"gzip;q=0", ""}, {"identity", ""}, {"br", "br"},
	} {
		r := get(t, h, "/a", map[string]string{"Accept-Encoding": tc.ae})
		if got := r.Header.Get("Content-Encoding"); got != tc.want {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q, want %q", tc.ae, got, tc.want)
		}
		if !strings.Contains(r.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("Accept-Encoding %q: Vary %q", tc.ae, r.Header.Get("Vary"))
		}
		raw := body(t, r)
		if r.Header.Get("Content-Length") != fmt.Sprint(len(raw)) {
			t.Errorf("Content-Length %s for %d bytes", r.Header.Get("Content-Length"), len(raw))
		}
		var dec io.Reader = strings.NewReader(raw)
		switch tc.want {
		case "gzip":
			zr, err := gzip.NewReader(dec)
			if err != nil {
				t.Fatal(err)
			}
			dec = zr
		case "br":
			dec = brotli.NewReader(dec)
		}
		got, err := io.ReadAll(dec)
		if err != nil || string(got) != page {
			t.Errorf("Accept-Encoding %q: decoded %d bytes (%v), want the %d-byte page", tc.ae, len(got), err, len(page))
		}
		if tc.want != "" && len(raw) >= len(page)/4 {
			t.Errorf("%s body %d bytes for a %d-byte page", tc.want, len(raw), len(page))
		}
	}
	// Without an ETag, the date decides: the stored copy's own date or later is not modified.
	lm := get(t, h, "/a", nil).Header.Get("Last-Modified")
	if r := get(t, h, "/a", map[string]string{"If-Modified-Since": lm}); r.StatusCode != http.StatusNotModified {
		t.Fatalf("If-Modified-Since gave %d", r.StatusCode)
	}
	if r := get(t, h, "/a", map[string]string{"If-Modified-Since": "Mon, 02 Jan 2006 15:04:05 GMT"}); r.StatusCode != 200 {
		t.Fatalf("an old If-Modified-Since gave %d", r.StatusCode)
	}
	if r := get(t, h, "/a", map[string]string{"If-None-Match": `"other"`, "If-Modified-Since": lm}); r.StatusCode != 200 {
		t.Fatalf("a stale ETag with a fresh date gave %d; the ETag must win", r.StatusCode)
	}
}

func TestPurgeAndExpiry(t *testing.T) {
	clock := testkit.NewClock(time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC))
	next, n := counting(200, "")
	c := pagecache.New(1<<20, time.Minute).WithClock(clock.Now)
	h := c.Wrap(next)
	get(t, h, "/a", nil)
	c.Purge()
	get(t, h, "/a", nil)
	if n.Load() != 2 {
		t.Fatalf("purge did not drop the page: %d renders", n.Load())
	}
	clock.Advance(61 * time.Second)
	get(t, h, "/a", nil)
	if n.Load() != 3 {
		t.Fatalf("expired page served: %d renders", n.Load())
	}
}

func TestDoesNotCacheErrorsOrPrivatePages(t *testing.T) {
	for name, tc := range map[string]struct {
		status int
		cc     string
	}{"404": {404, ""}, "500": {500, ""}, "no-store": {200, "no-store"}, "private": {200, "private"}} {
		next, n := counting(tc.status, tc.cc)
		h := pagecache.New(1<<20, time.Minute).Wrap(next)
		r1 := get(t, h, "/x", nil)
		get(t, h, "/x", nil)
		if n.Load() != 2 {
			t.Errorf("%s: cached", name)
		}
		if r1.StatusCode != tc.status {
			t.Errorf("%s: status %d", name, r1.StatusCode)
		}
	}
}

// With no bytes to keep pages in, every request is rendered.
func TestZeroSizeCachesNothing(t *testing.T) {
	next, n := counting(200, "")
	h := pagecache.New(0, time.Minute).Wrap(next)
	get(t, h, "/a", nil)
	get(t, h, "/a", nil)
	if n.Load() != 2 {
		t.Fatalf("%d renders, want 2", n.Load())
	}
}

// TestKeyIgnoresHost: pages never depend on the Host header, so requests naming many hosts
// share one entry instead of filling the cache.
func TestKeyIgnoresHost(t *testing.T) {
	next, n := counting(200, "")
	c := pagecache.New(1<<20, time.Minute)
	h := c.Wrap(next)
	for _, host := range []string{"news.example.org", "evil.example", "a.evil.example:8080"} {
		req := httptest.NewRequest("GET", "/a", nil)
		req.Host = host
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
	if n.Load() != 1 || c.Len() != 1 {
		t.Fatalf("handler ran %d times and the cache holds %d entries for one path under three hosts, want 1 and 1", n.Load(), c.Len())
	}
}

// BenchmarkHit is a cached page's cost in the cache itself, with gzip.
func BenchmarkHit(b *testing.B) {
	page := strings.Repeat("<p>বাতৰি, news and more news.</p>\n", 1500)
	h := pagecache.New(1<<20, time.Minute).Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, page)
	}))
	req := httptest.NewRequest("GET", "/a?utm_source=x", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br")
	w := &discard{h: http.Header{}}
	h.ServeHTTP(w, req)
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(int)             {}
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }

// Front answers a fresh page stored under the bare path without calling the router, naming
// the route that stored it; anything else reaches the router.
func TestFrontAnswersFreshHitsBeforeRouting(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	c := pagecache.New(1<<20, time.Minute).WithClock(func() time.Time { return now })
	h, renders := counting(http.StatusOK, "")
	mux := http.NewServeMux()
	mux.Handle("GET /news/{id}", c.Wrap(h, pagecache.Param{Name: "page", Valid: pagecache.Number}))
	mux.HandleFunc("POST /news/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusSeeOther) })
	var routed atomic.Int64
	var pattern string
	front := c.Front(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		routed.Add(1)
		mux.ServeHTTP(w, r)
	}))
	serve := func(method, target string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, target, nil)
		rec := httptest.NewRecorder()
		front.ServeHTTP(rec, req)
		pattern = req.Pattern
		return rec
	}
	if rec := serve("GET", "/news/1"); rec.Header().Get("X-Cache") != "MISS" || routed.Load() != 1 {
		t.Fatalf("first request: X-Cache %q, routed %d times", rec.Header().Get("X-Cache"), routed.Load())
	}
	rec := serve("GET", "/news/1")
	if rec.Header().Get("X-Cache") != "HIT" || routed.Load() != 1 || renders.Load() != 1 || !strings.Contains(rec.Body.String(), "page /news/1") {
		t.Fatalf("second request: X-Cache %q, routed %d times, rendered %d times, body %q", rec.Header().Get("X-Cache"), routed.Load(), renders.Load(), rec.Body.String())
	}
	if pattern != "GET /news/{id}" {
		t.Errorf("a front hit's pattern = %q, want the storing route's", pattern)
	}
	for _, r := range []struct{ method, target string }{{"GET", "/news/1?page=2"}, {"POST", "/news/1"}, {"GET", "/news/2"}} {
		before := routed.Load()
		serve(r.method, r.target)
		if routed.Load() != before+1 {
			t.Errorf("%s %s did not reach the router", r.method, r.target)
		}
	}
	now = now.Add(2 * time.Minute) // expired: the router's cache serves it stale and renders it
	before := routed.Load()
	serve("GET", "/news/1")
	if routed.Load() != before+1 {
		t.Error("an expired page was answered in front of the router")
	}
}
