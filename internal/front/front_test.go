package front_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/front"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/web"
)

// site is a front over a small cached site whose handler counts what reaches it.
type site struct {
	base     string
	rendered atomic.Int64
	logs     *testkit.LogBuffer
	// contexts are the request contexts the handler saw.
	mu       sync.Mutex
	contexts []context.Context
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{logs: &testkit.LogBuffer{}}
	log := s.logs.Logger(slog.LevelInfo)
	cache := pagecache.New(1<<20, time.Minute)
	mux := http.NewServeMux()
	page := func(w http.ResponseWriter, r *http.Request) {
		s.rendered.Add(1)
		s.mu.Lock()
		s.contexts = append(s.contexts, r.Context())
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<p>"+r.URL.Path+"</p>")
	}
	mux.Handle("GET /news/{id}", cache.Wrap(http.HandlerFunc(page), pagecache.Param{Name: "page", Valid: pagecache.Number}))
	mux.HandleFunc("POST /form", func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "read %d", len(b))
	})
	requests := web.NewRequestLog(log)
	t.Cleanup(requests.Close)
	fail := func(w http.ResponseWriter, r *http.Request, err error) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			http.Error(w, "<html>too large for this site</html>", http.StatusRequestEntityTooLarge)
			return
		}
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
	handler := web.Chain(mux, requests.Middleware, web.SecurityHeaders, cache.Front, web.LimitBody(1024, fail))
	f := front.New(front.Options{
		Handler: handler, Fail: fail, Cache: cache, Headers: web.SecurityHeaderFields(),
		Origin: web.NewOrigin(nil, nil), Requests: requests, MaxBodyBytes: 1024, Log: log,
	})
	ln := testkit.Listen(t)
	done := make(chan error, 1)
	go func() { done <- f.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := f.Shutdown(ctx); err != nil {
			t.Errorf("shutdown: %v", err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Serve did not return after Shutdown")
		}
	})
	s.base = "http://" + ln.Addr().String()
	return s
}

func (s *site) get(t *testing.T, path string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

// TestHitsSpareTheHandler: a fresh page is answered by the front without the handler, with
// the security headers, logged like any request; a page with a query, a miss and a request
// with credentials reach the handler.
func TestHitsSpareTheHandler(t *testing.T) {
	s := newSite(t)
	resp, body := s.get(t, "/news/1", nil)
	if resp.StatusCode != 200 || body != "<p>/news/1</p>" || resp.Header.Get("X-Cache") != "MISS" {
		t.Fatalf("first GET = %d %q %q", resp.StatusCode, body, resp.Header.Get("X-Cache"))
	}
	for range 3 {
		resp, body = s.get(t, "/news/1", nil)
		if resp.StatusCode != 200 || body != "<p>/news/1</p>" || resp.Header.Get("X-Cache") != "HIT" {
			t.Fatalf("GET again = %d %q %q", resp.StatusCode, body, resp.Header.Get("X-Cache"))
		}
		if resp.Header.Get("Content-Security-Policy") == "" || resp.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("a hit lacks the security headers: %v", resp.Header)
		}
		if resp.Header.Get("Server") != "" || resp.Header.Get("Date") == "" {
			t.Errorf("Server %q, Date %q", resp.Header.Get("Server"), resp.Header.Get("Date"))
		}
	}
	if n := s.rendered.Load(); n != 1 {
		t.Errorf("the handler rendered %d times, want 1", n)
	}
	// The request log is written by its own goroutine.
	deadline := time.Now().Add(5 * time.Second)
	for strings.Count(s.logs.String(), "path=/news/1 status=200") < 4 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := strings.Count(s.logs.String(), "path=/news/1 status=200"); n != 4 {
		t.Errorf("%d requests for /news/1 logged, want 4:\n%s", n, s.logs.String())
	}
	// Parameters the route does not declare are no part of the page: answered here too.
	for _, path := range []string{"/news/1?x=1", "/news/1?r=2&utm_source=feed", "/news/1?page=", "/news/1?"} {
		before := s.rendered.Load()
		if resp, body := s.get(t, path, nil); resp.StatusCode != 200 || body != "<p>/news/1</p>" || resp.Header.Get("X-Cache") != "HIT" {
			t.Errorf("GET %s = %d %q %q", path, resp.StatusCode, body, resp.Header.Get("X-Cache"))
		}
		if s.rendered.Load() != before {
			t.Errorf("GET %s reached the handler", path)
		}
	}
	// A declared parameter, an escape, a new page: the full way.
	for path, want := range map[string]int{"/news/1?page=2": 1, "/news/%31": 0, "/news/2": 1, "/news/1?page=x": 0} {
		before := s.rendered.Load()
		resp, _ := s.get(t, path, nil)
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
		if n := s.rendered.Load() - before; n != int64(want) {
			t.Errorf("GET %s rendered %d times, want %d", path, n, want)
		}
	}
	before := s.rendered.Load()
	if resp, _ := s.get(t, "/news/1", http.Header{"Authorization": {"Basic eDp5"}}); resp.StatusCode != 200 || resp.Header.Get("X-Cache") == "HIT" {
		t.Errorf("a request with credentials was answered from the cache: %d %q", resp.StatusCode, resp.Header.Get("X-Cache"))
	}
	if s.rendered.Load() != before+1 {
		t.Error("a request with credentials did not reach the handler")
	}
}

