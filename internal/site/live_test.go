package site_test

import (
	"context"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
)

// TestLiveUpdatesEndpoint: the demo's live blogs answer their updates endpoint with their
// newest entries as a fragment, cacheable for seconds by a CDN, in each language; the page
// carries the entries and the script; a wrong slug or a story never live has no endpoint.
func TestLiveUpdatesEndpoint(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		blogs, err := f.news.RunningLiveBlogs(ctx)
		if err != nil || len(blogs) != 2 {
			t.Fatalf("the demo's live blogs: %+v, %v", blogs, err)
		}
		for _, b := range blogs {
			a, err := f.news.PublishedArticle(ctx, b.StoryID, b.Lang)
			if err != nil {
				t.Fatal(err)
			}
			path := storyPath(b.Lang, a.StoryID, a.Slug)
			page := f.page(t, path, 200)
			if n := page.Find(".live-entry").Length(); n < 10 {
				t.Errorf("%s: %d entries on the page", path, n)
			}
			if page.Find(`ol[data-live="`+path+`/updates"]`).Length() != 1 || page.Find(`script[src*="/static/live."][defer]`).Length() != 1 {
				t.Errorf("%s: no endpoint or script for live.js", path)
			}
			if b.Lang == locale.Assamese && !strings.Contains(page.Find(".live-head").Text(), "লাইভ") {
				t.Errorf("%s: heading %q", path, page.Find(".live-head").Text())
			}
			resp, doc := f.get(t, path+"/updates")
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "s-maxage=2") || resp.Header.Get("X-Robots-Tag") != "noindex" {
				t.Fatalf("%s/updates: %d %q", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
			if doc.Find(`ol[data-live-status="running"] li[data-entry][data-stamp]`).Length() < 10 || doc.Find("header, footer, nav").Length() != 0 {
				t.Errorf("%s/updates: not the fragment of entries", path)
			}
			f.page(t, storyPath(b.Lang, a.StoryID, "wrong")+"/updates", 404)
		}
		_, english := f.stories(t)
		f.page(t, storyPath(locale.English, english.StoryID, english.Slug)+"/updates", 404)
	})
}
