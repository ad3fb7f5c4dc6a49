package site_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// The home page's Latest holds the newest stories, newest first: above it sit only the
// editors' picks (the lead and the featured top stories), never a newer story that is not
// one. It used to start after the four newest stories, which the top stories had taken.
func TestHomeLatestIsTheNewest(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
			all, err := f.news.Published(ctx, news.Filter{Lang: lang}, 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			featured, err := f.news.Published(ctx, news.Filter{Lang: lang, FeaturedOnly: true}, 100, 0)
			if err != nil {
				t.Fatal(err)
			}
			picks := map[int64]bool{}
			for _, tz := range featured[:min(5, len(featured))] {
				picks[tz.StoryID] = true
			}
			var want []int64
			for _, tz := range all {
				if !picks[tz.StoryID] && len(want) < 8 {
					want = append(want, tz.StoryID)
				}
			}
			doc := f.page(t, prefixOf(lang)+"/", 200)
			var got []int64
			var times []time.Time
			doc.Find(".latest li").Each(func(_ int, li *goquery.Selection) {
				got = append(got, storyIDOf(t, li.Find("a").AttrOr("href", "")))
				at, err := time.Parse(time.RFC3339, li.Find("time").AttrOr("datetime", ""))
				if err != nil {
					t.Errorf("latest time: %v", err)
				}
				times = append(times, at)
			})
			if !slices.Equal(got, want) {
				t.Errorf("%s: latest = %v, want %v", lang, got, want)
			}
			for i := 1; i < len(times); i++ {
				if times[i].After(times[i-1]) {
					t.Errorf("%s: latest out of order at %d: %v after %v", lang, i, times[i], times[i-1])
				}
			}
			// Everything above Latest is an editor's pick.
			doc.Find(".front-main article").Each(func(_ int, a *goquery.Selection) {
				id := storyIDOf(t, a.Find("h2 a, h3 a").First().AttrOr("href", ""))
				if !picks[id] && !(len(featured) == 0 && id == all[0].StoryID) {
					t.Errorf("%s: story %d above Latest is not featured", lang, id)
				}
			})
		}
	})
}

// storyIDOf reads the story id from an article link /news/{id}/{slug}.
func storyIDOf(t *testing.T, href string) int64 {
	t.Helper()
	_, rest, ok := strings.Cut(href, "/news/")
	if !ok {
		t.Fatalf("not an article link: %q", href)
	}
	idText, _, _ := strings.Cut(rest, "/")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		t.Fatalf("article link %q: %v", href, err)
	}
	return id
}
