package app_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// newsroomFixture is an app with one section and helpers to publish stories in it.
type newsroomFixture struct {
	t       *testing.T
	ctx     context.Context
	a       *app.App
	section int64
}

// newNewsroom starts an app on cfg, migrated, with the section Assam for its stories; the
// app is closed when t ends.
func newNewsroom(t *testing.T, cfg config.Config) *newsroomFixture {
	t.Helper()
	cfg.Migrate = true
	ctx := context.Background()
	a, err := app.New(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	f := &newsroomFixture{t: t, ctx: ctx, a: a}
	f.section = f.addSection("assam", news.Names{EN: "Assam", AS: "অসম"}, 1)
	return f
}

func (f *newsroomFixture) addSection(slug string, names news.Names, position int) int64 {
	f.t.Helper()
	sec, err := f.a.News.CreateSection(f.ctx, news.SectionInput{Slug: slug, Name: names, Position: position})
	if err != nil {
		f.t.Fatal(err)
	}
	return sec.ID
}

func (f *newsroomFixture) publish(storyID int64, lang locale.Lang, headline string) {
	f.t.Helper()
	e, err := f.a.News.SaveEdition(f.ctx, news.EditionInput{StoryID: storyID, Lang: lang, Headline: headline,
		Standfirst: "Standfirst of " + headline, Body: "<p>Body of " + headline + ".</p>"})
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.a.News.Publish(f.ctx, e.ID, time.Now().Add(-time.Hour)); err != nil {
		f.t.Fatal(err)
	}
}

func (f *newsroomFixture) story() int64 {
	f.t.Helper()
	id, err := f.a.News.CreateStory(f.ctx, news.StoryInput{SectionID: f.section})
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// cacheState requests path from the app and returns its X-Cache, following the article's
// redirect to its canonical address.
func (f *newsroomFixture) cacheState(path string) string {
	f.t.Helper()
	c, _ := f.get(path)
	return c
}

// get is cacheState with the page's body.
func (f *newsroomFixture) get(path string) (cache, body string) {
	f.t.Helper()
	for range 3 {
		rec := httptest.NewRecorder()
		f.a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code == http.StatusMovedPermanently {
			path = rec.Header().Get("Location")
			continue
		}
		if rec.Code != http.StatusOK {
			f.t.Fatalf("GET %s: %d", path, rec.Code)
		}
		return rec.Header().Get("X-Cache"), rec.Body.String()
	}
	f.t.Fatalf("GET %s: too many redirects", path)
	return "", ""
}

// warm requests each of paths twice and fails the test unless the second answer is cached.
func (f *newsroomFixture) warm(paths ...string) {
	f.t.Helper()
	for _, p := range paths {
		f.cacheState(p)
		if c := f.cacheState(p); c != "HIT" {
			f.t.Fatalf("%s not cached: %q", p, c)
		}
	}
}

// expectDropped checks that after step the named pages (of pages, name → path) are dropped
// from the cache and all the others still cached.
func (f *newsroomFixture) expectDropped(step string, pages map[string]string, dropped ...string) {
	f.t.Helper()
	for name, p := range pages {
		want := "HIT"
		if slices.Contains(dropped, name) {
			want = "MISS"
		}
		if c := f.cacheState(p); c != want {
			f.t.Errorf("after %s, %s (%s): X-Cache %q, want %q", step, name, p, c, want)
		}
	}
}

// TestEventsDropExactlyThePagesConcerned: each change drops the reader pages that show it and
// keeps the rest.
func TestEventsDropExactlyThePagesConcerned(t *testing.T) {
	f := newNewsroom(t, baseConfig(t))
	ctx, a := f.ctx, f.a
	story := f.story()
	f.publish(story, locale.English, "Flood waters rise in Majuli")
	f.publish(story, locale.Assamese, "মাজুলীত বানপানী বাঢ়িছে")
	other := f.story()
	f.publish(other, locale.Assamese, "গুৱাহাটীত বৰষুণ")

	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	pages := map[string]string{
		"article en": "/news/" + id(story), "article as": "/as/news/" + id(story), "other as": "/as/news/" + id(other),
		"home en": "/", "home as": "/as/", "section en": "/section/assam", "section as": "/as/section/assam",
		"feed en": "/rss.xml", "feed as": "/as/atom.xml", "section feed en": "/section/assam/rss.xml", "feed all": "/all/rss.xml",
		"sitemap index": "/sitemap.xml", "news sitemap": "/sitemaps/news.xml",
	}
	feedsEN := []string{"feed en", "section feed en", "feed all", "sitemap index", "news sitemap"}
	warm := func() { t.Helper(); f.warm(slices.Collect(maps.Values(pages))...) }
	expect := func(step string, dropped ...string) { t.Helper(); f.expectDropped(step, pages, dropped...) }

	// An approved English comment on the story: its pages in both languages and the English
	// lists that count its comments; not the Assamese lists.
	warm()
	token, err := a.Comments.TokenAt(ctx, story, time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	c, err := a.Comments.Post(ctx, comments.Input{StoryID: story, Lang: locale.English, Name: "Anjali Bora", Email: "anjali@example.org",
		Body: "The embankment at Kamalabari needs repair before the next rains.", Key: comments.NewFormKey(), Token: token, Client: "10.0.0.1"})
	if err != nil {
		t.Fatal(err)
	}
	expect("a comment waiting for moderation")
	if _, err := a.Comments.Moderate(ctx, comments.Moderation{IDs: []int64{c.ID}, Action: comments.Approve}); err != nil {
		t.Fatal(err)
	}
	expect("an approved comment", "article en", "article as", "home en", "section en")

	// A new English story enters the English lists (and the related stories of English
	// articles in its section), not the Assamese ones.
	warm()
	f.publish(f.story(), locale.English, "Tea auction prices climb")
	expect("an English story published", append(feedsEN, "home en", "section en", "article en")...)

	// Site settings are on every page.
	warm()
	site, err := a.Settings.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	site.TaglineEN = "News from every district"
	if err := a.Settings.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	expect("a settings change", append(feedsEN, "feed as", "article en", "article as", "other as", "home en", "home as", "section en", "section as")...)

	// A byline's names or biography, saved from a staff profile, show on cards and articles
	// wherever the author wrote: every page is dropped.
	warm()
	staff, err := a.People.Create(ctx, people.NewUser{Name: "Bikash Das", Email: "bikash@example.org", Password: "monsoon-lamp-river-9", Role: people.Reporter})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.News.SaveUserAuthor(ctx, staff.ID, news.Names{EN: "Bikash Das", AS: "বিকাশ দাস"}, news.Names{EN: "Reports from Dibrugarh."}); err != nil {
		t.Fatal(err)
	}
	expect("a profile change", append(feedsEN, "feed as", "article en", "article as", "other as", "home en", "home as", "section en", "section as")...)

	// Feeds answer conditional requests from the cache.
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/rss.xml", nil))
	for _, h := range []map[string]string{{"If-None-Match": rec.Header().Get("ETag")}, {"If-Modified-Since": rec.Header().Get("Last-Modified")}} {
		req := httptest.NewRequest("GET", "/rss.xml", nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		again := httptest.NewRecorder()
		a.Handler().ServeHTTP(again, req)
		if again.Code != http.StatusNotModified {
			t.Errorf("GET /rss.xml with %v = %d, want 304", h, again.Code)
		}
	}

	// Taking the English edition off the site drops it from the English feeds and the
	// sitemaps at once; the Assamese feed stays.
	warm()
	e, err := a.News.EditionOf(ctx, story, locale.English)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.News.Unpublish(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	for _, name := range append(feedsEN, "feed as") {
		want := "MISS"
		if name == "feed as" {
			want = "HIT"
		}
		if got := f.cacheState(pages[name]); got != want {
			t.Errorf("after an unpublish, %s: X-Cache %q, want %q", name, got, want)
		}
	}
	rec = httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/rss.xml", nil))
	if strings.Contains(rec.Body.String(), "Flood waters rise in Majuli") {
		t.Error("the unpublished story is still in the feed")
	}
}
