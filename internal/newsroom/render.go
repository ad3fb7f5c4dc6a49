package newsroom

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/web"
)

var (
	errNotFound     = errors.New("not found")
	errForbidden    = errors.New("you do not have permission to do this")
	errUnauthorized = errors.New("you need to log in")
	errBadRequest   = errors.New("bad request")
	errRateLimited  = errors.New("too many requests")
	errCrossOrigin  = errors.New("cross-origin request refused")
)

// handlerFunc is a newsroom handler: it writes a response or returns an error for handle.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle loads the session, if any, and turns a handler's error into the newsroom's error
// page (for the signed-in user, in their language), or JSON for API calls.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		r = s.withSession(r)
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

func statusOf(err error) int {
	var tooLarge *http.MaxBytesError
	var throttled people.ErrThrottled
	switch {
	case errors.Is(err, errNotFound), errors.Is(err, news.ErrNotFound), errors.Is(err, people.ErrNotFound),
		errors.Is(err, media.ErrNotFound), errors.Is(err, mail.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, errForbidden), errors.Is(err, errCrossOrigin):
		return http.StatusForbidden
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, errBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, news.ErrConflict):
		return http.StatusConflict
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errRateLimited), errors.As(err, &throttled):
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	if status >= 500 {
		s.log.Error("newsroom request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	p := s.page(w, r, "")
	msg := p.L.T(errorKey(status))
	if errors.Is(err, errCrossOrigin) {
		msg = p.L.T("nr_err_cross_origin")
	}
	if wantsJSON(r) {
		writeJSON(w, status, map[string]string{"error": msg})
		return
	}
	data := errorPage{page: p, Status: status, Message: msg}
	data.Title = msg
	if err := s.templates.Render(w, status, "error", data); err != nil {
		s.log.Error("render newsroom error page", "err", err)
		http.Error(w, msg, status)
	}
}

func errorKey(status int) string {
	switch status {
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
	case http.StatusRequestEntityTooLarge:
		return "nr_err_too_large"
	case http.StatusTooManyRequests:
		return "nr_err_rate_limited"
	}
	return "nr_err_server"
}

// wantsJSON reports whether the client is the editor's script rather than a person.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json") ||
		strings.HasPrefix(r.Header.Get("Content-Type"), "application/json")
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

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
		http.SetCookie(w, &http.Cookie{Name: "batori_lang", Value: string(l), Path: "/newsroom/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, HttpOnly: true})
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

// menu is the newsroom navigation for a user's role.
func (s *Server) menu(r *http.Request, l *locale.Locale, u people.User) []web.NavLink {
	items := []struct {
		key, url string
		roles    []people.Role
	}{
		{"nr_menu_dashboard", "/newsroom/", nil},
		{"nr_menu_stories", "/newsroom/stories", nil},
		{"nr_menu_review", "/newsroom/review", []people.Role{people.Editor, people.Admin}},
		{"ed_menu_translations", "/newsroom/translations", []people.Role{people.Editor, people.Admin, people.Translator}},
		{"nr_menu_comments", "/newsroom/comments", []people.Role{people.Editor, people.Admin}},
		{"nr_menu_media", "/newsroom/media", nil},
		{"nr_menu_enquiries", "/newsroom/enquiries", []people.Role{people.Editor, people.Admin}},
		{"nr_menu_users", "/newsroom/users", []people.Role{people.Editor, people.Admin}},
		{"nr_mt_menu_glossary", "/newsroom/translation/glossary", []people.Role{people.Editor, people.Admin}},
		{"nr_menu_settings", "/newsroom/settings", []people.Role{people.Admin}},
		{"nr_mt_menu_settings", "/newsroom/translation/settings", []people.Role{people.Admin}},
		{"nr_menu_sections", "/newsroom/sections", []people.Role{people.Admin}},
		{"nr_menu_outbox", "/newsroom/outbox", []people.Role{people.Admin}},
		{"nr_menu_account", "/newsroom/account", nil},
	}
	var out []web.NavLink
	for _, it := range items {
		if !u.Can(it.roles...) {
			continue
		}
		active := r.URL.Path == it.url || it.url != "/newsroom/" && strings.HasPrefix(r.URL.Path, it.url)
		out = append(out, web.NavLink{Name: l.T(it.key), URL: it.url, Active: active})
	}
	return out
}

// flash stores a message key to show on the next page (after a redirect).
func (s *Server) flash(w http.ResponseWriter, r *http.Request, key string) {
	http.SetCookie(w, &http.Cookie{Name: "batori_flash", Value: url.QueryEscape(key), Path: "/newsroom/", MaxAge: 60, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request, l *locale.Locale) string {
	c, err := r.Cookie("batori_flash")
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: "batori_flash", Value: "", Path: "/newsroom/", MaxAge: -1})
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

// absolute is a full URL for links in e-mails.
func (s *Server) absolute(r *http.Request, path string) string {
	if s.baseURL != "" {
		return s.baseURL + path
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

// safeNext keeps a post-login redirect inside the newsroom.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/newsroom/") && !strings.HasPrefix(next, "//") && !strings.Contains(next, "\\") {
		return next
	}
	return "/newsroom/"
}

// CrossOriginDenied answers a state-changing request that came from another site's page (a
// forged form) with the newsroom's error page.
func (s *Server) CrossOriginDenied() http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error { return errCrossOrigin })
}
