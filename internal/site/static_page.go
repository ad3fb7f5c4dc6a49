package site

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/web"
)

// staticPageURL is a static page's path in lang: /page/{slug} or /as/page/{slug}. The /page/
// prefix keeps admins' slugs clear of every other reader route.
func staticPageURL(lang locale.Lang, slug string) string {
	return prefix(lang) + "/page/" + url.PathEscape(slug)
}

// PageTag is carried by a static page's own pages in both languages.
func PageTag(pageID int64) string { return "page:" + strconv.FormatInt(pageID, 10) }

// staticPage is the data of pages/static_page.html.
type staticPage struct {
	web.Page
	Heading string
	Body    template.HTML
	Updated time.Time
	// Switch is the page in the other language, when it is published there.
	Switch *languageSwitch
	// Kept, on the privacy page, says what is kept about readers and for how long, from the
	// retention settings the daily job enforces.
	Kept []string
}

// privacySlug is the slug of the static page that states the retention periods.
const privacySlug = "privacy"

// keptLines are the retention periods as the privacy page states them in l's language.
func (s *Server) keptLines(r *http.Request, l *locale.Locale) ([]string, error) {
	st, err := s.retention(r.Context())
	if err != nil {
		return nil, err
	}
	return []string{
		l.TCount("privacy_kept_comments", int64(st.CommentDays)),
		l.TCount("privacy_kept_enquiries", int64(st.EnquiryDays)),
		l.TCount("privacy_kept_mails", int64(st.MailDays)),
		l.T("privacy_kept_limits"),
		l.TCount("privacy_kept_backups", int64(st.BackupKeep)),
	}, nil
}

// footerPages are the footer menu's links in lang (pages.Store.Menu).
func (s *Server) footerPages(r *http.Request, lang locale.Lang) ([]web.NavLink, error) {
	if s.pages == nil {
		return nil, nil
	}
	menu, err := s.kept.footer[lang].Get(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]web.NavLink, len(menu))
	for i, m := range menu {
		u := staticPageURL(lang, m.Slug)
		out[i] = web.NavLink{Name: m.Title, URL: u, Active: r.URL.Path == u}
	}
	return out, nil
}

// staticPageView shows a published static page.
func (s *Server) staticPageView(w http.ResponseWriter, r *http.Request) error {
	if s.pages == nil {
		return errNotFound
	}
	lang := langOf(r)
	e, others, err := s.pages.Published(r.Context(), lang, r.PathValue("slug"))
	if errors.Is(err, pages.ErrNotFound) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	pagecache.Tag(w, PageTag(e.PageID))
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	data := staticPage{Page: p, Heading: e.Title, Body: template.HTML(s.sanitizer.Body(e.Body)), Updated: e.UpdatedAt}
	data.Title = e.Title
	data.Canonical = s.absolute(r, staticPageURL(lang, e.Slug))
	data.Alternates = append(data.Alternates, alternate(data.Canonical, lang))
	for _, o := range others {
		u := staticPageURL(o.Lang, o.Slug)
		data.Alternates = append(data.Alternates, alternate(s.absolute(r, u), o.Lang))
		data.Switch = &languageSwitch{Lang: o.Lang, URL: u, Label: p.L.T("page_read_in_" + string(o.Lang))}
	}
	if s.retention != nil && e.Slug == privacySlug {
		if data.Kept, err = s.keptLines(r, p.L); err != nil {
			return err
		}
	}
	return s.templates.Render(w, http.StatusOK, "static_page", data)
}
