package newsroom

import (
	"net/http"
	"strconv"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/search"
	"github.com/batori-news/batori/internal/web"
)

// searchPerPage is how many stories a newsroom search page lists.
const searchPerPage = 20

// searchPage is the data of newsroom/pages/search.html: the search over every edition the
// person may open, in every state.
type searchPage struct {
	page
	Query string
	Lang  locale.Lang
	// Everything says the person sees every story (editors, translators), not only their own.
	Everything bool
	Langs      []langOption
	Problem    string
	Searched   bool
	Results    []searchRow
	Total      int
	Capped     bool
	Prev       string
	Next       string
}

// searchRow is one edition found, with where the person can open it.
type searchRow struct {
	search.Hit
	StatusName string
	LangName   string
	// URL is the editor page when the person may work on the edition, else (a published story
	// of someone else's) the reader's page.
	URL    string
	Public bool
}

// searchStories searches the newsroom's stories. Editors and translators (who may open any
// edition) search them all; a reporter their own stories in every state and everyone's
// published ones, as news.Actions allows.
func (s *Server) searchStories(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	actor := actorOf(me)
	v := r.URL.Query()
	n, err := web.PageNumber(r)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_search_title")
	data := searchPage{page: p, Query: v.Get("q"), Everything: actor.Editor || actor.Translator}
	f := search.Filter{Staff: &search.Staff{Everything: data.Everything, UserID: me.ID}}
	if l := v.Get("lang"); l != "" {
		lang, ok := locale.ParseLang(l)
		if !ok {
			return errNotFound
		}
		f.Lang, data.Lang = lang, lang
	}
	for _, l := range locale.Langs() {
		data.Langs = append(data.Langs, langOption{Lang: l, Name: p.L.LangName(l), Selected: l == f.Lang})
	}
	q, err := search.ParseQuery(data.Query)
	if err != nil {
		if msgs := fielderr.Messages(p.L, err); msgs != nil {
			data.Problem = msgs["q"]
			return s.templates.Render(w, http.StatusBadRequest, "search", data)
		}
		return err
	}
	if q.Empty() {
		return s.templates.Render(w, http.StatusOK, "search", data)
	}
	data.Searched = true
	data.Title = p.L.T("nr_search_heading", q.Text)
	res, err := s.index.Search(ctx, q, f, searchPerPage, (n-1)*searchPerPage)
	if err != nil {
		return err
	}
	if n > 1 && len(res.Hits) == 0 {
		return errNotFound
	}
	data.Total, data.Capped = res.Total, res.Capped
	for _, h := range res.Hits {
		row := searchRow{Hit: h, StatusName: p.L.T(statusKey(h.Status)), LangName: p.L.LangName(h.Lang)}
		e := news.Edition{ID: h.EditionID, StoryID: h.StoryID, Lang: h.Lang, Status: h.Status, PublishedAt: h.PublishedAt}
		switch {
		case news.Actions(actor, e, h.OwnerID) != 0:
			row.URL = editionURL(h.StoryID, h.Lang)
		case h.Status == news.Published:
			row.URL, row.Public = readerURL(h.StoryID, h.Lang), true
		default:
			continue // the index and the rules disagree: show nothing the person may not open
		}
		data.Results = append(data.Results, row)
	}
	if n > 1 {
		data.Prev = withQuery(r.URL, "page", strconv.Itoa(n-1))
	}
	if n*searchPerPage < res.Total {
		data.Next = withQuery(r.URL, "page", strconv.Itoa(n+1))
	}
	return s.templates.Render(w, http.StatusOK, "search", data)
}
