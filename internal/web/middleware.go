package web

import (
	"log/slog"
	"net/http"
	"runtime/debug"
)

// Middleware wraps a handler.
type Middleware func(http.Handler) http.Handler

// Chain applies middleware so that the first one listed runs first.
func Chain(h http.Handler, mw ...Middleware) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// statusWriter remembers the status and size of a response for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Recover turns a panic into a logged error answered by fail as a server error (a
// *PanicError): the surface's page to people, JSON to scripts.
func Recover(log *slog.Logger, fail RenderError) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				if v := recover(); v != nil {
					if v == http.ErrAbortHandler {
						panic(v)
					}
					log.Error("panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
					fail(w, r, &PanicError{Value: v})
				}
			}()
			next.ServeHTTP(w, r)
		})
	}
}

// SecurityHeaders sets a strict Content-Security-Policy (no inline script or style, nothing
// from other origins) and the other headers every response should carry (HSTS, for secure
// requests only, is HSTS's).
func SecurityHeaders(next http.Handler) http.Handler {
	headers := SecurityHeaderFields()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for name, value := range headers {
			h[name] = value
		}
		next.ServeHTTP(w, r)
	})
}

// SecurityHeaderFields are the headers SecurityHeaders sets on every response, for a server
// that answers some requests before the middleware (package front) to send alike. The values
// are made once and shared by every response; each slice's capacity is its length, so a
// later Add copies instead of writing into it.
func SecurityHeaderFields() http.Header {
	const csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; font-src 'self'; " +
		"connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
	return http.Header{
		"Content-Security-Policy": {csp},
		"X-Content-Type-Options":  {"nosniff"},
		"Referrer-Policy":         {"strict-origin-when-cross-origin"},
		"X-Frame-Options":         {"DENY"},
		"Permissions-Policy":      {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
	}
}

// LimitBody refuses request bodies over max bytes, answering through fail with an
// *http.MaxBytesError when the declared length is already too long; handlers reading past
// the limit get the same error.
func LimitBody(max int64, fail RenderError) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.ContentLength > max {
				fail(w, r, &http.MaxBytesError{Limit: max})
				return
			}
			if r.Body != nil && r.Body != http.NoBody {
				r.Body = http.MaxBytesReader(w, r.Body, max)
			}
			next.ServeHTTP(w, r)
		})
	}
}
