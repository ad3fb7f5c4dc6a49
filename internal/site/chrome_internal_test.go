package site

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/memo"
	"github.com/batori-news/batori/internal/web"
)

// TestChromeKept: a page given its kept header and footer (an article its blank comment
// form's fields, the home page its lead, latest lines and section boxes, both the "Most read" box) is byte for byte the page the templates render themselves, on the first render and from what was kept; and a page differing in anything
// one of the pieces prints gets another key for that piece, so no page shows a piece kept for
// another.
func TestChromeKept(t *testing.T) {
	tpl, _ := fixtureEngine(t)
	s := &Server{templates: tpl}
	s.cardHTML.gen = &memo.Gen{}
	render := func(page string, data any) []byte {
		t.Helper()
		var buf bytes.Buffer
		if err := tpl.Execute(&buf, page, data); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	withPush := func(p web.Page) web.Page {
		p.Push = pushPrompt(p.L.Lang(), nil)
		p.Push.Sections = []web.PushSection{{Slug: "assam", Name: "Assam"}}
		p.Breaking = &web.NavLink{Name: "Flood", URL: "/news/9/flood"}
		return p
	}
	for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
		home := fixtureHome(lang)
		article := fixtureArticle(lang, true, true, true)
		list := fixtureList(lang, "section", 12)
		errPage := fixtureError(lang, 404)
		pushed := fixtureHome(lang)
		pushed.Page = withPush(pushed.Page)
		commented := fixtureArticle(lang, false, false, false)
		commented.Comments = &commentsView{Count: 1, Items: []commentItem{{ID: 1, Anchor: "comment-1", Name: "Ana", Body: "<p>Yes</p>", Posted: fixtureNow}},
			Form: &commentForm{Action: "/news/1/a/comments", Key: "k", Token: "t"}}
		cases := []struct {
			name, page string
			data       any
			pg         *web.Page
		}{
			{"home", "home", &home, &home.Page},
			{"article", "article", &article, &article.Page},
			{"list", "list", &list, &list.Page},
			{"error", "error", &errPage, &errPage.Page},
			{"push", "home", &pushed, &pushed.Page},
			{"comments", "article", &commented, &commented.Page},
		}
		for _, c := range cases {
			want := render(c.page, c.data)
			for round := range 2 {
				c.pg.Chrome = nil
				if err := s.keepChrome(c.pg); err != nil {
					t.Fatal(err)
				}
				if c.name == "home" || c.name == "push" {
					hp := c.data.(*homePage)
					lead := []card{*hp.Lead}
					lead[0].HTML = ""
					if err := s.renderCards(hp.Page, lead, "lead", false); err != nil {
						t.Fatal(err)
					}
					hp.Lead = &lead[0]
					var err error
					if hp.LatestHTML, err = s.keepLatest(hp.Page, hp.Latest); err != nil || hp.LatestHTML == "" {
						t.Fatalf("%s: the latest lines were not kept (%v)", lang, err)
					}
					for i := range hp.Blocks {
						b := &hp.Blocks[i]
						b.HTML = ""
						if err := s.renderCards(hp.Page, b.Stories, "card", false); err != nil {
							t.Fatal(err)
						}
						if b.HTML, err = s.keepBlock(hp.Page, i, *b); err != nil || b.HTML == "" {
							t.Fatalf("%s: block %d not kept (%v)", lang, i, err)
						}
					}
				}
				switch d := c.data.(type) {
				case *homePage:
					d.MostRead.HTML = ""
					if err := s.keepMostRead(d.Page, d.MostRead, false); err != nil || d.MostRead.HTML == "" {
						t.Fatalf("%s %s: most read not kept (%v)", lang, c.name, err)
					}
				case *articlePage:
					d.MostRead.HTML = ""
					if err := s.keepMostRead(d.Page, d.MostRead, true); err != nil || d.MostRead.HTML == "" {
						t.Fatalf("%s %s: most read not kept (%v)", lang, c.name, err)
					}
				}
				if c.name == "comments" {
					commented.Comments.Form.Fields = ""
					if err := s.keepCommentFields(commented.Page, commented.Comments); err != nil || commented.Comments.Form.Fields == "" {
						t.Fatalf("%s: the blank comment form's fields were not kept (%v)", lang, err)
					}
				}
				if c.pg.Chrome == nil {
					t.Fatalf("%s %s: no chrome kept", lang, c.name)
				}
				if got := render(c.page, c.data); !bytes.Equal(got, want) {
					t.Errorf("%s %s (round %d): the page with its kept chrome differs from the layout's:\n%s", lang, c.name, round, firstDiff(got, want))
				}
			}
		}
	}

	base := fixturePageBase(locale.English, "/section/s1", "T", "website")
	base.Push = pushPrompt(locale.English, nil)
	keys := map[string]func(keyOf, *web.Page) keyOf{"masthead-top": topKey, "masthead-brand": brandKey, "site-nav": navKey, "site-foot": footKey}
	piece := func(part string, p web.Page) string {
		var buf bytes.Buffer
		if err := tpl.ExecutePart(&buf, part, p); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	variants := map[string]func(p *web.Page){
		"lang":       func(p *web.Page) { *p = fixturePageBase(locale.Assamese, "/section/s1", "T", "website") },
		"digits":     func(p *web.Page) { p.L = locale.New(locale.English, locale.IndiaZone(), locale.LatinDigits) },
		"day":        func(p *web.Page) { p.Now = p.Now.Add(24 * time.Hour) },
		"year":       func(p *web.Page) { p.Now = p.Now.AddDate(1, 0, 0) },
		"home":       func(p *web.Page) { p.HomeURL = "/x/" },
		"name":       func(p *web.Page) { p.Site.Name = "Other" },
		"logo":       func(p *web.Page) { p.Site.Logo = "/media/logo.png" },
		"tagline":    func(p *web.Page) { p.Site.Tagline = "Other" },
		"no tagline": func(p *web.Page) { p.Site.Tagline = "" },
		"address":    func(p *web.Page) { p.Site.Address = "" },
		"email":      func(p *web.Page) { p.Site.Email = "x@example.org" },
		"phone":      func(p *web.Page) { p.Site.Phone = "+91 1" },
		"links":      func(p *web.Page) { p.Site.Links = append(p.Site.Links, web.NavLink{Name: "About", URL: "/about"}) },
		"link name":  func(p *web.Page) { p.Site.Links = []web.NavLink{{Name: "Reach us", URL: p.Site.Links[0].URL}} },
		"section":    func(p *web.Page) { p.Nav[0].Name = "Other" },
		"section url": func(p *web.Page) {
			p.Nav[0].URL = "/section/other"
		},
		"active":        func(p *web.Page) { p.Nav[1].Active, p.Nav[2].Active = false, true },
		"no sections":   func(p *web.Page) { p.Nav = nil },
		"no push":       func(p *web.Page) { p.Push = nil },
		"push sections": func(p *web.Page) { p.Push.Sections = []web.PushSection{{Slug: "a", Name: "A"}} },
		"push lang":     func(p *web.Page) { p.Push.Lang = locale.Assamese },
	}
	for name, change := range variants {
		p := base
		p.Nav = append([]web.NavLink(nil), base.Nav...)
		p.Site.Links = append([]web.NavLink(nil), base.Site.Links...)
		push := *base.Push
		p.Push = &push
		change(&p)
		for part, key := range keys {
			if piece(part, p) != piece(part, base) && string(key(nil, &p)) == string(key(nil, &base)) {
				t.Errorf("%s: a page differing in %s prints another %s under the same key", part, name, part)
			}
		}
	}
}

// firstDiff shows where got first differs from want.
func firstDiff(got, want []byte) string {
	i := 0
	for i < len(got) && i < len(want) && got[i] == want[i] {
		i++
	}
	from := max(0, i-80)
	return "got:  …" + strings.ToValidUTF8(string(got[from:min(len(got), i+80)]), "") + "\nwant: …" + strings.ToValidUTF8(string(want[from:min(len(want), i+80)]), "")
}
