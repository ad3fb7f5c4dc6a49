package web

import (
	"context"
	"net"
	"net/http"
	"strings"
)

// secureKey marks, in a request's context, that the request reached the public side over
// HTTPS although it came to us in plain HTTP (from a trusted proxy, or behind an HTTPS origin).
type secureKey struct{}

func markSecure(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), secureKey{}, true))
}

// IsSecure reports whether the request came over HTTPS: straight to Batori's own TLS
// listener, or through a trusted proxy that said X-Forwarded-Proto: https (see RealIP), or
// to a site whose configured public origin is HTTPS (see PublicHTTPS). It is the one answer
// to that question: cookies, HSTS and the scheme of links all ask it.
func IsSecure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	v, _ := r.Context().Value(secureKey{}).(bool)
	return v
}

// SetCookie sets c on the response, marked Secure whenever the request is secure, so that a
// browser never sends the cookie back over plain HTTP. Every cookie Batori sets goes through
// it.
func SetCookie(w http.ResponseWriter, r *http.Request, c *http.Cookie) {
	c.Secure = c.Secure || IsSecure(r)
	http.SetCookie(w, c)
}

// PublicHTTPS treats every request as secure: for a site whose configured public origin is
// HTTPS, anything reaching Batori in plain HTTP came through a proxy that ended TLS (even one
// not listed as trusted), and its cookies must not travel in the clear.
func PublicHTTPS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, markSecure(r))
	})
}

// HSTSValue is the Strict-Transport-Security header HSTS sends: a year, subdomains included.
const HSTSValue = "max-age=31536000; includeSubDomains"

// HSTS tells browsers that reach the site over HTTPS to use nothing else for a year. Browsers
// ignore the header on plain HTTP, so it is sent only on secure requests.
func HSTS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if IsSecure(r) {
			w.Header().Set("Strict-Transport-Security", HSTSValue)
		}
		next.ServeHTTP(w, r)
	})
}

// RedirectHTTPS answers every plain-HTTP request with a permanent redirect (308, which keeps
// the method) to the same path and query on origin, such as "https://news.example.org". When
// onlyHost is not empty, requests naming another host are refused instead: redirecting them
// would lend our name to whatever host an attacker wrote. An empty origin refuses everything.
func RedirectHTTPS(origin, onlyHost string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		if origin == "" || (onlyHost != "" && !strings.EqualFold(strings.TrimSuffix(host, "."), onlyHost)) {
			http.Error(w, "This address is not served here; use HTTPS.", http.StatusMisdirectedRequest)
			return
		}
		target := r.URL.EscapedPath()
		if !strings.HasPrefix(target, "/") {
			target = "/" + target
		}
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", origin+target)
		w.WriteHeader(http.StatusPermanentRedirect)
	})
}
