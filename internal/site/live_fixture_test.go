package site

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// fixtureLive is a live blog with a key point, a picture, an embed, a correction and a
// removal; running or ended.
func fixtureLive(lang locale.Lang, running bool) *liveView {
	tx := fixtureTexts[lang]
	start := fixtureNow.Add(-3 * time.Hour)
	v := &liveView{Running: running, Started: start, Poll: pollSeconds}
	if running {
		v.UpdatesURL = fixturePrefix(lang) + "/news/1/story-0/updates"
	} else {
		v.Ended, v.ClosingNote = fixtureNow, tx.para[1]
	}
	c := fixtureCard(lang, 0)
	for i := range 4 {
		e := liveEntryView{ID: int64(10 - i), Posted: fixtureNow.Add(-time.Duration(i*10) * time.Minute), Author: tx.authors[i%2]}
		e.Stamp = e.Posted.UnixMilli()
		e.Body = template.HTML("<p>" + template.HTMLEscapeString(tx.para[i]) + "</p>")
		e.Text = tx.para[i]
		switch i {
		case 0:
			e.KeyPoint = true
		case 1:
			e.Image = c.Image
		case 2:
			e.Embed = &embedView{URL: "https://www.youtube.com/watch?v=abc", Host: "youtube.com"}
			e.Corrected = e.Posted.Add(5 * time.Minute)
		case 3:
			e.Removed = e.Posted.Add(time.Minute)
			e.Body, e.Text = "", ""
		}
		v.Entries = append(v.Entries, e)
	}
	v.KeyPoints = v.Entries[:1]
	return v
}

// fixtureLivePages renders a live blog's article page, running and ended, its updates
// fragment and a list whose card carries the Live badge; TestFixturePages calls it.
func fixtureLivePages(t *testing.T, tpl *web.Templates, dir string) {
	for _, lang := range locale.Langs() {
		l := fixtureLocale(lang)
		for _, running := range []bool{true, false} {
			name := "live-" + lang.String()
			if !running {
				name += "-ended"
			}
			t.Run(name, func(t *testing.T) {
				data := fixtureArticle(lang, false, true, false)
				data.Live = fixtureLive(lang, running)
				doc, _ := fixtureRender(t, tpl, dir, name, "article", data)
				if got := doc.Find(".live-entry").Length(); got != 4 {
					t.Errorf("%d entries, want 4", got)
				}
				if got := doc.Find(".live-keys li a").AttrOr("href", ""); got != "#entry-10" {
					t.Errorf("key point links to %q", got)
				}
				if !strings.Contains(doc.Find("#entry-7").Text(), l.T("live_removed_at", l.DateTime(data.Live.Entries[3].Removed))) {
					t.Errorf("removed entry shows %q", doc.Find("#entry-7").Text())
				}
				if doc.Find("#entry-8 .live-corrected").Length() != 1 || doc.Find(`#entry-8 .live-embed a[href^="https://www.youtube.com/"]`).Length() != 1 {
					t.Error("the corrected entry lacks its note or its embed link")
				}
				if doc.Find("iframe").Length() != 0 {
					t.Error("an embed loads a third-party frame")
				}
				list := doc.Find("ol.live-entries")
				scripts := doc.Find(`script[src*="live."]`).Length()
				if running {
					if list.AttrOr("data-live", "") != data.Live.UpdatesURL || scripts != 1 || doc.Find("[data-live-bar][hidden] button").Length() != 1 {
						t.Error("a running blog lacks its endpoint, its script or its hidden button")
					}
					if _, ok := list.Attr("data-one"); !ok {
						t.Error("no label for the new-updates button")
					}
				} else {
					if scripts != 0 || doc.Find(".live-ended").Length() != 1 || !strings.Contains(doc.Find(".live-ended").Text(), data.Live.ClosingNote) {
						t.Error("an ended blog polls, or lacks its closing note")
					}
				}
			})
		}
		t.Run("live-updates-"+lang.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := tpl.Execute(&buf, "live_updates", liveUpdatesPage{L: l, Live: fixtureLive(lang, true)}); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(buf.Bytes(), []byte("<html")) {
				t.Error("the fragment carries the page layout")
			}
			doc, err := goquery.NewDocumentFromReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if doc.Find(`ol[data-live-status="running"] li[data-entry][data-stamp]`).Length() != 4 {
				t.Error("the fragment lacks its entries")
			}
		})
		t.Run("live-card-"+lang.String(), func(t *testing.T) {
			data := fixtureHome(lang)
			data.Top[0].Live, data.Latest[0].Live, data.Lead.Live = true, true, true
			doc, _ := fixtureRender(t, tpl, dir, "live-card-"+lang.String(), "home", data)
			if got := doc.Find(".card a.live-badge").AttrOr("href", ""); !strings.HasSuffix(got, "#live") || doc.Find(".card a.live-badge").Text() != l.T("live_badge") {
				t.Errorf("live badge %q", got)
			}
			if doc.Find(".lead a.live-badge, .lead-text a.live-badge").Length() != 1 || doc.Find(".latest a.live-badge").Length() != 1 {
				t.Error("the lead story or the latest list lacks its Live badge")
			}
		})
	}
}
