package site

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/search"
	"github.com/batori-news/batori/internal/web"
)

// searchPerPage is how many results a search page shows.
const searchPerPage = 10

// searchPage is the data of pages/search.html: the search form with its filters, and the
// results of the query when there is one.
type searchPage struct {
	web.Page
	Form searchForm
	// Errors are the messages of filters that cannot be used, by field.
	Errors map[string]string
	// Searched is set when the query had words to look for.
	Searched bool
	Results  []searchResult
	Total    int
	Capped   bool
	Pager    pager
	// AnyLangURL searches the same words in both languages, offered when nothing was found in one.
	AnyLangURL string
	Langs      []option
	Sections   []option
	Authors    []option
}

// searchForm is the search as the reader typed it, shown again in the form.
type searchForm struct {
	Q, Lang, Section, Author, From, To string
	// Filtered is set when a filter narrows the search, so the filters show open.
	Filtered bool
}

// searchResult is a story found, with its headline and a passage marked where it matched.
type searchResult struct {
	card
	Marked  []search.Piece
	Snippet []search.Piece
}

// option is one choice of a select.
type option struct {
	Value    string
	Name     string
	Selected bool
}

// searchLangAny is the language filter's value for both languages.
const searchLangAny = "any"

// search answers /search and /as/search. Results depend on the query and change with every
// publication, so the page is never cached (by us or a CDN) and search engines are asked not
// to index it.
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langOf(r)
	w.Header().Set("Cache-Control", "no-store")
	n, err := web.PageNumber(r)
	if err != nil {
		return err
	}
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	p.NoIndex = true
	p.Canonical = s.absolute(r, searchURL(lang))
	v := r.URL.Query()
	data := searchPage{Page: p, Form: searchForm{Q: v.Get("q"), Lang: v.Get("lang"), Section: v.Get("section"),
		Author: v.Get("author"), From: v.Get("from"), To: v.Get("to")}}
	data.Title = p.L.T("search_title")

	var bad fielderr.Error
	q, err := search.ParseQuery(data.Form.Q)
	if fe, ok := fielderr.As(err); ok {
		bad.AddProblem("q", fe.Fields["q"])
	} else if err != nil {
		return err
	}
	f := search.Filter{Lang: lang}
	switch data.Form.Lang {
	case "", string(lang):
		data.Form.Lang = string(lang)
	case searchLangAny:
		f.Lang = ""
	default:
		l, ok := locale.ParseLang(data.Form.Lang)
		if !ok {
			bad.Add("lang", fielderr.NotAllowed)
		}
		f.Lang = l
	}
	sections, err := s.sections(ctx)
	if err != nil {
		return err
	}
	for _, sec := range sections {
		if sec.Slug == data.Form.Section {
			f.SectionID = sec.ID
		}
		data.Sections = append(data.Sections, option{Value: sec.Slug, Name: sec.Name.In(lang), Selected: sec.Slug == data.Form.Section})
	}
	if data.Form.Section != "" && f.SectionID == 0 {
		bad.Add("section", fielderr.NotAllowed)
	}
	authors, err := s.news.Authors(ctx)
	if err != nil {
		return err
	}
	for _, a := range authors {
		if a.Slug == data.Form.Author {
			f.AuthorID = a.ID
		}
		data.Authors = append(data.Authors, option{Value: a.Slug, Name: a.Name.In(lang), Selected: a.Slug == data.Form.Author})
	}
	if data.Form.Author != "" && f.AuthorID == 0 {
		bad.Add("author", fielderr.NotAllowed)
	}
	zone := p.L.Zone()
	if f.From, err = parseDay(data.Form.From, zone); err != nil {
		bad.Add("from", fielderr.InvalidDate)
	}
	if f.To, err = parseDay(data.Form.To, zone); err != nil {
		bad.Add("to", fielderr.InvalidDate)
	} else if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // the whole of the last day
	}
	for _, l := range []string{string(lang), string(lang.Other()), searchLangAny} {
		name := p.L.T("search_lang_any")
		if l != searchLangAny {
			name = p.L.LangName(locale.Lang(l))
		}
		data.Langs = append(data.Langs, option{Value: l, Name: name, Selected: l == data.Form.Lang})
	}
	data.Form.Filtered = data.Form.Lang != string(lang) || data.Form.Section != "" || data.Form.Author != "" ||
		data.Form.From != "" || data.Form.To != ""

	if err := bad.OrNil(); err != nil {
		data.Errors = fielderr.Messages(p.L, err)
		return s.templates.Render(w, http.StatusBadRequest, "search", data)
	}
	if q.Empty() {
		return s.templates.Render(w, http.StatusOK, "search", data)
	}
	data.Searched = true
	data.Title = p.L.T("search_title_for", q.Text)
	res, err := s.index.Search(ctx, q, f, searchPerPage, (n-1)*searchPerPage)
	if err != nil {
		return err
	}
	pages := max(1, (res.Total+searchPerPage-1)/searchPerPage)
	if n > pages {
		return errNotFound
	}
	data.Total, data.Capped = res.Total, res.Capped
	ids := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.EditionID
	}
	teasers, err := s.news.PublishedTeasers(ctx, ids)
	if err != nil {
		return err
	}
	byID := map[int64]news.Teaser{}
	for _, t := range teasers {
		byID[t.EditionID] = t
	}
	for _, h := range res.Hits {
		t, ok := byID[h.EditionID]
		if !ok {
			continue // withdrawn between the search and now
		}
		c := s.card(t.Lang, t)
		c.Standfirst = ""
		data.Results = append(data.Results, searchResult{card: c, Marked: h.Headline, Snippet: h.Snippet})
	}
	data.Pager = pager{Page: n, Pages: pages}
	if n > 1 {
		data.Pager.Prev = searchPageURL(lang, v, n-1)
	}
	if n < pages {
		data.Pager.Next = searchPageURL(lang, v, n+1)
	}
	if res.Total == 0 && data.Form.Lang != searchLangAny {
		all := url.Values{"q": {q.Text}, "lang": {searchLangAny}}
		data.AnyLangURL = searchURL(lang) + "?" + all.Encode()
	}
	return s.templates.Render(w, http.StatusOK, "search", data)
}

// searchURL is the search page of lang.
func searchURL(lang locale.Lang) string { return prefix(lang) + "/search" }

// searchPageURL is page n of the search v.
func searchPageURL(lang locale.Lang, v url.Values, n int) string {
	c := url.Values{}
	for k, vs := range v {
		c[k] = vs
	}
	c.Del("page")
	if n > 1 {
		c.Set("page", strconv.Itoa(n))
	}
	return searchURL(lang) + "?" + c.Encode()
}

// errNoDay is a date filter that is not a day.
var errNoDay = errors.New("not a date")

// parseDay reads a date filter (2025-08-15) as the start of that day in zone; empty is zero.
func parseDay(v string, zone *time.Location) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", v, zone)
	if err != nil || t.Year() < 1900 || t.Year() > 9999 {
		return time.Time{}, errNoDay
	}
	return t, nil
}
