// Package front is the site's HTTP/1.1 server when Batori speaks plain HTTP (behind a load
// balancer, a CDN or a TLS-terminating proxy, or alone on a port): fasthttp reads every
// request, answers a fresh page from the page cache itself, and hands everything else to the
// site's net/http handler through fasthttpadaptor. The net/http handler alone routes,
// renders, checks and answers errors; this package only spares a cached page the cost of
// net/http's per-request machinery (a Request and a header map parsed and allocated, a
// goroutine watching the connection, the headers cloned and sorted), which is most of what a
// hit costs: serving the same bytes, fasthttp answers about twice as many requests a second as
// a bare net/http server on this project's benchmark machine.
//
// A request is answered here only when the full way would answer it with the same cached
// page: GET or HEAD, a target of visible ASCII without escapes whose path is a fresh page and
// whose query (if any) holds none of the parameters its route declares, no Authorization,
// a host the site admits (web.Origin.Admits), and, when HSTS depends on what a proxy says, no
// X-Forwarded-Proto. It then gets the same status, headers and body (front_test.go compares
// them), is logged (sampled) and counted in the metrics under the route that rendered it.
//
// When Batori terminates TLS itself, net/http serves (HTTP/2 matters more there), and
// pagecache.Front answers hits inside the middleware instead.
package front

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"

	"github.com/batori-news/batori/internal/metrics"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/web"
)

// Options are what a front needs from the rest of the site.
type Options struct {
	// Handler is the whole site, middleware included; it answers what the front does not.
	Handler http.Handler
	// Fail renders an error for a request fasthttp refused before Handler could see it (a
	// body over MaxBodyBytes), as the site renders errors: a page or JSON.
	Fail web.RenderError
	// Cache holds the pages the front answers; nil or disabled answers none.
	Cache *pagecache.Cache
	// Headers are what the middleware adds to every response before the cache answers: the
	// security headers, and Strict-Transport-Security when every request is secure.
	Headers http.Header
	// ProxyDecidesHSTS says that Strict-Transport-Security depends on a trusted proxy's
	// X-Forwarded-Proto; such requests take the full way.
	ProxyDecidesHSTS bool
	// Origin decides which hosts are answered (CanonicalHost redirects the others).
	Origin *web.Origin
	// Requests and Metrics log and count the requests answered here; either may be nil.
	Requests *web.RequestLog
	Metrics  *metrics.Metrics
	// MaxBodyBytes is the largest request body read; larger ones are refused through Fail.
	MaxBodyBytes int64
	Log          *slog.Logger
}

// The limits of a connection, as the net/http server the front replaces had them.
const (
	// headerTimeout bounds reading a request's line and headers; bodyTimeout a request with
	// its body (set once the headers are in).
	headerTimeout = 10 * time.Second
	bodyTimeout   = 60 * time.Second
	writeTimeout  = 60 * time.Second
	idleTimeout   = 120 * time.Second
	// readBuffer is a connection's read buffer, and so the longest request line and headers
	// accepted (longer ones are answered 431); browsers send a few kilobytes.
	readBuffer = 16 << 10
	// writeBuffer holds a whole response's headers and a page's first bytes, so a
	// compressed page leaves in one write.
	writeBuffer = 16 << 10
)

// Server is a running front.
type Server struct {
	o    Options
	srv  *fasthttp.Server
	next fasthttp.RequestHandler
}

// New returns a front for o; Serve starts it.
func New(o Options) *Server {
	s := &Server{o: o, next: fasthttpadaptor.NewFastHTTPHandler(ownContext(o.Handler))}
	s.srv = &fasthttp.Server{
		Handler:      s.handle,
		ErrorHandler: s.refused,
		HeaderReceived: func(h *fasthttp.RequestHeader) fasthttp.RequestConfig {
			if h.ContentLength() != 0 {
				return fasthttp.RequestConfig{ReadTimeout: bodyTimeout}
			}
			return fasthttp.RequestConfig{}
		},
		ReadTimeout:        headerTimeout,
		WriteTimeout:       writeTimeout,
		IdleTimeout:        idleTimeout,
		ReadBufferSize:     readBuffer,
		WriteBufferSize:    writeBuffer,
		MaxRequestBodySize: int(o.MaxBodyBytes),
		// The site's handler reads forms itself, as net/http hands them over.
		DisablePreParseMultipartForm: true,
		// Every answer names its own type; an answer without one is the handler's
		// (fasthttpadaptor sniffs it, as net/http does).
		NoDefaultContentType:  true,
		NoDefaultServerHeader: true,
		Logger:                slogPrinter{o.Log},
		CloseOnShutdown:       true,
	}
	return s
}

// Serve answers requests on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	return s.srv.Serve(ln)
}

// Shutdown stops accepting connections and waits, until ctx is done, for the requests in
// flight.
func (s *Server) Shutdown(ctx context.Context) error {
	return s.srv.ShutdownWithContext(ctx)
}

func (s *Server) handle(ctx *fasthttp.RequestCtx) {
	if !s.hit(ctx) {
		s.next(ctx)
	}
}

