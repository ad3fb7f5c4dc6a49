package newsroom

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/views"
	"github.com/batori-news/batori/internal/web"
)

// storiesPage is the data of newsroom/pages/stories.html: editions with filters. Reporters
// see their own stories only.
type storiesPage struct {
	page
	Status   news.Status
	Lang     locale.Lang
	Query    string
	Statuses []statusTab
	Langs    []langOption
	Items    []deskRow
	Total    int
	Prev     string
	Next     string
	IsEditor bool
	// ShowViews adds the readers' views column (story_views.go).
	ShowViews bool
}

// statusTab is one state in the filter, with how many editions are in it.
type statusTab struct {
	Status news.Status
	Name   string
	Count  int
	URL    string
	Active bool
}

// langOption is an edition language offered in a select.
type langOption struct {
	Lang     locale.Lang
	Name     string
	Selected bool
}

// deskRow is an edition in a desk list, with its links.
type deskRow struct {
	news.DeskItem
	Section    string
	StatusName string
	EditURL    string
	LangName   string
	// Views is how often readers opened the edition; nil where it was never read.
	Views *views.Tally
}

// workflowStates lists the states in the order the desk shows them.
var workflowStates = []news.Status{news.Draft, news.Submitted, news.Scheduled, news.Published, news.Unpublished}

const storiesPerPage = 30

func (s *Server) stories(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	q := r.URL.Query()
	f := news.DeskFilter{Query: strings.TrimSpace(q.Get("q")), Limit: storiesPerPage}
	if v := q.Get("status"); v != "" {
		f.Status = news.Status(v)
		if !validStatus(f.Status) {
			return errNotFound
		}
	}
	if v := q.Get("lang"); v != "" {
		lang, ok := locale.ParseLang(v)
		if !ok {
			return errNotFound
		}
		f.Lang = lang
	}
	if !isEditor(me) {
		f.CreatedBy = me.ID
	}
	n, err := web.PageNumber(r)
	if err != nil {
		return err
	}
	f.Offset = (n - 1) * storiesPerPage
	items, total, err := s.news.Desk(ctx, f)
	if err != nil {
		return err
	}
	counts, err := s.news.DeskCounts(ctx, f.CreatedBy)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("desk_stories_title")
	data := storiesPage{page: p, Status: f.Status, Lang: f.Lang, Query: f.Query, Total: total, IsEditor: isEditor(me)}
	all := 0
	for _, st := range workflowStates {
		all += counts[st]
	}
	data.Statuses = append(data.Statuses, statusTab{Name: p.L.T("desk_status_all"), Count: all, URL: withQuery(withoutPage(r), "status", ""), Active: f.Status == ""})
	for _, st := range workflowStates {
		data.Statuses = append(data.Statuses, statusTab{Status: st, Name: p.L.T(statusKey(st)), Count: counts[st],
			URL: withQuery(withoutPage(r), "status", string(st)), Active: f.Status == st})
	}
	for _, l := range locale.Langs() {
		data.Langs = append(data.Langs, langOption{Lang: l, Name: p.L.LangName(l), Selected: l == f.Lang})
	}
	data.Items = s.deskRows(p, items)
	if tallies := s.viewTallies(ctx, items); tallies != nil {
		data.ShowViews = true
		for i, it := range items {
			if t, ok := tallies[views.Edition{StoryID: it.StoryID, Lang: it.Lang}]; ok {
				data.Items[i].Views = &t
			}
		}
	}
	if n > 1 {
		data.Prev = withQuery(r.URL, "page", strconv.Itoa(n-1))
	}
	if n*storiesPerPage < total {
		data.Next = withQuery(r.URL, "page", strconv.Itoa(n+1))
	}
	return s.templates.Render(w, http.StatusOK, "stories", data)
}

// withoutPage is the request URL without ?page=, for filter links that start again at page 1.
func withoutPage(r *http.Request) *url.URL {
	u := *r.URL
	q := u.Query()
	q.Del("page")
	u.RawQuery = q.Encode()
	return &u
}

func validStatus(st news.Status) bool {
	for _, s := range workflowStates {
		if s == st {
			return true
		}
	}
	return false
}

// deskRows adds names and links to desk items.
func (s *Server) deskRows(p page, items []news.DeskItem) []deskRow {
	out := make([]deskRow, len(items))
	for i, it := range items {
		out[i] = deskRow{
			DeskItem: it, Section: it.SectionName.In(p.L.Lang()), StatusName: p.L.T(statusKey(it.Status)),
			EditURL: editionURL(it.StoryID, it.Lang), LangName: p.L.LangName(it.Lang),
		}
	}
	return out
}
