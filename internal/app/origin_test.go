package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

const editorEmail = "editor@example.org"

// originApp builds an app from cfg with an editor account, logging into the returned buffer.
func originApp(t *testing.T, cfg config.Config) (*app.App, *testkit.LogBuffer) {
	t.Helper()
	cfg.Migrate = true
	logs := &testkit.LogBuffer{}
	a, err := app.New(context.Background(), cfg, logs.Logger(slog.LevelInfo))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.People.Create(context.Background(), people.NewUser{Email: editorEmail, Name: "Editor", Password: "tea gardens of jorhat", Role: people.Editor}); err != nil {
		t.Fatal(err)
	}
	return a, logs
}

// hostReq makes a request to base with the Host header host (the server's own when empty) and
// the headers given; the form, when not nil, is posted as a browser-less client would, with
// no Origin header.
func hostReq(t *testing.T, method, base, path, host string, form url.Values, header map[string]string) *http.Response {
	t.Helper()
	var req *http.Request
	var err error
	if form != nil {
		req, err = http.NewRequest(method, base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req, err = http.NewRequest(method, base+path, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// resetMails returns the texts of the password-reset mails in the outbox.
func resetMails(t *testing.T, a *app.App) []string {
	t.Helper()
	items, _, err := a.Outbox.List(context.Background(), mail.ListFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		if strings.Contains(it.Text, "/newsroom/password/reset?token=") {
			out = append(out, it.Text)
		}
	}
	return out
}

var forgot = url.Values{"email": {editorEmail}}

// TestForgedHostRedirectedNotCached: with a configured origin, a request for another host is
// redirected to the same path on the origin (GET, HEAD) or refused (POST), renders nothing and
// stores nothing in the page cache; pages on the origin link to it whatever the Host's case
// or port spelling.
func TestForgedHostRedirectedNotCached(t *testing.T) {
	cfg := baseConfig(t)
	cfg.BaseURL = "https://news.example.org"
	a, _ := originApp(t, cfg)
	do := func(method, target, host string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(method, target, nil)
		req.Host = host
		a.Handler().ServeHTTP(rec, req)
		return rec
	}
	for _, host := range []string{"evil.example", "evil.example:8080", "news.example.org.evil.example", "127.0.0.1:8080"} {
		for _, method := range []string{"GET", "HEAD"} {
			rec := do(method, "/as/?page=2", host)
			if rec.Code != http.StatusPermanentRedirect || rec.Header().Get("Location") != "https://news.example.org/as/?page=2" {
				t.Errorf("%s with Host %s: %d to %q, want 308 to the origin", method, host, rec.Code, rec.Header().Get("Location"))
			}
		}
		if rec := do("POST", "/contact", host); rec.Code != http.StatusForbidden {
			t.Errorf("POST with Host %s: %d, want 403", host, rec.Code)
		}
	}
	if n := a.Pages.Len(); n != 0 {
		t.Fatalf("%d pages cached for foreign hosts", n)
	}
	for _, host := range []string{"news.example.org", "NEWS.example.org:443"} {
		rec := do("GET", "/", host)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET / on the origin (Host %s): %d", host, rec.Code)
		}
		if !strings.Contains(rec.Body.String(), `<link rel="canonical" href="https://news.example.org/">`) {
			t.Errorf("home page's canonical link is not on the origin:\n%.2000s", rec.Body.String())
		}
	}
	if n := a.Pages.Len(); n != 1 {
		t.Errorf("%d cache entries for one page asked under two spellings of the host, want 1", n)
	}
	// Load balancers probe a node by its own address.
	if rec := do("GET", "/healthz", "10.0.0.7:8080"); rec.Code != http.StatusOK {
		t.Errorf("health check on the node's address: %d", rec.Code)
	}
}

// TestPasswordResetPoisoning replays the forged-Host password reset: the mail's link is on the
// site's origin in every set-up, never on the Host the request named.
func TestPasswordResetPoisoning(t *testing.T) {
	for name, newCfg := range configs(t) {
		t.Run(name, func(t *testing.T) {
			t.Run("configured origin", func(t *testing.T) {
				cfg := newCfg(t)
				cfg.BaseURL = "https://news.example.org"
				a, _ := originApp(t, cfg)
				srv := httptest.NewServer(a.Handler())
				t.Cleanup(srv.Close)
				if resp := hostReq(t, "POST", srv.URL, "/newsroom/password/forgot", "evil.example", forgot, nil); resp.StatusCode != http.StatusForbidden {
					t.Errorf("forged Host: %d, want 403", resp.StatusCode)
				}
				if m := resetMails(t, a); len(m) != 0 {
					t.Fatalf("a request for a foreign host queued a mail:\n%s", m[0])
				}
				if resp := hostReq(t, "POST", srv.URL, "/newsroom/password/forgot", "news.example.org", forgot, nil); resp.StatusCode != http.StatusOK {
					t.Fatalf("on the origin: %d", resp.StatusCode)
				}
				m := resetMails(t, a)
				if len(m) != 1 || !strings.Contains(m[0], "https://news.example.org/newsroom/password/reset?token=") {
					t.Fatalf("reset mails %q, want one linking to the origin", m)
				}
			})

			t.Run("loopback listener", func(t *testing.T) {
				cfg := newCfg(t)
				inbox := testkit.StartSMTP(t)
				cfg.SMTPHost, cfg.SMTPPort, cfg.SMTPTLS, cfg.SMTPFrom = inbox.Host, inbox.Port, "none", "Batori <newsroom@example.org>"
				a, _ := originApp(t, cfg)
				base := testkit.Serve(context.Background(), t, a.ServeListener)
				if resp := hostReq(t, "POST", base, "/newsroom/password/forgot", "evil.example", forgot, nil); resp.StatusCode != http.StatusOK {
					t.Fatalf("forgot: %d", resp.StatusCode)
				}
				got := inbox.Await(t, time.Now().Add(20*time.Second), editorEmail, "")
				if strings.Contains(got.Text, "evil.example") || !strings.Contains(got.Text, base+"/newsroom/password/reset?token=") {
					t.Fatalf("reset mail does not link to the listen address %s:\n%s", base, got.Text)
				}
				// The enquiry desk's notice, asked for with the same forged Host, links to the
				// listen address too.
				ctx := context.Background()
				site, err := a.Settings.Site(ctx)
				if err != nil {
					t.Fatal(err)
				}
				site.EnquiryEmail = "desk@example.org"
				if err := a.Settings.SaveSite(ctx, site); err != nil {
					t.Fatal(err)
				}
				tok, err := a.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-5*time.Minute))
				if err != nil {
					t.Fatal(err)
				}
				enquiry := url.Values{"token": {tok}, "type": {"general"}, "name": {"Reader"}, "email": {"reader@example.org"},
					"message": {"The bridge at Dhemaji is closed again."}, "website": {""}}
				if resp := hostReq(t, "POST", base, "/enquiry", "evil.example", enquiry, nil); resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("enquiry: %d", resp.StatusCode)
				}
				notice := inbox.Await(t, time.Now().Add(20*time.Second), "desk@example.org", "")
				if strings.Contains(notice.Text, "evil.example") || !strings.Contains(notice.Text, base+"/newsroom/enquiries/") {
					t.Fatalf("the desk's notice does not link to the listen address %s:\n%s", base, notice.Text)
				}
			})

			t.Run("unknown origin", func(t *testing.T) {
				// Listening on every interface with no --base-url: nothing is known to link to.
				cfg := newCfg(t)
				cfg.Addr = "0.0.0.0:0"
				inbox := testkit.StartSMTP(t)
				cfg.SMTPHost, cfg.SMTPPort, cfg.SMTPTLS, cfg.SMTPFrom = inbox.Host, inbox.Port, "none", "Batori <newsroom@example.org>"
				a, logs := originApp(t, cfg)
				srv := httptest.NewServer(a.Handler())
				t.Cleanup(srv.Close)
				if resp := hostReq(t, "POST", srv.URL, "/newsroom/password/forgot", "evil.example", forgot, nil); resp.StatusCode != http.StatusOK {
					t.Fatalf("forgot: %d", resp.StatusCode)
				}
				// Pages served for the forged host do not link to it.
				req, _ := http.NewRequest("GET", srv.URL+"/", nil)
				req.Host = "evil.example"
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || strings.Contains(string(body), "evil.example") {
					t.Errorf("home page for a forged host: %d, links to it: %v", resp.StatusCode, strings.Contains(string(body), "evil.example"))
				}
				m := resetMails(t, a)
				if len(m) != 1 || strings.Contains(m[0], "evil.example") || strings.Contains(m[0], "http://") {
					t.Fatalf("reset mails %q: want one whose link waits for the origin", m)
				}
				// Serving does not send it while the origin is unknown...
				ln := testkit.Listen(t)
				ctx, stop := context.WithCancel(context.Background())
				done := make(chan error, 1)
				go func() { done <- a.ServeListener(ctx, ln) }()
				t.Cleanup(func() { stop(); <-done })
				time.Sleep(1500 * time.Millisecond)
				if n := len(inbox.Received()); n != 0 {
					t.Fatalf("%d mails sent before the origin was known", n)
				}
				if !strings.Contains(logs.String(), "public address is unknown") {
					t.Errorf("no warning of the unknown origin in the log:\n%s", logs.String())
				}
				// ...and the setup, by whoever holds the token, gives the origin. Its form suggests
				// no address taken from the Host header.
				token := lastSetupToken(t, logs)
				formReq, _ := http.NewRequest("GET", srv.URL+"/newsroom/setup?token="+url.QueryEscape(token), nil)
				formReq.Host = "evil.example"
				form, err := http.DefaultClient.Do(formReq)
				if err != nil {
					t.Fatal(err)
				}
				formBody, _ := io.ReadAll(form.Body)
				form.Body.Close()
				if form.StatusCode != http.StatusOK || !strings.Contains(string(formBody), `id="f-origin"`) || strings.Contains(string(formBody), "evil.example") {
					t.Errorf("setup form for a forged host: %d, asks for the origin: %v, suggests the forged host: %v", form.StatusCode,
						strings.Contains(string(formBody), `id="f-origin"`), strings.Contains(string(formBody), "evil.example"))
				}
				resp = hostReq(t, "POST", srv.URL, "/newsroom/setup", "evil.example", url.Values{"token": {token},
					"origin": {"https://News.Example.org/"}, "name": {"Chief"}, "email": {"chief@example.org"}, "password": {"brahmaputra at dawn"}}, nil)
				if resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("setup: %d", resp.StatusCode)
				}
				if o, _ := a.Settings.Origin(context.Background()); o != "https://news.example.org" {
					t.Fatalf("stored origin %q", o)
				}
				got := inbox.Await(t, time.Now().Add(20*time.Second), editorEmail, "")
				if !strings.Contains(got.Text, "https://news.example.org/newsroom/password/reset?token=") {
					t.Fatalf("held reset mail was sent without the origin:\n%s", got.Text)
				}
				// The HTML part's links, escaped by html/template, are filled in too.
				if !strings.Contains(got.HTML, `href="https://news.example.org/newsroom/password/reset?token=`) || strings.Contains(got.HTML, "batori-origin") {
					t.Fatalf("held reset mail's HTML part was sent without the origin:\n%s", got.HTML)
				}
				if resp := hostReq(t, "GET", srv.URL, "/", "evil.example", nil, nil); resp.StatusCode != http.StatusPermanentRedirect {
					t.Errorf("foreign host after the origin was stored: %d, want 308", resp.StatusCode)
				}
			})
		})
	}
}

