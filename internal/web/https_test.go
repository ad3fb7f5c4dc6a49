package web_test

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/batori-news/batori/internal/web"
)

// cookieSetter answers by setting a cookie through web.SetCookie.
var cookieSetter = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	web.SetCookie(w, r, &http.Cookie{Name: "batori_lang", Value: "as", Path: "/"})
})

func TestSecureRequestsGetSecureCookiesAndHSTS(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
	h := web.Chain(cookieSetter, web.RealIP(trusted), web.HSTS)
	cases := []struct {
		name, remote string
		proto        []string
		tls          bool
		want         bool
	}{
		{"plain", "203.0.113.5:4000", nil, false, false},
		{"direct TLS", "203.0.113.5:4000", nil, true, true},
		{"untrusted peer says https", "203.0.113.5:4000", []string{"https"}, false, false},
		{"trusted proxy says https", "10.1.2.3:4000", []string{"https"}, false, true},
		{"trusted proxy says HTTPS", "10.1.2.3:4000", []string{"HTTPS"}, false, true},
		{"trusted proxy says http", "10.1.2.3:4000", []string{"http"}, false, false},
		{"trusted proxy appends http to a client's https", "10.1.2.3:4000", []string{"https, http"}, false, false},
		{"trusted proxy appends https", "10.1.2.3:4000", []string{"http", "https"}, false, true},
		{"trusted proxy says nothing", "10.1.2.3:4000", nil, false, false},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		for _, p := range c.proto {
			r.Header.Add("X-Forwarded-Proto", p)
		}
		if c.tls {
			r.TLS = &tls.ConnectionState{}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		cookies := w.Result().Cookies()
		if len(cookies) != 1 || cookies[0].Secure != c.want {
			t.Errorf("%s: cookies %v, want Secure %v", c.name, cookies, c.want)
		}
		if got := w.Header().Get("Strict-Transport-Security"); (got == web.HSTSValue) != c.want || (got != "" && !c.want) {
			t.Errorf("%s: HSTS %q, want sent %v", c.name, got, c.want)
		}
	}
}

func TestPublicHTTPSMakesEveryRequestSecure(t *testing.T) {
	w := httptest.NewRecorder()
	web.PublicHTTPS(cookieSetter).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if c := w.Result().Cookies(); len(c) != 1 || !c[0].Secure {
		t.Errorf("cookies %v, want one Secure", c)
	}
}

func TestRedirectHTTPS(t *testing.T) {
	cases := []struct {
		origin, onlyHost, host, target string
		want                           string // Location, or "" for a refusal
	}{
		{"https://news.example.org", "", "news.example.org", "/as/news/12/x?page=2&q=%C3%A0", "https://news.example.org/as/news/12/x?page=2&q=%C3%A0"},
		{"https://news.example.org", "", "evil.example", "/newsroom/password/forgot", "https://news.example.org/newsroom/password/forgot"},
		{"https://news.example.org", "", "news.example.org", "//evil.example/x", "https://news.example.org//evil.example/x"},
		{"https://news.example.org:8443", "news.example.org", "News.Example.org:80", "/", "https://news.example.org:8443/"},
		{"https://news.example.org", "news.example.org", "evil.example", "/", ""},
		{"", "", "news.example.org", "/", ""},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "http://"+c.host+c.target, nil)
		w := httptest.NewRecorder()
		web.RedirectHTTPS(c.origin, c.onlyHost).ServeHTTP(w, r)
		if c.want == "" {
			if w.Code != http.StatusMisdirectedRequest || w.Header().Get("Location") != "" {
				t.Errorf("%s%s (origin %q, host %q) = %d to %q, want refused", c.host, c.target, c.origin, c.onlyHost, w.Code, w.Header().Get("Location"))
			}
			continue
		}
		if w.Code != http.StatusPermanentRedirect || w.Header().Get("Location") != c.want {
			t.Errorf("%s%s = %d to %q, want 308 to %q", c.host, c.target, w.Code, w.Header().Get("Location"), c.want)
		}
	}
}
