package newsroom

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/batori-news/batori/internal/fault"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/web"
)

// The request's own errors are the web package's, so the one status mapping knows them.
var (
	errNotFound     = web.ErrNotFound
	errForbidden    = web.ErrForbidden
	errUnauthorized = web.ErrUnauthorized
	errBadRequest   = web.ErrBadRequest
	errRateLimited  = web.ErrRateLimited
	errCrossOrigin  = web.ErrCrossOrigin
)

// handlerFunc is a newsroom handler: it writes a response or returns an error for handle.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle loads the session, if any, and hands a handler's error to the error renderer.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		r = s.withSession(r)
		if err := h(w, r); err != nil {
			s.errs.Render(w, r, err)
		}
	})
}

// RenderError answers a newsroom request with err: the newsroom's error page, for the
// signed-in user in their language, or JSON to the editor's scripts. The app hands it the
// failures its middleware catches (panics, oversized bodies, forged forms).
func (s *Server) RenderError(w http.ResponseWriter, r *http.Request, err error) {
	s.errs.Render(w, s.withSession(r), err)
}

// errorMessage is a problem in the user's words.
func (s *Server) errorMessage(r *http.Request, p web.Problem) string {
	return s.deskLocale(discard{}, r).T(errorKey(p))
}

// errorPage writes newsroom/pages/error.html.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, p web.Problem) {
	pg := s.page(w, r, "")
	msg := pg.L.T(errorKey(p))
	data := errorPage{page: pg, Status: p.Status, Message: msg, Help: pg.L.T(helpKey(p))}
	data.Title = msg
	if err := s.templates.Render(w, p.Status, "error", data); err != nil {
		s.log.Error("render newsroom error page", "err", err)
		http.Error(w, msg, p.Status)
	}
}

func errorKey(p web.Problem) string {
	var off *web.FeatureOffError
	switch {
	case errors.As(p.Err, &off):
		return "err_feature_off_" + off.Feature
	case errors.Is(p.Err, errCrossOrigin):
		return "nr_err_cross_origin"
	case fault.Is(p.Err):
		return "err_unavailable_title"
	case errors.Is(p.Err, web.ErrInvalidText):
		return "err_invalid_text_title"
	}
	switch p.Status {
	case http.StatusNotFound:
		return "nr_err_not_found"
	case http.StatusForbidden:
		return "nr_err_forbidden"
	case http.StatusUnauthorized:
		return "nr_err_unauthorized"
	case http.StatusBadRequest:
		return "nr_err_bad_request"
	case http.StatusConflict:
		return "nr_err_conflict"
	case http.StatusUnprocessableEntity:
		return "err_invalid"
	case http.StatusRequestEntityTooLarge:
		return "nr_err_too_large"
	case http.StatusTooManyRequests:
		return "nr_err_rate_limited"
	}
	return "nr_err_server"
}

// helpKey is the line under the error page's heading saying what to do next.
func helpKey(p web.Problem) string {
	var off *web.FeatureOffError
	switch {
	case errors.As(p.Err, &off):
		return "err_feature_off_text"
	case fault.Is(p.Err):
		return "err_unavailable_text"
	case errors.Is(p.Err, web.ErrInvalidText):
		return "err_invalid_text_text"
	case p.Status == http.StatusUnauthorized:
		return "nr_err_help_login"
	case p.Status == http.StatusForbidden:
		return "nr_err_help_forbidden"
	case p.Status == http.StatusTooManyRequests:
		return "nr_err_help_wait"
	case p.Status >= 500:
		return "nr_err_help_server"
	}
	return "nr_err_help"
}

// discard is a response nobody reads: the JSON message's locale must not set cookies twice.
type discard struct{}

func (discard) Header() http.Header         { return http.Header{} }
func (discard) Write(b []byte) (int, error) { return len(b), nil }
func (discard) WriteHeader(int)             {}

// wantsJSON reports whether the client is the editor's script rather than a person.
func wantsJSON(r *http.Request) bool { return web.WantsJSON(r) }

func writeJSON(w http.ResponseWriter, status int, v any) { web.WriteJSON(w, status, v) }

// page is what every newsroom page's layout needs.
type page struct {
	web.Page
	User  *people.User
	Flash string
	Menu  []web.NavLink
	// LangSwitch offers the other interface language to people not signed in.
	LangSwitch web.Alternate
}

// errorPage is the data of newsroom/pages/error.html.
type errorPage struct {
	page
	Status  int
	Message string
	// Help says what to do next.
	Help string
}

// page builds the globals: the locale is the user's chosen language, or for people not signed
// in the ?lang= they picked, their cookie, or their browser's preference.
func (s *Server) page(w http.ResponseWriter, r *http.Request, title string) page {
	site, err := s.settings.Site(r.Context())
	if err != nil {
		s.log.Warn("read settings", "err", err)
	}
	lang := s.uiLang(w, r)
	l := locale.New(lang, site.Location(), site.Digits)
	p := page{Page: web.Page{
		Site:    web.SiteInfo{Name: site.Name(lang)},
		L:       l,
		Title:   title,
		HomeURL: "/newsroom/",
		NoIndex: true,
		Now:     s.now(),
	}}
	if u, ok := userFrom(r.Context()); ok {
		p.User = &u
		p.Menu = s.menu(r, l, u)
	}
	other := lang.Other()
	p.LangSwitch = web.Alternate{Lang: other, Label: locale.New(other, nil, site.Digits).LangName(other), URL: withQuery(r.URL, "lang", string(other))}
	p.Flash = s.takeFlash(w, r, l)
	return p
}

func (s *Server) uiLang(w http.ResponseWriter, r *http.Request) locale.Lang {
	if u, ok := userFrom(r.Context()); ok {
		if l, ok := locale.ParseLang(u.UILang); ok {
			return l
		}
		return locale.English
	}
	if l, ok := locale.ParseLang(r.URL.Query().Get("lang")); ok {
		web.SetCookie(w, r, &http.Cookie{Name: "batori_lang", Value: string(l), Path: "/newsroom/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
		return l
	}
	if c, err := r.Cookie("batori_lang"); err == nil {
		if l, ok := locale.ParseLang(c.Value); ok {
			return l
		}
	}
	if l, ok := locale.LangFromAcceptLanguage(r.Header.Get("Accept-Language")); ok {
		return l
	}
	return locale.English
}

func withQuery(u *url.URL, k, v string) string {
	q := u.Query()
	q.Set(k, v)
	return u.Path + "?" + q.Encode()
}

// flash stores a message key to show on the next page (after a redirect).
func (s *Server) flash(w http.ResponseWriter, r *http.Request, key string) {
	web.SetCookie(w, r, &http.Cookie{Name: "batori_flash", Value: url.QueryEscape(key), Path: "/newsroom/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request, l *locale.Locale) string {
	c, err := r.Cookie("batori_flash")
	if err != nil {
		return ""
	}
	web.SetCookie(w, r, &http.Cookie{Name: "batori_flash", Value: "", Path: "/newsroom/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	key, _ := url.QueryUnescape(c.Value)
	if !l.Has(key) {
		return ""
	}
	return l.T(key)
}

// redirect ends a successful POST: flash a message and send the browser on (POST-redirect-GET).
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flashKey string) error {
	if flashKey != "" {
		s.flash(w, r, flashKey)
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-login redirect inside the newsroom.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/newsroom/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return "/newsroom/"
}
