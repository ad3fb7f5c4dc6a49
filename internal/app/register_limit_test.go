package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/newsroom"
)

// TestRegistrationLimitedAcrossNodes runs two nodes on one database: the registrations one
// client makes count on both, so a flood spread over the nodes is stopped as on one node.
func TestRegistrationLimitedAcrossNodes(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			cfg.Migrate = true
			cfg.SMTPTLS, cfg.SMTPPort, cfg.SMTPFrom = "none", 25, "Batori <newsroom@example.org>"
			var urls []string
			var first *app.App
			for range 2 {
				a, err := app.New(context.Background(), cfg, quiet)
				if err != nil {
					t.Fatal(err)
				}
				srv := httptest.NewServer(a.Handler())
				t.Cleanup(func() {
					srv.Close()
					a.Close()
				})
				urls = append(urls, srv.URL)
				if first == nil {
					first = a
				}
			}
			hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			register := func(node, n int, trap string) *http.Response {
				t.Helper()
				form := url.Values{
					"name": {fmt.Sprintf("Reporter %d", n)}, "email": {fmt.Sprintf("reporter%d@example.org", n)},
					"phone": {"+91 98640 12345"}, "district": {"Jorhat"}, "languages": {"en"},
					"bio": {"Covers tea gardens."}, "password": {"correct horse battery staple 42"}, "website": {trap},
				}
				// A form shown a minute ago to this client, as a person fills it in.
				tok, err := first.Guard.TokenFor(context.Background(), newsroom.RegisterFormName, "127.0.0.1", time.Now().Add(-time.Minute))
				if err != nil {
					t.Fatal(err)
				}
				form.Set("form_token", tok)
				resp, err := hc.PostForm(urls[node]+"/newsroom/register", form)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp
			}
			// Five attempts from one client, alternating nodes; a robot's (honeypot filled) counts too.
			for n := range 5 {
				trap := ""
				if n == 4 {
					trap = "http://spam.example"
				}
				resp := register(n%2, n, trap)
				if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/newsroom/register/sent") {
					t.Fatalf("registration %d on node %d: %d %s", n+1, n%2, resp.StatusCode, resp.Header.Get("Location"))
				}
			}
			for node := range 2 {
				if resp := register(node, 10+node, ""); resp.StatusCode != http.StatusTooManyRequests {
					t.Errorf("sixth registration on node %d: %d, want 429", node, resp.StatusCode)
				}
			}
		})
	}
}
