package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/testkit"
)

// TestInvalidBytesRefusedAlikeOnBothDatabases sends the addresses and forms that answered 500
// on PostgreSQL (invalid UTF-8, NUL): both databases refuse them the same way, before any
// query, and nothing is logged as an error.
func TestInvalidBytesRefusedAlikeOnBothDatabases(t *testing.T) {
	cases := []struct {
		method, url, contentType, body string
		want                           int
	}{
		{"GET", "/section/%ff", "", "", 404},
		{"GET", "/tag/%00", "", "", 404},
		{"GET", "/author/%c0%af", "", "", 404},
		{"GET", "/as/section/%ff", "", "", 404},
		{"GET", "/news/1/%ff", "", "", 404},
		{"GET", "/enquiry/sent?key=%00", "", "", 400},
		{"GET", "/search?q=%ff%fe", "", "", 400},
		{"GET", "/section/news?page=%00", "", "", 400},
		{"POST", "/newsroom/login", "application/x-www-form-urlencoded", "email=%00&password=x", 400},
		{"POST", "/newsroom/login", "application/x-www-form-urlencoded", "email=a%ff%40b.org&password=x", 400},
		{"POST", "/newsroom/register", "application/x-www-form-urlencoded", "name=%00", 400},
		{"POST", "/newsroom/stories/1/edition/en/autosave", "application/json", `{"headline":"a\u0000b"}`, 400},
	}
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			cfg.Migrate = true
			var logs testkit.LogBuffer
			a, err := app.New(context.Background(), cfg, logs.Logger(slog.LevelInfo))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			srv := httptest.NewServer(a.Handler())
			defer srv.Close()
			for _, c := range cases {
				req, err := http.NewRequest(c.method, srv.URL+c.url, strings.NewReader(c.body))
				if err != nil {
					t.Fatal(err)
				}
				if c.contentType != "" {
					req.Header.Set("Content-Type", c.contentType)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != c.want {
					t.Errorf("%s %s = %d, want %d", c.method, c.url, resp.StatusCode, c.want)
				}
				if !strings.Contains(string(body), "<html") && !strings.Contains(string(body), `"error"`) {
					t.Errorf("%s %s: no page and no JSON error: %.200q", c.method, c.url, body)
				}
			}
			if strings.Contains(logs.String(), "level=ERROR") {
				t.Errorf("error logged:\n%s", logs.String())
			}
		})
	}
}
