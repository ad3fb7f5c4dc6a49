package site

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
)

var (
	errNotFound   = errors.New("page not found")
	errBadRequest = errors.New("bad request")
)

// handlerFunc is a reader handler: it writes a page or returns an error for handle to show.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc, rendering any error it returns as the reader's error page.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

// statusOf maps domain errors to HTTP statuses; anything unknown is a server error.
func statusOf(err error) int {
	var tooLarge *http.MaxBytesError
	switch {
	case errors.Is(err, errNotFound), errors.Is(err, news.ErrNotFound), errors.Is(err, media.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, errBadRequest):
		return http.StatusBadRequest
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	s.writeError(w, r, status)
}

// writeError renders the error page for status, falling back to plain text if even that
// fails (the database may be what is down).
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, status int) {
	lang := langOf(r)
	p, err := s.page(r, lang)
	if err != nil {
		p = s.bareGlobals(r, lang)
	}
	data := errorPage{Page: p, Status: status}
	switch status {
	case http.StatusNotFound:
		data.Heading, data.Text = p.L.T("not_found_title"), p.L.T("not_found_text")
	case http.StatusBadRequest:
		data.Heading, data.Text = p.L.T("bad_request_title"), p.L.T("not_found_text")
	case http.StatusRequestEntityTooLarge:
		data.Heading, data.Text = p.L.T("too_large_title"), p.L.T("error_text")
	default:
		data.Heading, data.Text = p.L.T("error_title"), p.L.T("error_text")
	}
	data.Title = data.Heading
	data.NoIndex = true
	w.Header().Set("Cache-Control", "no-store")
	if err := s.templates.Render(w, status, "error", data); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, http.StatusText(status), status)
	}
}

// ServeError writes the reader's error page for status; the app uses it for panics and
// oversized bodies caught by middleware.
func (s *Server) ServeError(status int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.writeError(w, r, status) }
}

func langOf(r *http.Request) locale.Lang {
	if r.URL.Path == "/as" || len(r.URL.Path) >= 4 && r.URL.Path[:4] == "/as/" {
		return locale.Assamese
	}
	return locale.English
}
