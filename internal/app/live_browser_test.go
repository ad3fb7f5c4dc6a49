package app_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// TestBrowserLiveBlog: a reader has a live blog open; a reporter on a phone-sized screen
// (390×844) signs in, finds the blog in the newsroom's list and adds two updates from its
// compact form. The reader's page, without reloading, offers "2 new updates" behind a button
// (the entries on screen do not move meanwhile) and shows both when it is pressed, newest
// first. The blog and the accounts are made before the browser starts.
func TestBrowserLiveBlog(t *testing.T) {
	requireChromium(t)
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			a, base := serveMachine(t, mk(t))
			sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
			if err != nil {
				t.Fatal(err)
			}
			f := &newsroomFixture{t: t, ctx: ctx, a: a, section: sec.ID}
			story := f.story()
			f.publish(story, locale.English, "Brahmaputra rises at Neamatighat")
			e, err := a.News.EditionOf(ctx, story, locale.English)
			if err != nil {
				t.Fatal(err)
			}
			editor := news.Actor{Editor: true}
			if err := a.News.StartLive(ctx, editor, e.ID); err != nil {
				t.Fatal(err)
			}
			for _, text := range []string{"The water is 40 cm above the danger mark.", "Ferries to Majuli are suspended."} {
				if _, err := a.News.AddEntry(ctx, editor, e.ID, news.EntryInput{Body: text}); err != nil {
					t.Fatal(err)
				}
			}
			// Editors decide that reporters in the field post directly.
			if err := a.News.SetLiveReview(ctx, editor, false); err != nil {
				t.Fatal(err)
			}
			const email, password = "field@live.test", "Neamati-ghat-ferry-2026"
			if _, err := a.People.Create(ctx, people.NewUser{Email: email, Name: "Bitopan Hazarika", Password: password, Role: people.Reporter}); err != nil {
				t.Fatal(err)
			}
			article := "/news/" + strconv.FormatInt(story, 10) + "/" + e.Slug
			desk := "/newsroom/stories/" + strconv.FormatInt(story, 10) + "/edition/en/live"

			reader := openBrowser(t, base)
			reader.open(article)
			if n := reader.count(".live-entry"); n != 2 {
				t.Fatalf("the reader's page shows %d entries, want 2", n)
			}
			if js[bool](reader, `!document.querySelector('[data-live-bar]').hidden`) {
				t.Fatal("the new-updates button shows before any update")
			}
			firstTop := js[float64](reader, `document.querySelector('.live-entry').getBoundingClientRect().top`)

			reporter := reader.newSession()
			reporter.do("size the screen as a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile))
			reporter.open("/newsroom/login")
			reporter.type_("#f-email", email)
			reporter.type_("#f-password", password)
			reporter.click(`form[action="/newsroom/login"] button[type=submit]`)
			reporter.open("/newsroom/live")
			reporter.click(`a[href="` + desk + `"]`)
			if w := js[float64](reporter, `document.documentElement.scrollWidth`); w > 390 {
				t.Errorf("the live desk is %v px wide on a 390 px screen", w)
			}
			if top := js[float64](reporter, `document.querySelector('#live-body').getBoundingClientRect().top`); top > 844 {
				t.Errorf("the update field starts %v px down, below the first screen", top)
			}
			for _, text := range []string{"Boats are out in Dhakuakhana.", "Relief camps open in Lakhimpur."} {
				reporter.type_("#live-body", text)
				reporter.click(`form.live-add button[type=submit]`)
				if got := reporter.text(".flash"); got != "The update is posted." {
					t.Fatalf("after posting %q the flash says %q", text, got)
				}
			}

			// The reader's open page polls and offers both behind the button.
			reader.waitFor(`[data-live-bar]:not([hidden])`, 30*time.Second)
			deadline := time.Now().Add(20 * time.Second)
			for reader.text("[data-live-show]") != "2 new updates" && time.Now().Before(deadline) {
				time.Sleep(250 * time.Millisecond)
			}
			if got := reader.text("[data-live-show]"); got != "2 new updates" {
				t.Fatalf("the button says %q, want %q", got, "2 new updates")
			}
			if n := reader.count(".live-entry"); n != 2 {
				t.Errorf("the page changed to %d entries before the reader asked", n)
			}
			if top := js[float64](reader, `document.querySelector('.live-entry').getBoundingClientRect().top`); top != firstTop {
				t.Errorf("the first entry moved from %v to %v before the reader asked", firstTop, top)
			}
			reader.press("[data-live-show]")
			if n := reader.count(".live-entry"); n != 4 {
				t.Fatalf("after pressing the button the page shows %d entries, want 4", n)
			}
			if got := reader.text(".live-entry .live-body"); !strings.Contains(got, "Relief camps open in Lakhimpur.") {
				t.Errorf("the newest entry on top is %q", got)
			}
			if !js[bool](reader, `document.querySelector('[data-live-bar]').hidden`) {
				t.Error("the button stays after showing the updates")
			}
			if got := js[string](reader, `document.querySelector('.live-entry .live-meta').textContent.trim()`); got != "Bitopan Hazarika" {
				t.Errorf("the new entry's byline is %q", got)
			}
		})
	}
}
