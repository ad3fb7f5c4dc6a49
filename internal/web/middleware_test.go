package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/web"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func TestRecoverTurnsPanicIntoErrorPage(t *testing.T) {
	h := web.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }),
		web.Recover(quiet, func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(500)
			io.WriteString(w, "sorry page")
		}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || rec.Body.String() != "sorry page" {
		t.Fatalf("got %d %q", rec.Code, rec.Body.String())
	}
}

func TestLimitBodyRefusesLargeBodies(t *testing.T) {
	var readErr error
	h := web.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
	}), web.LimitBody(1024, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(413) }))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 2048))))
	if rec.Code != 413 {
		t.Fatalf("declared large body: %d", rec.Code)
	}
	// A body whose length is not declared is cut off while being read.
	req := httptest.NewRequest("POST", "/", io.NopCloser(strings.NewReader(strings.Repeat("x", 2048))))
	req.ContentLength = -1
	h.ServeHTTP(httptest.NewRecorder(), req)
	var mbe *http.MaxBytesError
	if readErr == nil || !errorsAs(readErr, &mbe) {
		t.Fatalf("undeclared large body read without error: %v", readErr)
	}
}

func TestSecurityHeaders(t *testing.T) {
	h := web.SecurityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	for k, want := range map[string]string{
		"Content-Security-Policy": "script-src 'self'", "X-Content-Type-Options": "nosniff",
		"X-Frame-Options": "DENY", "Referrer-Policy": "strict-origin",
	} {
		if !strings.Contains(rec.Header().Get(k), want) {
			t.Errorf("%s = %q", k, rec.Header().Get(k))
		}
	}
}
