package pagecache_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/pagecache"
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
		io.WriteString(w, "<p>page "+r.URL.Path+"</p>")
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

func TestServesSecondRequestFromCache(t *testing.T) {
	next, n := counting(200, "")
	c := pagecache.New(100, time.Minute)
	h := c.Wrap(next)
	r1 := get(t, h, "/a", nil)
	r2 := get(t, h, "/a", nil)
	if n.Load() != 1 {
		t.Fatalf("handler ran %d times, want 1", n.Load())
	}
	if r1.Header.Get("X-Cache") != "MISS" || r2.Header.Get("X-Cache") != "HIT" {
		t.Fatalf("X-Cache %q then %q", r1.Header.Get("X-Cache"), r2.Header.Get("X-Cache"))
	}
	b1, _ := io.ReadAll(r1.Body)
	b2, _ := io.ReadAll(r2.Body)
	if !bytes.Equal(b1, b2) || string(b1) != "<p>page /a</p>" {
		t.Fatalf("bodies %q %q", b1, b2)
	}
	get(t, h, "/a?page=2", nil)
	if n.Load() != 2 {
		t.Fatal("query string must be part of the key")
	}
}

func TestConditionalAndGzip(t *testing.T) {
	next, _ := counting(200, "")
	h := pagecache.New(100, time.Minute).Wrap(next)
	r := get(t, h, "/a", map[string]string{"Accept-Encoding": "gzip"})
	if r.Header.Get("Content-Encoding") != "gzip" {
		t.Fatal("gzip not used")
	}
	zr, err := gzip.NewReader(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(zr); string(b) != "<p>page /a</p>" {
		t.Fatalf("gunzipped %q", b)
	}
	etag := r.Header.Get("ETag")
	if etag == "" || r.Header.Get("Last-Modified") == "" {
		t.Fatal("no validators")
	}
	if r := get(t, h, "/a", map[string]string{"If-None-Match": etag}); r.StatusCode != http.StatusNotModified {
		t.Fatalf("If-None-Match gave %d", r.StatusCode)
	}
	if r := get(t, h, "/a", map[string]string{"If-None-Match": `"other"`}); r.StatusCode != 200 {
		t.Fatalf("stale etag gave %d", r.StatusCode)
	}
	// Without an ETag, the date decides: the stored copy's own date or later is not modified.
	lm := r.Header.Get("Last-Modified")
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
	next, n := counting(200, "")
	c := pagecache.New(100, 50*time.Millisecond)
	h := c.Wrap(next)
	get(t, h, "/a", nil)
	c.Purge()
	get(t, h, "/a", nil)
	if n.Load() != 2 {
		t.Fatalf("purge did not drop the page: %d renders", n.Load())
	}
	time.Sleep(60 * time.Millisecond)
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
		h := pagecache.New(100, time.Minute).Wrap(next)
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

func TestBoundedSize(t *testing.T) {
	next, _ := counting(200, "")
	c := pagecache.New(10, time.Minute)
	h := c.Wrap(next)
	for i := 0; i < 50; i++ {
		get(t, h, "/p"+string(rune('a'+i%26))+string(rune('a'+i/26)), nil)
	}
	if c.Len() > 10 {
		t.Fatalf("cache holds %d pages, limit 10", c.Len())
	}
}

// TestKeyIgnoresHost: pages never depend on the Host header, so requests naming many hosts
// share one entry instead of filling the cache.
func TestKeyIgnoresHost(t *testing.T) {
	next, n := counting(200, "")
	c := pagecache.New(100, time.Minute)
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