// hit answers ctx from the cache when the full way would answer it with the same fresh page.
func (s *Server) hit(ctx *fasthttp.RequestCtx) bool {
	if s.o.Cache == nil || !ctx.IsGet() && !ctx.IsHead() {
		return false
	}
	req := &ctx.Request.Header
	target := req.RequestURI()
	if len(target) == 0 || target[0] != '/' || !plain(target) {
		return false
	}
	if req.Peek("Authorization") != nil || s.o.ProxyDecidesHSTS && req.Peek("X-Forwarded-Proto") != nil {
		return false
	}
	host := req.Host()
	if len(host) == 0 || !s.o.Origin.Admits(context.Background(), string(host)) {
		return false
	}
	start := time.Now()
	key, route, ok := s.o.Cache.ServeFast(ctx, target, s.o.Headers)
	if !ok {
		return false
	}
	end := time.Now()
	method, sent := http.MethodGet, len(ctx.Response.Body())
	if ctx.IsHead() {
		method, sent = http.MethodHead, 0
	}
	status := ctx.Response.StatusCode()
	if s.o.Requests != nil {
		s.o.Requests.Record(method, key, status, sent, start, end)
	}
	if s.o.Metrics != nil {
		s.o.Metrics.Observe(route, status, end.Sub(start))
	}
	return true
}

// plain says whether a request target is visible ASCII without escapes or a fragment: its
// path is then the page's key as sent, and its query can hold nothing the full way would
// refuse (web.CleanInput) or decode. Anything else takes the full way, where net/http decodes
// and checks it.
func plain(target []byte) bool {
	for _, b := range target {
		if b <= ' ' || b >= 0x7f || b == '%' || b == '#' {
			return false
		}
	}
	return true
}

// ownContext gives each request a copy of its own, as net/http hands over: every string in
// it owned by the request (fasthttpadaptor's point into fasthttp's buffers, which the
// connection's next request overwrites, while the site keeps paths as cache keys and log
// lines), and a context ended when the handler returns (fasthttpadaptor's is the
// fasthttp.RequestCtx, reused likewise and never cancelled but at shutdown).
func ownContext(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		r = detach(r, ctx)
		// As net/http does, the temporary files of an upload go when its handler returns.
		defer func() {
			if r.MultipartForm != nil {
				r.MultipartForm.RemoveAll()
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// detach copies r with every string it holds cloned, and ctx for its context.
func detach(r *http.Request, ctx context.Context) *http.Request {
	r2 := r.WithContext(ctx)
	r2.Method = strings.Clone(r.Method)
	r2.Proto = strings.Clone(r.Proto)
	r2.Host = strings.Clone(r.Host)
	r2.RequestURI = strings.Clone(r.RequestURI)
	r2.RemoteAddr = strings.Clone(r.RemoteAddr)
	u := *r.URL
	u.Scheme, u.Opaque, u.Host = strings.Clone(u.Scheme), strings.Clone(u.Opaque), strings.Clone(u.Host)
	u.Path, u.RawPath, u.RawQuery = strings.Clone(u.Path), strings.Clone(u.RawPath), strings.Clone(u.RawQuery)
	u.Fragment, u.RawFragment = strings.Clone(u.Fragment), strings.Clone(u.RawFragment)
	if u.User != nil {
		u.User = url.User(strings.Clone(u.User.Username()))
		if p, ok := r.URL.User.Password(); ok {
			u.User = url.UserPassword(u.User.Username(), strings.Clone(p))
		}
	}
	r2.URL = &u
	r2.Header = cloneHeader(r.Header)
	r2.Trailer = cloneHeader(r.Trailer)
	r2.TransferEncoding = cloneStrings(r.TransferEncoding)
	return r2
}

func cloneHeader(h http.Header) http.Header {
	if h == nil {
		return nil
	}
	c := make(http.Header, len(h))
	for k, vs := range h {
		c[strings.Clone(k)] = cloneStrings(vs)
	}
	return c
}

func cloneStrings(vs []string) []string {
	if vs == nil {
		return nil
	}
	c := make([]string, len(vs))
	for i, v := range vs {
		c[i] = strings.Clone(v)
	}
	return c
}

// refused answers a request fasthttp could not read: a body over the limit through the site's
// own error page (as LimitBody would), anything else as net/http would, in plain text.
func (s *Server) refused(ctx *fasthttp.RequestCtx, err error) {
	if errors.Is(err, fasthttp.ErrBodyTooLarge) && s.o.Fail != nil {
		ctx.SetConnectionClose()
		fasthttpadaptor.NewFastHTTPHandler(ownContext(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			s.o.Fail(w, r, &http.MaxBytesError{Limit: s.o.MaxBodyBytes})
		})))(ctx)
		return
	}
	var small *fasthttp.ErrSmallBuffer
	switch {
	case errors.As(err, &small):
		ctx.Error("431 Request Header Fields Too Large", http.StatusRequestHeaderFieldsTooLarge)
	case errors.Is(err, fasthttp.ErrTimeout) || isTimeout(err):
		ctx.Error("408 Request Timeout", http.StatusRequestTimeout)
	default:
		ctx.Error("400 Bad Request", http.StatusBadRequest)
	}
	ctx.SetConnectionClose()
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// slogPrinter writes fasthttp's own messages (connections it could not serve) to the log.
type slogPrinter struct{ log *slog.Logger }

func (p slogPrinter) Printf(format string, args ...any) {
	if p.log != nil {
		p.log.Warn(fmt.Sprintf(format, args...))
	}
}
