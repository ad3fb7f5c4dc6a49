package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/fault"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// Errors handlers return for conditions of the request itself rather than of a domain.
var (
	ErrNotFound     = errors.New("not found")
	ErrForbidden    = errors.New("you do not have permission to do this")
	ErrUnauthorized = errors.New("you need to log in")
	ErrBadRequest   = errors.New("bad request")
	ErrRateLimited  = errors.New("too many requests")
	ErrCrossOrigin  = errors.New("cross-origin request refused")
	// ErrInvalidText refuses a path, query or form holding bytes that are not UTF-8 text, or
	// NUL, before anything reaches the database (see CleanInput).
	ErrInvalidText = fmt.Errorf("%w: not valid UTF-8 text", ErrBadRequest)
)

// FeatureOffError is returned by a route whose feature is not set up on this site (its part
// was not wired), so the person sees that rather than a page that seems not to exist.
type FeatureOffError struct {
	// Feature names the feature, as the catalog's key suffix ("enquiries", "translation"…).
	Feature string
}

func (e *FeatureOffError) Error() string {
	return fmt.Sprintf("%s is not set up on this site", e.Feature)
}

// PanicError is a panic caught by Recover, answered as a server error.
type PanicError struct{ Value any }

func (e *PanicError) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Status is the one mapping from errors, the request's and the domains', to HTTP statuses;
// anything it does not know is a server error.
func Status(err error) int {
	var tooLarge *http.MaxBytesError
	var throttled people.ErrThrottled
	var off *FeatureOffError
	var invalid *fielderr.Error
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrNotFound), errors.Is(err, news.ErrNotFound), errors.Is(err, people.ErrNotFound),
		errors.Is(err, media.ErrNotFound), errors.Is(err, mail.ErrNotFound), errors.Is(err, enquiries.ErrNotFound),
		errors.Is(err, enquiries.ErrNoAttachment), errors.Is(err, comments.ErrNotFound):
		return http.StatusNotFound
	case errors.As(err, &off), fault.Is(err):
		return http.StatusServiceUnavailable
	case errors.Is(err, ErrForbidden), errors.Is(err, ErrCrossOrigin), errors.Is(err, news.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, ErrBadRequest), errors.Is(err, news.ErrInvalidState):
		return http.StatusBadRequest
	case errors.Is(err, news.ErrConflict):
		return http.StatusConflict
	case errors.As(err, &invalid):
		return http.StatusUnprocessableEntity
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrRateLimited), errors.As(err, &throttled):
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// Problem is an error as a surface shows it: the status and what caused it.
type Problem struct {
	Status int
	Err    error
}

// ErrorRenderer answers a failed request: JSON ({"error": message}) to the editor's scripts
// and other API calls, a surface's HTML error page to people. Each surface (reader, newsroom)
// fills in its page and words; the status mapping and the choice of format are here, once.
type ErrorRenderer struct {
	Log *slog.Logger
	// JSONRoute, when set, names routes that always answer JSON, whatever the request's
	// headers say.
	JSONRoute func(r *http.Request) bool
	// Message is the problem in words, in the request's language, for a JSON answer.
	Message func(r *http.Request, p Problem) string
	// Page writes the HTML error page.
	Page func(w http.ResponseWriter, r *http.Request, p Problem)
	// Shared says the surface's pages are the same for everyone (the reader site): a page
	// that cannot be rendered while storage fails may then be kept by caches for seconds.
	Shared bool
}

// Render answers r with err.
func (e *ErrorRenderer) Render(w http.ResponseWriter, r *http.Request, err error) {
	p := Problem{Status: Status(err), Err: err}
	if p.Status >= 500 && e.Log != nil {
		level := slog.LevelError
		if fault.Is(err) {
			// Said once per request while storage is away; /readyz and the listener say why.
			level = slog.LevelWarn
		}
		e.Log.Log(r.Context(), level, "request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	w.Header().Set("Cache-Control", "no-store")
	if fault.Is(err) {
		w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
		if e.Shared && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			// A page that cannot be rendered while the database is away is kept by browsers
			// and CDNs for a few seconds, so a crowd pressing reload does not pile onto it.
			w.Header().Set("Cache-Control", "public, max-age=5")
		}
	}
	if e.WantsJSON(r) {
		WriteJSON(w, p.Status, map[string]string{"error": e.Message(r, p)})
		return
	}
	e.Page(w, r, p)
}

// WantsJSON reports whether r is a script's call rather than a person's page: a JSON route,
// or a request that accepts or sends JSON.
func (e *ErrorRenderer) WantsJSON(r *http.Request) bool {
	return e.JSONRoute != nil && e.JSONRoute(r) || WantsJSON(r)
}

// WantsJSON reports whether the request accepts or sends JSON.
func WantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json") ||
		strings.HasPrefix(r.Header.Get("Content-Type"), "application/json")
}

// WriteJSON writes v as the JSON body of a response with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// RenderError answers a request with an error; middleware that fails a request before any
// handler runs hands the error to one.
type RenderError func(w http.ResponseWriter, r *http.Request, err error)
