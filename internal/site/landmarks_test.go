package site_test

import (
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// TestLandmarksNamedApartAndSectionsHeaded reads the public pages in both languages as a page
// audit does: no two navigation landmarks of a page share a name (the masthead's sections and
// the footer's once both said "Sections"), and every <section> has a heading of its own (the
// footer's about box was a section without one, on every page).
func TestLandmarksNamedApartAndSectionsHeaded(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, db.SQLite))
	both, _ := f.stories(t)
	ctx := context.Background()
	as, err := f.news.PublishedArticle(ctx, both.StoryID, locale.Assamese)
	if err != nil {
		t.Fatal(err)
	}
	// A breaking banner on every page, in both languages: a region of its own.
	for _, id := range []int64{both.EditionID, as.EditionID} {
		if err := f.news.SetBreaking(ctx, news.Actor{Editor: true, Name: "Desk"}, id, 0); err != nil {
			t.Fatal(err)
		}
	}
	pages := []string{
		"/", "/as/", storyPath(locale.English, both.StoryID, both.Slug), storyPath(locale.Assamese, as.StoryID, as.Slug),
		"/contact", "/as/contact",
	}
	if sec := f.page(t, "/", 200).Find(`nav.sections a[href^="/section/"]`).First().AttrOr("href", ""); sec != "" {
		pages = append(pages, sec, "/as"+sec)
	} else {
		t.Error("the home page links to no section")
	}
	for _, path := range pages {
		doc := f.page(t, path, 200)
		if doc.Find(`.breaking[role=region][aria-label]`).Length() != 1 {
			t.Errorf("%s: no breaking banner", path)
		}
		names := map[string]int{}
		doc.Find("nav").Each(func(_ int, n *goquery.Selection) {
			name := landmarkName(doc, n)
			if name == "" {
				t.Errorf("%s: a navigation landmark without a name: %s", path, outer(n))
			}
			names[name]++
		})
		for name, n := range names {
			if n > 1 {
				t.Errorf("%s: %d navigation landmarks are named %q", path, n, name)
			}
		}
		if len(names) < 2 {
			t.Errorf("%s: %d navigation landmarks, want the masthead's and the footer's at least", path, len(names))
		}
		doc.Find("section").Each(func(_ int, s *goquery.Selection) {
			if s.Find("h1, h2, h3, h4, h5, h6").Length() == 0 {
				t.Errorf("%s: a section without a heading: %s", path, outer(s))
			}
		})
	}
}

// landmarkName is a landmark's accessible name: aria-label, or the text of the element
// aria-labelledby names.
func landmarkName(doc *goquery.Document, s *goquery.Selection) string {
	if l := s.AttrOr("aria-label", ""); l != "" {
		return l
	}
	var parts []string
	for _, id := range strings.Fields(s.AttrOr("aria-labelledby", "")) {
		parts = append(parts, strings.TrimSpace(doc.Find("#"+id).Text()))
	}
	return strings.Join(parts, " ")
}

func outer(s *goquery.Selection) string {
	h, _ := goquery.OuterHtml(s)
	if len(h) > 160 {
		h = h[:160] + "…"
	}
	return h
}
