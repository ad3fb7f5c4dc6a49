package newsroom

import (
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/people"
)

// Static pages (About us, Privacy policy...): editors write them in both languages with the
// story editor, every save a revision; admins choose which pages the footer links to.

func staticPageURL(id int64, lang locale.Lang) string {
	return "/newsroom/pages/" + strconv.FormatInt(id, 10) + "/" + string(lang)
}

func readerPageURL(lang locale.Lang, slug string) string {
	p := "/page/"
	if lang == locale.Assamese {
		p = "/as/page/"
	}
	return p + url.PathEscape(slug)
}

// staticPagesPage is the data of newsroom/pages/static_pages.html.
type staticPagesPage struct {
	page
	Rows    []staticPageRow
	IsAdmin bool
	Errors  map[string]string
}

// staticPageRow is one page in the list, with each language's edition.
type staticPageRow struct {
	ID           int64
	Title        string
	MenuPosition int
	Editions     []staticPageCell
}

// staticPageCell is one language of a page in the list.
type staticPageCell struct {
	Lang     locale.Lang
	LangName string
	EditURL  string
	Status   string
	Reader   string
}

func (s *Server) staticPagesData(w http.ResponseWriter, r *http.Request) (staticPagesPage, error) {
	list, err := s.pages.List(r.Context())
	p := s.page(w, r, "")
	p.Title = p.L.T("pg_title")
	data := staticPagesPage{page: p}
	data.IsAdmin = p.User != nil && p.User.Can(people.Admin)
	for _, pg := range list {
		row := staticPageRow{ID: pg.ID, Title: pg.Title(p.L.Lang()), MenuPosition: pg.MenuPosition}
		for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
			c := staticPageCell{Lang: lang, LangName: p.L.LangName(lang), EditURL: staticPageURL(pg.ID, lang), Status: "missing"}
			if e, ok := pg.Editions[lang]; ok {
				c.Status = string(e.Status)
				if e.Status == pages.Published {
					c.Reader = readerPageURL(lang, e.Slug)
				}
			}
			row.Editions = append(row.Editions, c)
		}
		data.Rows = append(data.Rows, row)
	}
	return data, err
}

func (s *Server) staticPages(w http.ResponseWriter, r *http.Request) error {
	data, err := s.staticPagesData(w, r)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "static_pages", data)
}

// saveFooterMenu sets the footer menu from the list's position fields (menu_{id}): pages with
// a number are linked, in that order.
func (s *Server) saveFooterMenu(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	type entry struct {
		id  int64
		pos int
	}
	var entries []entry
	for k, vs := range r.PostForm {
		idText, ok := strings.CutPrefix(k, "menu_")
		if !ok || len(vs) == 0 || strings.TrimSpace(vs[0]) == "" {
			continue
		}
		id, err := strconv.ParseInt(idText, 10, 64)
		pos, perr := strconv.Atoi(strings.TrimSpace(vs[0]))
		if err != nil || perr != nil || pos < 1 {
			data, lerr := s.staticPagesData(w, r)
			if lerr != nil {
				return lerr
			}
			data.Errors = fielderr.Messages(data.L, fielderr.NewProblem("menu", fielderr.Problem{Code: fielderr.OutOfRange, Min: 1, Max: 99}))
			return s.templates.Render(w, http.StatusUnprocessableEntity, "static_pages", data)
		}
		entries = append(entries, entry{id, pos})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].pos != entries[j].pos {
			return entries[i].pos < entries[j].pos
		}
		return entries[i].id < entries[j].id
	})
	ids := make([]int64, len(entries))
	for i, e := range entries {
		ids[i] = e.id
	}
	err := s.pages.SetMenu(r.Context(), ids)
	if _, bad := fielderr.As(err); bad {
		data, lerr := s.staticPagesData(w, r)
		if lerr != nil {
			return lerr
		}
		data.Errors = fielderr.Messages(data.L, err)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "static_pages", data)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/pages", "pg_flash_menu_saved")
}

// staticPageEditPage is the data of newsroom/pages/static_page_edit.html.
type staticPageEditPage struct {
	page
	PageID    int64
	Lang      locale.Lang
	LangName  string
	OtherLang string
	Exists    bool
	Edition   pages.Edition
	Form      staticPageForm
	Errors    map[string]string
	Conflict  bool
	Action    string
	Revisions string
	Other     string
	Reader    string
	Upload    string
}

// staticPageForm is what the edit form posts.
type staticPageForm struct {
	Title        string
	Slug         string
	Body         string
	BaseRevision int
}

