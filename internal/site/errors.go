package site

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/fault"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// The request's own errors are the web package's, so the one status mapping knows them.
var (
	errNotFound   = web.ErrNotFound
	errBadRequest = web.ErrBadRequest
)

// handlerFunc is a reader handler: it writes a page or returns an error for handle to show.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc, handing any error it returns to the error renderer.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.errs.Render(w, r, err)
		}
	})
}

// RenderError answers a reader's request with err: the reader's error page in the language
// of the path, or JSON to a script. The app hands it the failures its middleware catches
// (panics, oversized bodies, forged forms).
func (s *Server) RenderError(w http.ResponseWriter, r *http.Request, err error) {
	s.errs.Render(w, r, err)
}

// errorWords are the heading and text of the error page for p.
func errorWords(l *locale.Locale, p web.Problem) (heading, text string) {
	var off *web.FeatureOffError
	switch {
	case errors.As(p.Err, &off):
		return l.T("err_feature_off_" + off.Feature), l.T("err_feature_off_text")
	case fault.Is(p.Err):
		return l.T("err_unavailable_title"), l.T("err_unavailable_text")
	case errors.Is(p.Err, web.ErrInvalidText):
		return l.T("err_invalid_text_title"), l.T("err_invalid_text_text")
	case p.Status == http.StatusNotFound:
		return l.T("not_found_title"), l.T("not_found_text")
	case p.Status == http.StatusBadRequest:
		return l.T("bad_request_title"), l.T("not_found_text")
	case p.Status == http.StatusForbidden:
		return l.T("err_forbidden_title"), l.T("error_text")
	case p.Status == http.StatusUnprocessableEntity:
		return l.T("err_invalid"), l.T("error_text")
	case p.Status == http.StatusRequestEntityTooLarge:
		return l.T("too_large_title"), l.T("error_text")
	case p.Status == http.StatusTooManyRequests:
		return l.T("err_rate_limited_title"), l.T("error_text")
	}
	return l.T("error_title"), l.T("error_text")
}

// errorMessage is the problem's heading, for a JSON answer.
func (s *Server) errorMessage(r *http.Request, p web.Problem) string {
	h, _ := errorWords(locale.New(langOf(r), nil, ""), p)
	return h
}

// errorPage renders the reader's error page, falling back to plain text if even that fails
// (the database may be what is down).
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, prob web.Problem) {
	lang := langOf(r)
	var p web.Page
	var err error
	if fault.Is(prob.Err) {
		// The database is what failed: asking it for the page's globals would only wait again.
		p = s.bareGlobals(r, lang)
	} else if p, err = s.page(w, r, lang); err != nil {
		p = s.bareGlobals(r, lang)
	}
	data := errorPage{Page: p, Status: prob.Status}
	data.Heading, data.Text = errorWords(p.L, prob)
	data.Title = data.Heading
	data.NoIndex = true
	if err := s.templates.Render(w, prob.Status, "error", data); err != nil {
		s.log.Error("render error page", "err", err)
		http.Error(w, http.StatusText(prob.Status), prob.Status)
	}
}

func langOf(r *http.Request) locale.Lang {
	if r.URL.Path == "/as" || len(r.URL.Path) >= 4 && r.URL.Path[:4] == "/as/" {
		return locale.Assamese
	}
	return locale.English
}