// TestEachRequestItsOwnContext: the handler's request context is ended when the handler
// returns and is never another request's, as with net/http.
func TestEachRequestItsOwnContext(t *testing.T) {
	s := newSite(t)
	s.get(t, "/news/1", nil)
	s.get(t, "/news/2", nil)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.contexts) != 2 || s.contexts[0] == s.contexts[1] {
		t.Fatalf("contexts %v", s.contexts)
	}
	for i, ctx := range s.contexts {
		if ctx.Err() == nil {
			t.Errorf("request %d: its context is still live after the answer", i)
		}
	}
}

// TestLimits: a body over the limit is refused through the site's own error page, a long
// header block with 431, and a body within the limit reaches the handler whole.
func TestLimits(t *testing.T) {
	s := newSite(t)
	resp, err := http.Post(s.base+"/form", "text/plain", strings.NewReader(strings.Repeat("x", 1000)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "read 1000" {
		t.Errorf("POST of 1,000 bytes = %d %q", resp.StatusCode, body)
	}
	resp, err = http.Post(s.base+"/form", "text/plain", strings.NewReader(strings.Repeat("x", 5000)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "too large for this site") {
		t.Errorf("POST of 5,000 bytes = %d %q", resp.StatusCode, body)
	}
	if resp, _ := s.get(t, "/news/3", http.Header{"Cookie": {strings.Repeat("a", 12<<10)}}); resp.StatusCode != 200 {
		t.Errorf("a 12 kB cookie = %d", resp.StatusCode)
	}
	if resp, _ := s.get(t, "/news/3", http.Header{"Cookie": {strings.Repeat("a", 20<<10)}}); resp.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("a 20 kB cookie = %d", resp.StatusCode)
	}
	// A client that sends half a request line and stops is cut off, not held forever.
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET /news/1 HTTP/1.1\r\nHost: x\r\n")
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.ReadAll(conn); err != nil {
		t.Errorf("a stalled request was not closed within 30 s: %v", err)
	}
}

// TestRequestsOwnTheirStrings: what a handler keeps of a request (its path, method, a header)
// is not overwritten by the connection's later requests, as with net/http.
func TestRequestsOwnTheirStrings(t *testing.T) {
	var mu sync.Mutex
	var kept []string
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		kept = append(kept, r.Method+" "+r.URL.Path+" "+r.URL.RawQuery+" "+r.Header.Get("X-Note"))
		mu.Unlock()
	})
	// Kept without copying: the strings as the request carried them.
	var paths []string
	keep := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		mux.ServeHTTP(w, r)
	})
	f := front.New(front.Options{Handler: keep, Origin: web.NewOrigin(nil, nil), MaxBodyBytes: 1024})
	ln := testkit.Listen(t)
	go f.Serve(ln)
	t.Cleanup(func() { f.Shutdown(context.Background()) })
	base := "http://" + ln.Addr().String()
	var want []string
	for i := range 20 {
		path := fmt.Sprintf("/p%02d/%s", i, strings.Repeat("abcdefgh", i))
		req, _ := http.NewRequest(http.MethodGet, base+path+"?q="+strings.Repeat("z", i), nil)
		req.Header.Set("X-Note", strings.Repeat("n", 20-i))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		want = append(want, "GET "+path+" q="+strings.Repeat("z", i)+" "+strings.Repeat("n", 20-i))
	}
	mu.Lock()
	defer mu.Unlock()
	for i := range want {
		if kept[i] != want[i] || !strings.HasPrefix(want[i], "GET "+paths[i]+" ") {
			t.Errorf("request %d kept %q and path %q, want %q", i, kept[i], paths[i], want[i])
		}
	}
}
