package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Origin is the site's one public origin ("https://news.example.org"): every absolute link is
// built on it, and requests for any other host are sent to it. It comes from --base-url, else
// from the settings (stored once by the first-admin setup), else, for a server listening only
// on loopback, from its own address, provisionally: links use it, but foreign hosts are not
// redirected to it and the first-admin setup still asks for the real one (a proxy on the same
// host reaches a loopback listener too). A request's Host header never decides it.
type Origin struct {
	// load reads the stored origin ("" when there is none); it is asked again at most every
	// reloadEvery while the origin is unknown, so a node learns one stored by another.
	load func(context.Context) (string, error)
	// save stores the origin once and returns the one stored (an earlier one wins).
	save func(context.Context, string) (string, error)

	mu    sync.Mutex
	value string
	// provisional marks a value from Fallback, which loading or storing replaces.
	provisional bool
	lastLoad    time.Time
}

// reloadEvery bounds how often an unknown origin is looked up in the database.
const reloadEvery = 5 * time.Second

// NewOrigin returns an origin read through load and stored through save; either may be nil.
func NewOrigin(load func(context.Context) (string, error), save func(context.Context, string) (string, error)) *Origin {
	return &Origin{load: load, save: save}
}

// FixedOrigin is an origin that is known from the start, as from --base-url.
func FixedOrigin(u string) *Origin {
	o := &Origin{}
	o.Fix(u)
	return o
}

// Fix makes u the origin for good, as --base-url does.
func (o *Origin) Fix(u string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.value, o.provisional = strings.TrimSuffix(u, "/"), false
}

// Fallback makes u the origin provisionally, while none is known.
func (o *Origin) Fallback(u string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.value == "" {
		o.value, o.provisional = strings.TrimSuffix(u, "/"), true
	}
}

// Known returns the origin known in memory (provisional or not), without asking the
// database; "" when none is.
func (o *Origin) Known() string {
	if o == nil {
		return ""
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.value
}

// Get returns the origin, provisional or not, looking for a stored one while it is not
// settled; "" when there is none.
func (o *Origin) Get(ctx context.Context) string {
	v, _ := o.get(ctx)
	return v
}

// Settled returns the origin when it is configured or stored, "" while it is unknown or only
// provisional.
func (o *Origin) Settled(ctx context.Context) string {
	if v, provisional := o.get(ctx); !provisional {
		return v
	}
	return ""
}

func (o *Origin) get(ctx context.Context) (string, bool) {
	if o == nil {
		return "", false
	}
	o.mu.Lock()
	if (o.value != "" && !o.provisional) || o.load == nil || time.Since(o.lastLoad) < reloadEvery {
		defer o.mu.Unlock()
		return o.value, o.provisional
	}
	o.lastLoad = time.Now()
	o.mu.Unlock()
	// The database is read without the lock: code inside a transaction (a mail being composed)
	// reads the origin too, and holding the lock while waiting for a pooled connection would
	// let those transactions and this read wait on each other until the pool times out.
	v, err := o.load(ctx)
	o.mu.Lock()
	defer o.mu.Unlock()
	if err == nil && v != "" {
		o.value, o.provisional = v, false
	}
	return o.value, o.provisional
}

// Store records u as the site's origin for good, unless one was stored first, and returns the
// origin now in force.
func (o *Origin) Store(ctx context.Context, u string) (string, error) {
	if o.save == nil {
		return "", errors.New("origin: nowhere to store it")
	}
	v, err := o.save(ctx, u)
	if err != nil {
		return "", err
	}
	o.mu.Lock()
	o.value, o.provisional = v, false
	o.mu.Unlock()
	return v, nil
}

// ErrBadOrigin is returned by ParseOrigin for anything but scheme://host[:port].
var ErrBadOrigin = errors.New("an origin is http:// or https:// and a host, with no path")

// ParseOrigin checks that s is an origin (http or https, a host, an optional port, no path,
// query or credentials) and returns it lower-cased without a trailing slash.
func ParseOrigin(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return "", ErrBadOrigin
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

// sameHost reports whether the Host header host names the origin's host, the scheme's default
// port written or not.
func sameHost(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	return strings.EqualFold(withPort(u.Host, u.Scheme), withPort(host, u.Scheme))
}

func withPort(host, scheme string) string {
	if _, _, err := net.SplitHostPort(host); err == nil {
		return host
	}
	port := "80"
	if scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(strings.Trim(host, "[]"), port)
}

// Admits says whether CanonicalHost lets a request for host through to the site: always
// while the origin is unknown or provisional, else when host is the origin's.
func (o *Origin) Admits(ctx context.Context, host string) bool {
	settled := o.Settled(ctx)
	if settled == "" {
		return true
	}
	// The host as the origin spells it, the usual case, without parsing anything.
	_, bare, _ := strings.Cut(settled, "://")
	return strings.EqualFold(bare, host) || sameHost(settled, host)
}

// ErrWrongHost is the refusal of a state-changing request sent to a host other than the
// site's origin; it is a cross-origin refusal, answered as one.
var ErrWrongHost = fmt.Errorf("%w: this site answers only on its own address", ErrCrossOrigin)

// CanonicalHost sends requests for any host but the origin's to the origin: GET and HEAD are
// redirected (308) to the same path there, other methods are refused through fail. Nothing is
// rendered, so nothing is cached, for a foreign host. Health checks, which load balancers send
// to a node's own address, pass. While the origin is unknown or provisional every request
// passes (its links are still never taken from the Host header).
func CanonicalHost(origin *Origin, fail func(http.ResponseWriter, *http.Request, error)) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if origin.Admits(r.Context(), r.Host) || r.URL.Path == "/healthz" || r.URL.Path == "/readyz" {
				next.ServeHTTP(w, r)
				return
			}
			w.Header().Set("Cache-Control", "no-store")
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, origin.Settled(r.Context())+r.URL.RequestURI(), http.StatusPermanentRedirect)
				return
			}
			fail(w, r, ErrWrongHost)
		})
	}
}
