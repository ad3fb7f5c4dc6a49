package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/testkit"
)

// TestPushEndpoints: the reader's push endpoints answer bad input with a JSON error a
// script can show, the service worker is served at the root with a script type and no
// long caching, and the prompt is on every reader page, hidden until the script shows it.
func TestPushEndpoints(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			cfg.Migrate = true
			cfg.PushHTTPEndpoints = true
			a, err := app.New(context.Background(), cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			svc := testkit.StartPushService(t)
			do := func(method, path, body string) *httptest.ResponseRecorder {
				req := httptest.NewRequest(method, path, strings.NewReader(body))
				if body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				rec := httptest.NewRecorder()
				a.Handler().ServeHTTP(rec, req)
				return rec
			}
			s := svc.Subscribe()
			good := `{"endpoint":"` + s.Endpoint + `","keys":{"p256dh":"` + s.P256dh + `","auth":"` + s.Auth + `"},"langs":["en","as"],"sections":[]}`
			for _, c := range []struct {
				name, path, body string
				status           int
			}{
				{"not JSON", "/push/subscription", "endpoint=x", http.StatusBadRequest},
				{"unknown language", "/push/subscription", `{"endpoint":"` + s.Endpoint + `","keys":{"p256dh":"` + s.P256dh + `","auth":"` + s.Auth + `"},"langs":["fr"]}`, http.StatusBadRequest},
				{"unknown section", "/push/subscription", `{"endpoint":"` + s.Endpoint + `","keys":{"p256dh":"` + s.P256dh + `","auth":"` + s.Auth + `"},"langs":["en"],"sections":["nowhere"]}`, http.StatusBadRequest},
				{"bad key", "/push/subscription", `{"endpoint":"` + s.Endpoint + `","keys":{"p256dh":"AAAA","auth":"` + s.Auth + `"},"langs":["en"]}`, http.StatusUnprocessableEntity},
				{"no language", "/push/subscription", `{"endpoint":"` + s.Endpoint + `","keys":{"p256dh":"` + s.P256dh + `","auth":"` + s.Auth + `"},"langs":[]}`, http.StatusUnprocessableEntity},
				{"subscribe", "/push/subscription", good, http.StatusCreated},
				{"subscribe again", "/push/subscription", good, http.StatusCreated},
				{"unsubscribe", "/push/unsubscribe", `{"endpoint":"` + s.Endpoint + `"}`, http.StatusOK},
				{"unsubscribe again", "/push/unsubscribe", `{"endpoint":"` + s.Endpoint + `"}`, http.StatusNotFound},
				{"unsubscribe nothing", "/push/unsubscribe", `{}`, http.StatusBadRequest},
			} {
				rec := do("POST", c.path, c.body)
				if rec.Code != c.status {
					t.Errorf("%s: %d %s, want %d", c.name, rec.Code, rec.Body, c.status)
					continue
				}
				var answer map[string]any
				if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
					t.Errorf("%s: answer %q is not JSON", c.name, rec.Body)
				} else if msg, _ := answer["error"].(string); c.status >= 400 && msg == "" {
					t.Errorf("%s: no error message in %s", c.name, rec.Body)
				}
			}

			// One client subscribing over and over is stopped.
			limited := 0
			for range 25 {
				if rec := do("POST", "/push/subscription", good); rec.Code == http.StatusTooManyRequests {
					limited++
				}
			}
			if limited == 0 {
				t.Error("25 more subscriptions from one client within the hour were all taken")
			}

			rec := do("GET", "/sw.js", "")
			if rec.Code != http.StatusOK || !strings.Contains(rec.Header().Get("Content-Type"), "javascript") ||
				rec.Header().Get("Cache-Control") != "no-cache" || !strings.Contains(rec.Body.String(), "showNotification") {
				t.Errorf("/sw.js: %d, %q, %q", rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("Cache-Control"))
			}
			key, err := a.Push.Keys(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if rec := do("GET", "/push/key", ""); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), key.Public) {
				t.Errorf("/push/key: %d %s", rec.Code, rec.Body)
			}
			for _, p := range []string{"/", "/as/"} {
				body := do("GET", p, "").Body.String()
				if !strings.Contains(body, `data-push hidden`) || !strings.Contains(body, `name="lang" value="en"`) {
					t.Errorf("%s has no hidden push prompt", p)
				}
			}
		})
	}
}
