package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/batori-news/batori/internal/web"
)

func TestRealIP(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}
	var seen string
	h := web.RealIP(trusted)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { seen = r.RemoteAddr }))
	cases := []struct{ remote, xff, want string }{
		{"203.0.113.5:4000", "198.51.100.1", "203.0.113.5:4000"},                // not via a proxy: header ignored
		{"10.1.2.3:4000", "198.51.100.1", "198.51.100.1:0"},                     // via the load balancer
		{"10.1.2.3:4000", "6.6.6.6, 198.51.100.1, 192.0.2.7", "198.51.100.1:0"}, // spoofed first hop ignored
		{"10.1.2.3:4000", "", "10.1.2.3:4000"},
		{"10.1.2.3:4000", "garbage", "10.1.2.3:4000"},
		{"10.1.2.3:4000", "2001:db8::1", "[2001:db8::1]:0"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if seen != c.want {
			t.Errorf("remote %s xff %q: got %s, want %s", c.remote, c.xff, seen, c.want)
		}
	}
}
