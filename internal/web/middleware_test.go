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

// pages is an error renderer whose page says the status in words.
var pages = &web.ErrorRenderer{
	Log:     quiet,
	Message: func(r *http.Request, p web.Problem) string { return "msg " + http.StatusText(p.Status) },
	Page: func(w http.ResponseWriter, r *http.Request, p web.Problem) {
		w.WriteHeader(p.Status)
		io.WriteString(w, "<p>sorry page "+http.StatusText(p.Status)+"</p>")
	},
	JSONRoute: func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") },
}

func TestRecoverTurnsPanicIntoErrorPage(t *testing.T) {
	h := web.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") }),
		web.Recover(quiet, pages.Render))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || rec.Body.String() != "<p>sorry page Internal Server Error</p>" {
		t.Fatalf("page: got %d %q", rec.Code, rec.Body.String())
	}
	// A script's call (by route or by header) gets JSON.
	for _, req := range []*http.Request{httptest.NewRequest("POST", "/api/save", nil), jsonCall("POST", "/save", nil)} {
		rec = httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 500 || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" ||
			strings.TrimSpace(rec.Body.String()) != `{"error":"msg Internal Server Error"}` {
			t.Fatalf("%s: got %d %s %q", req.URL.Path, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
}

func jsonCall(method, path string, body io.Reader) *http.Request {
	r := httptest.NewRequest(method, path, body)
	r.Header.Set("Accept", "application/json")
	return r
}

func TestLimitBodyRefusesLargeBodies(t *testing.T) {
	var readErr error
	h := web.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, readErr = io.ReadAll(r.Body)
	}), web.LimitBody(1024, pages.Render))

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 2048))))
	if rec.Code != 413 || !strings.Contains(rec.Body.String(), "sorry page") {
		t.Fatalf("declared large body: %d %q", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, jsonCall("POST", "/upload", strings.NewReader(strings.Repeat("x", 2048))))
	if rec.Code != 413 || strings.TrimSpace(rec.Body.String()) != `{"error":"msg Request Entity Too Large"}` {
		t.Fatalf("declared large body from a script: %d %q", rec.Code, rec.Body.String())
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