// staticPageTarget reads the page id (0 for "new") and language of the request.
func staticPageTarget(r *http.Request) (int64, locale.Lang, error) {
	lang, ok := locale.ParseLang(r.PathValue("lang"))
	if r.PathValue("lang") == "" {
		lang, ok = locale.ParseLang(r.URL.Query().Get("lang"))
		if !ok {
			lang, ok = locale.English, true
		}
	}
	if !ok {
		return 0, "", errNotFound
	}
	if r.PathValue("id") == "" {
		return 0, lang, nil
	}
	id, err := pathID(r.PathValue("id"))
	return id, lang, err
}

func (s *Server) staticPageData(w http.ResponseWriter, r *http.Request, id int64, lang locale.Lang) (staticPageEditPage, error) {
	p := s.page(w, r, "")
	data := staticPageEditPage{page: p, PageID: id, Lang: lang, LangName: p.L.LangName(lang), OtherLang: p.L.LangName(lang.Other()),
		Action: "/newsroom/pages", Upload: "/newsroom/media/upload"}
	data.Edition.Status = pages.Draft
	if id != 0 {
		data.Action = staticPageURL(id, lang)
		data.Other = staticPageURL(id, lang.Other())
		e, err := s.pages.EditionOf(r.Context(), id, lang)
		switch {
		case err == nil:
			data.Exists, data.Edition = true, e
			data.Form = staticPageForm{Title: e.Title, Slug: e.Slug, Body: e.Body, BaseRevision: e.Revision}
			data.Revisions = data.Action + "/revisions"
			if e.Status == pages.Published {
				data.Reader = readerPageURL(lang, e.Slug)
			}
		case errors.Is(err, pages.ErrNotFound):
			// A page's other language not written yet: check the page exists.
			if _, oerr := s.pages.EditionOf(r.Context(), id, lang.Other()); oerr != nil {
				return data, oerr
			}
		default:
			return data, err
		}
	} else {
		data.Action += "?lang=" + string(lang)
	}
	if data.Exists {
		data.Title = p.L.T("pg_edit_title", data.Form.Title)
	} else {
		data.Title = p.L.T("pg_new_title", data.LangName)
	}
	return data, nil
}

func (s *Server) editStaticPage(w http.ResponseWriter, r *http.Request) error {
	id, lang, err := staticPageTarget(r)
	if err != nil {
		return err
	}
	data, err := s.staticPageData(w, r, id, lang)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "static_page_edit", data)
}

// saveStaticPage saves an edition (making the page when it is new): action save keeps its
// state, publish puts it on the site, unpublish takes it off.
func (s *Server) saveStaticPage(w http.ResponseWriter, r *http.Request) error {
	id, lang, err := staticPageTarget(r)
	if err != nil {
		return err
	}
	data, err := s.staticPageData(w, r, id, lang)
	if err != nil {
		return err
	}
	f := staticPageForm{Title: r.PostFormValue("title"), Slug: r.PostFormValue("slug"), Body: r.PostFormValue("body")}
	f.BaseRevision, _ = strconv.Atoi(r.PostFormValue("base_revision"))
	status := data.Edition.Status
	switch r.PostFormValue("action") {
	case "publish":
		status = pages.Published
	case "unpublish":
		status = pages.Draft
	case "save", "":
	default:
		return errBadRequest
	}
	u, _ := userFrom(r.Context())
	e, err := s.pages.Save(r.Context(), pages.Input{PageID: id, Lang: lang, Slug: f.Slug, Title: f.Title, Body: f.Body, Status: status, BaseRevision: f.BaseRevision, UserID: u.ID})
	if _, bad := fielderr.As(err); bad || errors.Is(err, pages.ErrConflict) {
		data.Form = f
		status := http.StatusUnprocessableEntity
		if bad {
			data.Errors = fielderr.Messages(data.L, err)
		} else {
			data.Conflict, status = true, http.StatusConflict
		}
		return s.templates.Render(w, status, "static_page_edit", data)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, staticPageURL(e.PageID, lang), "pg_flash_saved")
}

// staticPageRevisions lists an edition's saves and the word differences between the last two
// (or ?a=&b=).
func (s *Server) staticPageRevisions(w http.ResponseWriter, r *http.Request) error {
	id, lang, err := staticPageTarget(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	e, err := s.pages.EditionOf(ctx, id, lang)
	if err != nil {
		return err
	}
	revs, err := s.pages.Revisions(ctx, e.ID)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("desk_revisions_title", e.Title)
	data := revisionsPage{page: p, Lang: lang, Subject: e.Title, EditURL: staticPageURL(id, lang),
		ListURL: "/newsroom/pages", ListName: p.L.T("pg_title")}
	text := map[int]string{}
	for _, rv := range revs {
		data.Revisions = append(data.Revisions, revisionRow{Number: rv.Number, Headline: rv.Title, UserID: rv.UserID, CreatedAt: rv.CreatedAt})
		text[rv.Number] = news.Revision{Headline: rv.Title, Body: rv.Body}.Text()
	}
	return s.renderRevisions(w, r, data, func(a, b int) (string, string, error) { return text[a], text[b], nil })
}
