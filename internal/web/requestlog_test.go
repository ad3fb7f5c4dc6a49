package web_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/web"
)

// Request lines reach the log by Close at the latest; a server error is written before its
// response is done; query strings never are.
func TestRequestLog(t *testing.T) {
	var buf testkit.LogBuffer
	rl := web.NewRequestLog(buf.Logger(slog.LevelInfo))
	h := rl.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/boom" {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.Write([]byte("hello"))
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/boom?token=secret", nil))
	if !strings.Contains(buf.String(), "level=ERROR msg=request method=GET path=/boom status=500") {
		t.Fatalf("server error not logged at once: %q", buf.String())
	}
	for range 3 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/a?token=secret", nil))
	}
	rl.Close()
	out := buf.String()
	if strings.Count(out, "path=/a status=200 bytes=5") != 3 || strings.Contains(out, "secret") {
		t.Fatalf("log after Close:\n%s", out)
	}
	// After Close, lines are written at once.
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/late", nil))
	if !strings.Contains(buf.String(), "path=/late") {
		t.Fatalf("a request after Close was not logged:\n%s", buf.String())
	}
}

// Under a flood successful requests are sampled and the rest counted; failures are all logged.
func TestRequestLogSamplesFloods(t *testing.T) {
	var buf testkit.LogBuffer
	rl := web.NewRequestLog(buf.Logger(slog.LevelInfo))
	h := rl.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing" {
			http.NotFound(w, r)
		}
	}))
	for range 2000 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/ok", nil))
	}
	for range 5 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/missing", nil))
	}
	rl.Close()
	out := buf.String()
	// The flood may straddle a second: two seconds' worth at most.
	if n := strings.Count(out, "path=/ok status=200"); n == 0 || n > 400 {
		t.Errorf("%d of 2000 successful requests logged, want a sample of at most 400", n)
	}
	if n := strings.Count(out, "path=/missing status=404"); n != 5 {
		t.Errorf("%d of 5 failed requests logged, want all", n)
	}
	if !strings.Contains(out, "successful requests not logged") {
		t.Errorf("no count of the requests left out:\n%s", out)
	}
}

func BenchmarkRequestLog(b *testing.B) {
	rl := web.NewRequestLog(quiet)
	defer rl.Close()
	h := rl.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	req := httptest.NewRequest("GET", "/a", nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}

// A LogWriter keeps lines until Flush or Close, then writes them in one call.
func TestLogWriter(t *testing.T) {
	var out writes
	lw := web.NewLogWriter(&out)
	lw.Write([]byte("one\n"))
	lw.Write([]byte("two\n"))
	if lw.Flush(); out.calls != 1 || out.buf.String() != "one\ntwo\n" {
		t.Fatalf("after Flush: %d writes of %q", out.calls, out.buf.String())
	}
	lw.Write([]byte("three\n"))
	lw.Close()
	lw.Write([]byte("four\n"))
	if out.calls != 3 || out.buf.String() != "one\ntwo\nthree\nfour\n" {
		t.Fatalf("after Close: %d writes of %q", out.calls, out.buf.String())
	}
}

type writes struct {
	buf   strings.Builder
	calls int
}

func (w *writes) Write(p []byte) (int, error) {
	w.calls++
	return w.buf.Write(p)
}
