package site

import (
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// fixtureMachinePages renders the readers' machine-translation pages: the progress page, the
// failure page with the English text, and an article labelled as machine translated.
func fixtureMachinePages(t *testing.T, tpl *web.Templates, dir string) {
	l := fixtureLocale(locale.Assamese)
	en := fixtureTexts[locale.English]
	original := "/news/1/story-0"
	for _, failed := range []bool{false, true} {
		name := "machine-progress-as"
		if failed {
			name = "machine-failed-as"
		}
		t.Run(name, func(t *testing.T) {
			title := l.T("ed_machine_progress_title")
			if failed {
				title = l.T("ed_machine_failed_title")
			}
			p := fixturePageBase(locale.Assamese, "/news/1/story-0/machine", title, "website")
			p.Canonical, p.Alternates, p.NoIndex = "https://batori.example"+original, nil, true
			data := machinePage{Page: p, Failed: failed, RefreshURL: "/as/news/1/story-0/machine", OriginalURL: original,
				Headline: en.headlines[0], Standfirst: en.stand}
			if failed {
				data.Body = fixtureBody(locale.English, 2)
			}
			doc := fixtureRenderContact(t, tpl, dir, name, "machine", data, p)
			refresh := doc.Find(`meta[http-equiv=refresh]`)
			if failed {
				if refresh.Length() != 0 {
					t.Error("the failure page refreshes itself")
				}
				if got := doc.Find("h1").Text(); got != l.T("ed_machine_failed_title") {
					t.Errorf("h1 = %q", got)
				}
				body := doc.Find(`.story-main[lang=en]`)
				if body.Find("h2.story-title").Text() != en.headlines[0] || body.Find(".story-body p").Length() != 2 {
					t.Errorf("English text missing: %q", body.Text())
				}
				return
			}
			if refresh.AttrOr("content", "") != "5" {
				t.Errorf("progress page refresh = %q, want 5 seconds", refresh.AttrOr("content", ""))
			}
			if doc.Find(`[role=status] a[href="/as/news/1/story-0/machine"]`).Length() != 1 || doc.Find(`a[href="`+original+`"][hreflang=en]`).Length() != 1 {
				t.Error("progress page lacks the refresh link or the link to the English original")
			}
		})
	}
	t.Run("machine-article-as", func(t *testing.T) {
		data := fixtureArticle(locale.Assamese, false, true, false)
		data.A.Machine = &machineNote{Label: l.T("ed_machine_label"), Text: l.T("ed_machine_notice"), OriginalURL: original, OriginalLabel: l.T("ed_machine_original")}
		doc, _ := fixtureRender(t, tpl, dir, "machine-article-as", "article", data)
		note := doc.Find(`.story-head .machine-note[role=note]`)
		if note.Length() != 1 || note.Find(`a[href="`+original+`"][hreflang=en]`).Text() != l.T("ed_machine_original") {
			t.Errorf("machine label = %q", note.Text())
		}
	})
}
