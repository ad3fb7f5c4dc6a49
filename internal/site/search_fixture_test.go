package site

import (
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/search"
	"github.com/batori-news/batori/internal/web"
)

// fixtureSearch is a search page: with results when n > 0, with a message for field "q" when
// problem is set, the empty form when neither.
func fixtureSearch(lang locale.Lang, q string, n int, problem string) searchPage {
	l := fixtureLocale(lang)
	p := searchPage{Page: fixturePageBase(lang, "/search", l.T("search_title"), "website"), Form: searchForm{Q: q, Lang: lang.String()}}
	p.NoIndex = true
	p.Alternates = nil
	p.Langs = []option{{Value: lang.String(), Name: l.LangName(lang), Selected: true}, {Value: "any", Name: l.T("search_lang_any")}}
	p.Sections = []option{{Value: "s0", Name: fixtureTexts[lang].sections[0]}}
	p.Authors = []option{{Value: "a0", Name: fixtureTexts[lang].authors[0]}}
	if problem != "" {
		p.Errors = map[string]string{"q": problem}
		return p
	}
	if q == "" {
		return p
	}
	p.Searched = true
	p.Title = l.T("search_title_for", q)
	p.Total = n
	p.Pager = pager{Page: 1, Pages: 1}
	for i := range n {
		c := fixtureCard(lang, i)
		c.Standfirst = ""
		p.Results = append(p.Results, searchResult{card: c,
			Marked:  []search.Piece{{Text: q, Mark: true}, {Text: " " + c.Headline}},
			Snippet: []search.Piece{{Text: "… <script>alert(1)</script> "}, {Text: q, Mark: true}, {Text: " & more …"}}})
	}
	if n > 1 {
		p.Pager = pager{Page: 1, Pages: 3, Next: "/search?q=x&page=2"}
	}
	return p
}

func fixtureSearchPages(t *testing.T, tpl *web.Templates, dir string) {
	for _, lang := range locale.Langs() {
		l := fixtureLocale(lang)
		word := map[locale.Lang]string{locale.English: "flood", locale.Assamese: "বান"}[lang]
		t.Run("search-results-"+lang.String(), func(t *testing.T) {
			doc, raw := fixtureRender(t, tpl, dir, "search-results-"+lang.String(), "search", fixtureSearch(lang, word, 3, ""))
			if got := doc.Find("ol.results li.result").Length(); got != 3 {
				t.Errorf("%d results, want 3", got)
			}
			if got := doc.Find("li.result mark").Length(); got != 6 {
				t.Errorf("%d marked words, want 6", got)
			}
			if strings.Contains(string(raw), "<script>alert") || !strings.Contains(string(raw), "&lt;script&gt;") {
				t.Error("a snippet's text is not escaped")
			}
			if got := doc.Find(`main form.search-form input[name=q]`).AttrOr("value", ""); got != word {
				t.Errorf("search form shows %q", got)
			}
			if doc.Find(`a[rel=next]`).Length() != 1 {
				t.Error("no link to the next page")
			}
		})
		t.Run("search-empty-"+lang.String(), func(t *testing.T) {
			doc, _ := fixtureRender(t, tpl, dir, "search-empty-"+lang.String(), "search", fixtureSearch(lang, "", 0, ""))
			if !strings.Contains(doc.Find("main").Text(), l.T("search_intro")) {
				t.Error("the empty search page does not say what to do")
			}
		})
		t.Run("search-none-"+lang.String(), func(t *testing.T) {
			data := fixtureSearch(lang, word, 0, "")
			data.AnyLangURL = "/search?lang=any&q=x"
			doc, _ := fixtureRender(t, tpl, dir, "search-none-"+lang.String(), "search", data)
			main := doc.Find("main").Text()
			if !strings.Contains(main, l.T("search_none", word)) || doc.Find(`a[href="/search?lang=any&q=x"]`).Length() != 1 {
				t.Error("the no-result page does not say so or offer both languages")
			}
		})
		t.Run("search-too-long-"+lang.String(), func(t *testing.T) {
			msg := l.T("field_too_long", 100)
			doc, _ := fixtureRender(t, tpl, dir, "search-too-long-"+lang.String(), "search", fixtureSearch(lang, strings.Repeat("x", 101), 0, msg))
			if got := doc.Find("#search-q-error").Text(); got != msg {
				t.Errorf("error %q, want %q", got, msg)
			}
		})
	}
}