var setupLinkRE = regexp.MustCompile(`(https?://\S+)/newsroom/setup\?token=([A-Za-z0-9_-]+)`)

func lastSetupToken(t *testing.T, logs *testkit.LogBuffer) string {
	t.Helper()
	all := setupLinkRE.FindAllStringSubmatch(logs.String(), -1)
	if all == nil {
		t.Fatalf("no setup link in the log:\n%s", logs.String())
	}
	return all[len(all)-1][2]
}

// TestSetupNeedsToken replays the first-admin takeover: from the server's own machine, as a
// proxy on the same host would connect, no header and no Host makes the setup work without
// the one-time token; an expired or used token does not work either.
func TestSetupNeedsToken(t *testing.T) {
	for name, newCfg := range configs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := newCfg(t)
			a, logs := originApp(t, cfg)
			base := testkit.Serve(context.Background(), t, a.ServeListener)
			port := base[strings.LastIndex(base, ":")+1:]
			admin := url.Values{"name": {"Mallory"}, "email": {"mallory@example.org"}, "password": {"brahmaputra at dusk"}}
			attempts := []struct {
				name   string
				host   string
				header map[string]string
				token  string
			}{
				{"plain loopback", "", nil, ""},
				{"empty X-Forwarded-For", "", map[string]string{"X-Forwarded-For": ""}, ""},
				{"Forwarded", "", map[string]string{"Forwarded": "for=127.0.0.1"}, ""},
				{"X-Real-IP", "", map[string]string{"X-Real-IP": "127.0.0.1"}, ""},
				{"DNS rebinding", "evil.example:" + port, map[string]string{"Origin": "http://evil.example:" + port}, ""},
				{"guessed token", "", nil, "guess"},
			}
			for _, at := range attempts {
				if resp := hostReq(t, "GET", base, "/newsroom/setup?token="+at.token, at.host, nil, at.header); resp.StatusCode != http.StatusForbidden {
					t.Errorf("%s: GET setup %d, want 403", at.name, resp.StatusCode)
				}
				form := url.Values{"token": {at.token}}
				for k, v := range admin {
					form[k] = v
				}
				if resp := hostReq(t, "POST", base, "/newsroom/setup", at.host, form, at.header); resp.StatusCode != http.StatusForbidden {
					t.Errorf("%s: POST setup %d, want 403", at.name, resp.StatusCode)
				}
			}
			countAdmins := func() int {
				n, err := a.People.CountAdmins(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := countAdmins(); n != 0 {
				t.Fatalf("%d admins created without the token", n)
			}

			// The link logged at start is a full link on the server's address.
			m := setupLinkRE.FindStringSubmatch(logs.String())
			if m == nil || m[1] != base {
				t.Fatalf("setup link in the log %q, want one on %s", m, base)
			}
			// An expired token is refused.
			if _, err := a.DB.Exec(context.Background(), "UPDATE settings SET value = ? WHERE key LIKE 'setup_token.%'", "2000-01-01T00:00:00Z"); err != nil {
				t.Fatal(err)
			}
			form := url.Values{"token": {m[2]}}
			for k, v := range admin {
				form[k] = v
			}
			if resp := hostReq(t, "POST", base, "/newsroom/setup", "", form, nil); resp.StatusCode != http.StatusForbidden {
				t.Errorf("expired token: %d, want 403", resp.StatusCode)
			}

			// `batori setup-link` on the server makes a link the running server takes.
			args := []string{"setup-link", "--data", cfg.DataDir, "--addr", strings.TrimPrefix(base, "http://")}
			if cfg.DatabaseURL != "" {
				args = append(args, "--database-url", cfg.DatabaseURL)
			}
			out, _, err := run(t, "", args...)
			m = setupLinkRE.FindStringSubmatch(out)
			if err != nil || m == nil || m[1] != base {
				t.Fatalf("setup-link: %q %v", out, err)
			}
			form.Set("token", m[2])
			// The origin was only the loopback fallback, so the setup asks for it.
			form.Set("origin", base)
			if resp := hostReq(t, "POST", base, "/newsroom/setup", "", form, nil); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("setup with the token from setup-link: %d", resp.StatusCode)
			}
			// Used once, it is gone.
			form.Set("email", "second@example.org")
			if resp := hostReq(t, "POST", base, "/newsroom/setup", "", form, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("reused token: %d, want 404", resp.StatusCode)
			}
			if n := countAdmins(); n != 1 {
				t.Fatalf("%d admins, want 1", n)
			}
			if _, _, err := run(t, "", args...); err == nil {
				t.Error("setup-link made a link on a site that has an admin")
			}
		})
	}
}
