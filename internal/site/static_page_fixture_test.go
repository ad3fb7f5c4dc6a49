package site

import (
	"html/template"
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// fixtureStaticPages renders a static page in both languages, with and without its other
// language and an "Updated On" time; TestFixturePages calls it.
func fixtureStaticPages(t *testing.T, tpl *web.Templates, dir string) {
	for _, lang := range locale.Langs() {
		l := fixtureLocale(lang)
		for _, both := range []bool{true, false} {
			name := "static-page-" + lang.String()
			if !both {
				name += "-one"
			}
			t.Run(name, func(t *testing.T) {
				p := fixturePageBase(lang, "/page/about", "About", "website")
				data := staticPage{Page: p, Heading: "About", Body: template.HTML("<p>" + fixtureTexts[lang].para[0] + "</p>")}
				if both {
					data.Updated = fixtureNow
					other := lang.Other()
					data.Switch = &languageSwitch{Lang: other, URL: staticPageURL(other, "about"), Label: l.T("page_read_in_" + string(other))}
				}
				doc, _ := fixtureRender(t, tpl, dir, name, "static_page", data)
				if doc.Find("h1").Text() != "About" || doc.Find(".story-body p").Length() != 1 {
					t.Error("title or body missing")
				}
				if got := doc.Find(".switch a").Length(); got != map[bool]int{true: 1, false: 0}[both] {
					t.Errorf("%d switches", got)
				}
				if got := doc.Find(".updated").Length(); got != map[bool]int{true: 1, false: 0}[both] {
					t.Errorf("%d updated lines", got)
				}
			})
		}
	}
}
