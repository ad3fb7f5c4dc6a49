package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/batori-news/batori/internal/web"
)

func TestParseOrigin(t *testing.T) {
	good := map[string]string{
		"https://News.Example.org/":       "https://news.example.org",
		"http://127.0.0.1:8080":           "http://127.0.0.1:8080",
		" https://news.example.org:8443 ": "https://news.example.org:8443",
	}
	for in, want := range good {
		if got, err := web.ParseOrigin(in); err != nil || got != want {
			t.Errorf("ParseOrigin(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "news.example.org", "ftp://news.example.org", "https://news.example.org/news",
		"https://user:pw@news.example.org", "https://news.example.org?x=1", "https://news.example.org#top", "javascript:alert(1)"} {
		if _, err := web.ParseOrigin(in); !errors.Is(err, web.ErrBadOrigin) {
			t.Errorf("ParseOrigin(%q) = %v, want ErrBadOrigin", in, err)
		}
	}
}

// TestOriginFallbackGivesWayToStored: a provisional origin is used for links but does not
// redirect, and one stored by another node replaces it.
func TestOriginFallbackGivesWayToStored(t *testing.T) {
	stored := ""
	o := web.NewOrigin(func(context.Context) (string, error) { return stored, nil }, nil)
	o.Fallback("http://127.0.0.1:8080")
	ctx := context.Background()
	if o.Get(ctx) != "http://127.0.0.1:8080" || o.Settled(ctx) != "" {
		t.Fatalf("fallback: Get %q, Settled %q", o.Get(ctx), o.Settled(ctx))
	}
	h := web.CanonicalHost(o, func(w http.ResponseWriter, _ *http.Request, err error) { http.Error(w, err.Error(), 403) })(
		http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
	req := httptest.NewRequest("GET", "/", nil)
	req.Host = "news.example.org"
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 204 {
		t.Fatalf("a provisional origin redirected: %d", rec.Code)
	}
	// A fresh origin loads at once; the throttle only spaces later loads.
	stored = "https://news.example.org"
	o2 := web.NewOrigin(func(context.Context) (string, error) { return stored, nil }, nil)
	o2.Fallback("http://127.0.0.1:8080")
	if got := o2.Settled(ctx); got != stored {
		t.Fatalf("stored origin not preferred to the fallback: %q", got)
	}
	req.Host = "evil.example"
	rec = httptest.NewRecorder()
	web.CanonicalHost(o2, nil)(nil).ServeHTTP(rec, req)
	if rec.Code != http.StatusPermanentRedirect || rec.Header().Get("Location") != "https://news.example.org/" {
		t.Fatalf("foreign host: %d to %q", rec.Code, rec.Header().Get("Location"))
	}
}
