package web

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// RealIP makes r.RemoteAddr the reader's address when the request came through one of the
// trusted proxies (a load balancer or CDN in front of Batori): the address is the right-most
// entry of X-Forwarded-For that is not itself a trusted proxy. Such a request is also secure
// (IsSecure) when the proxy says X-Forwarded-Proto: https. Requests from anywhere else keep
// their address and scheme, so a client cannot pick either by sending the headers.
func RealIP(trusted []netip.Prefix) Middleware {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return func(next http.Handler) http.Handler {
		if len(trusted) == 0 {
			return next
		}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			host, _, err := net.SplitHostPort(r.RemoteAddr)
			peer, perr := netip.ParseAddr(host)
			if err != nil || perr != nil || !isTrusted(peer) {
				next.ServeHTTP(w, r)
				return
			}
			if forwardedHTTPS(r.Header) {
				r = markSecure(r)
			}
			hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break
				}
				if !isTrusted(a) {
					r2 := r.Clone(r.Context())
					r2.RemoteAddr = netip.AddrPortFrom(a.Unmap(), 0).String()
					next.ServeHTTP(w, r2)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

// forwardedHTTPS reports whether X-Forwarded-Proto says https. Proxies that append rather
// than replace leave a list; the last entry is the one our trusted neighbour wrote.
func forwardedHTTPS(h http.Header) bool {
	vals := h.Values("X-Forwarded-Proto")
	if len(vals) == 0 {
		return false
	}
	list := strings.Split(vals[len(vals)-1], ",")
	return strings.EqualFold(strings.TrimSpace(list[len(list)-1]), "https")
}
