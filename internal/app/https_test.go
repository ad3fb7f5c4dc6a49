package app_test

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/web"
)

// noFollow is a client that shows redirects instead of following them.
func noFollow(tr *http.Transport) *http.Client {
	return &http.Client{Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// cookie finds the cookie set under name, failing the test without it.
func cookie(t *testing.T, resp *http.Response, name string) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("%s %s set no %s cookie (Set-Cookie %q)", resp.Request.Method, resp.Request.URL, name, resp.Header.Values("Set-Cookie"))
	return nil
}

func TestHTTPSWithCertificateFiles(t *testing.T) {
	certFile, keyFile, pool := testkit.SelfSignedFiles(t)
	ln, plain := testkit.Listen(t), testkit.Listen(t)
	cfg := baseConfig(t)
	cfg.Migrate, cfg.HSTS = true, true
	cfg.TLSCert, cfg.TLSKey = certFile, keyFile
	cfg.BaseURL = "https://" + ln.Addr().String()
	a, err := app.New(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.ServeListeners(ctx, ln, plain) }()
	defer func() {
		stop()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	if _, err := a.People.Create(ctx, people.NewUser{Email: "desk@example.org", Name: "Desk", Password: "correct horse battery", Role: people.Editor}); err != nil {
		t.Fatal(err)
	}
	client := noFollow(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}})
	base := cfg.BaseURL

	resp, err := client.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.TLS == nil || resp.Header.Get("Strict-Transport-Security") != web.HSTSValue {
		t.Errorf("HTTPS answer: TLS %v, HSTS %q", resp.TLS != nil, resp.Header.Get("Strict-Transport-Security"))
	}

	// The language cookie and the session cookie are both Secure.
	resp, err = client.Get(base + "/newsroom/login?lang=as")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c := cookie(t, resp, "batori_lang"); !c.Secure || c.Value != "as" {
		t.Errorf("language cookie over HTTPS: %+v", c)
	}
	resp, err = client.PostForm(base+"/newsroom/login", url.Values{"email": {"desk@example.org"}, "password": {"correct horse battery"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %d", resp.StatusCode)
	}
	if c := cookie(t, resp, "batori_session"); !c.Secure || !c.HttpOnly {
		t.Errorf("session cookie over HTTPS: %+v", c)
	}
	if resp.Header.Get("Strict-Transport-Security") != web.HSTSValue {
		t.Errorf("login answer without HSTS")
	}

	// Plain HTTP is sent to the same path and query on the configured origin, whatever host
	// the request named.
	plainClient := noFollow(&http.Transport{})
	for _, host := range []string{"", "evil.example"} {
		req, _ := http.NewRequest("POST", "http://"+plain.Addr().String()+"/newsroom/login?next=%2Fnewsroom%2Faccount&x=1", nil)
		if host != "" {
			req.Host = host
		}
		resp, err := plainClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		want := base + "/newsroom/login?next=%2Fnewsroom%2Faccount&x=1"
		if resp.StatusCode != http.StatusPermanentRedirect || resp.Header.Get("Location") != want {
			t.Errorf("plain HTTP (host %q) = %d to %q, want 308 to %q", host, resp.StatusCode, resp.Header.Get("Location"), want)
		}
		if len(resp.Cookies()) > 0 || resp.Header.Get("Strict-Transport-Security") != "" {
			t.Errorf("the redirect set cookies or HSTS: %v", resp.Header)
		}
	}
	// Plain HTTP on the HTTPS port is not answered as a page.
	if resp, err := plainClient.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			t.Error("plain HTTP served on the HTTPS port")
		}
	}
}

func TestHSTSCanBeTurnedOff(t *testing.T) {
	certFile, keyFile, pool := testkit.SelfSignedFiles(t)
	cfg := baseConfig(t)
	cfg.Migrate, cfg.HSTS = true, false
	cfg.TLSCert, cfg.TLSKey = certFile, keyFile
	a, err := app.New(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	base := "https" + strings.TrimPrefix(testkit.Serve(context.Background(), t, a.ServeListener), "http")
	resp, err := noFollow(&http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}).Get(base + "/newsroom/login?lang=as")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS sent with --hsts=false")
	}
	if c := cookie(t, resp, "batori_lang"); !c.Secure {
		t.Error("cookie over HTTPS not Secure with HSTS off")
	}
}

// Behind a proxy that ends TLS, only a trusted proxy's X-Forwarded-Proto makes the request
// secure.
func TestForwardedProtoOnlyFromTrustedProxies(t *testing.T) {
	for _, tc := range []struct {
		trusted string
		secure  bool
	}{
		{"", false},
		{"192.0.2.0/24", false}, // some other proxy: the loopback peer is not trusted
		{"127.0.0.1", true},
	} {
		cfg := baseConfig(t)
		cfg.Migrate, cfg.HSTS, cfg.TrustedProxies = true, true, tc.trusted
		a, err := app.New(context.Background(), cfg, quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() }) // after the server stops: cleanups run last first
		base := testkit.Serve(context.Background(), t, a.ServeListener)
		req, _ := http.NewRequest("GET", base+"/newsroom/login?lang=as", nil)
		req.Header.Set("X-Forwarded-Proto", "https")
		req.Header.Set("X-Forwarded-For", "198.51.100.7")
		resp, err := noFollow(&http.Transport{}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		c := cookie(t, resp, "batori_lang")
		hsts := resp.Header.Get("Strict-Transport-Security") == web.HSTSValue
		if c.Secure != tc.secure || hsts != tc.secure {
			t.Errorf("trusted %q: Secure %v, HSTS %v; want both %v", tc.trusted, c.Secure, hsts, tc.secure)
		}
	}
}
