package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// TestLiveEntryTranslation: from the live desk an editor has an English update machine-
// translated (by the translation desk's engine, here a fake provider) into the Assamese
// edition's live blog, where it waits for review, linked to its source; readers see it only
// once approved.
func TestLiveEntryTranslation(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			mt := newFakeMT(t)
			cfg := mk(t)
			cfg.Getenv = mt.env()
			cfg.Migrate = true
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			srv := httptest.NewServer(a.Handler())
			defer srv.Close()
			sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
			if err != nil {
				t.Fatal(err)
			}
			f := &newsroomFixture{t: t, ctx: ctx, a: a, section: sec.ID}
			story := f.story()
			f.publish(story, locale.English, "Counting day")
			f.publish(story, locale.Assamese, "গণনাৰ দিন")
			editor := news.Actor{Editor: true}
			editions := map[locale.Lang]int64{}
			for _, lang := range locale.Langs() {
				e, err := a.News.EditionOf(ctx, story, lang)
				if err != nil {
					t.Fatal(err)
				}
				editions[lang] = e.ID
				if err := a.News.StartLive(ctx, editor, e.ID); err != nil {
					t.Fatal(err)
				}
			}
			src, err := a.News.AddEntry(ctx, editor, editions[locale.English], news.EntryInput{Body: "Counting begins at 8."})
			if err != nil {
				t.Fatal(err)
			}
			const email, password = "desk@live.test", "Counting-day-at-Jorhat-2026"
			if _, err := a.People.Create(ctx, people.NewUser{Email: email, Name: "Priya Baruah", Password: password, Role: people.Editor}); err != nil {
				t.Fatal(err)
			}
			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar}
			post := func(path string, form url.Values) (string, string) {
				t.Helper()
				res, err := c.PostForm(srv.URL+path, form)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("POST %s: %d\n%.2000s", path, res.StatusCode, b)
				}
				return res.Request.URL.Path, string(b)
			}
			post("/newsroom/login", url.Values{"email": {email}, "password": {password}})
			at, page := post("/newsroom/live/entries/"+strconv.FormatInt(src.ID, 10)+"/translate", nil)
			if want := "/newsroom/stories/" + strconv.FormatInt(story, 10) + "/edition/as/live"; at != want || !strings.Contains(page, "অনুবাদটো এই লাইভ ব্লগত পৰ্যালোচনাৰ অপেক্ষাত আছে।") && !strings.Contains(page, "The translation waits for review") {
				t.Fatalf("translation led to %s\n%.3000s", at, page)
			}
			entries, err := a.News.LiveEntries(ctx, editions[locale.Assamese], false, 0)
			if err != nil || len(entries) != 1 {
				t.Fatalf("Assamese entries: %+v, %v", entries, err)
			}
			tr := entries[0]
			if tr.Status != news.EntryPending || tr.SourceID != src.ID || !strings.Contains(tr.Body, fakePrefix) || !strings.Contains(tr.Body, "Counting begins at 8.") {
				t.Fatalf("translated entry: %+v", tr)
			}
			if public, _ := a.News.LiveEntries(ctx, editions[locale.Assamese], true, 0); len(public) != 0 {
				t.Error("readers see an unreviewed machine translation")
			}
		})
	}
}
