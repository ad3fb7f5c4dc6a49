package site

import (
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// fixtureDigestPages renders every step of the digest's pages in both languages, without a
// database: the form (with a field error and chosen sections), the confirmation and
// unsubscribe pages with their buttons, and a bad link.
func fixtureDigestPages(t *testing.T, tpl *web.Templates, dir string) {
	for _, lang := range locale.Langs() {
		l := fixtureLocale(lang)
		for _, step := range []string{"form", "sent", "confirm", "confirmed", "unsubscribe", "unsubscribed", "bad_link"} {
			name := "digest-" + step + "-" + lang.String()
			t.Run(name, func(t *testing.T) {
				data := digestPage{Page: fixturePageBase(lang, digestURL(lang), l.T("digest_title"), "website"), Step: step,
					Email: "reader@example.org", Token: "t0k", Lang: l.LangName(lang)}
				switch step {
				case "form":
					data.Action = digestURL(lang)
					data.Sections = []sectionOption{{ID: 1, Name: fixtureTexts[lang].sections[0], Chosen: true}, {ID: 2, Name: fixtureTexts[lang].sections[1]}}
					data.Errors = map[string]string{"email": l.T("field_invalid_email")}
				case "confirm":
					data.Action = digestURL(lang) + "/confirm"
				case "unsubscribe":
					data.Action = UnsubscribePath + "1.sig"
				case "bad_link":
					data.Alert = l.T("digest_err_bad_link")
				}
				doc, _ := fixtureRender(t, tpl, dir, name, "digest", data)
				if doc.Find("div.digest-"+step).Length() != 1 || strings.TrimSpace(doc.Find("h1").Text()) == "" {
					t.Fatalf("the %s step is not shown", step)
				}
				switch step {
				case "form":
					if doc.Find(`input[name=section][checked]`).Length() != 1 || doc.Find(`#f-email[aria-invalid=true]`).Length() != 1 {
						t.Error("the form lost the chosen section or the field error")
					}
				case "confirm", "unsubscribe":
					if doc.Find(`form[method=post][action="`+data.Action+`"] button[type=submit]`).Length() != 1 {
						t.Error("no button")
					}
				}
			})
		}
	}
}
