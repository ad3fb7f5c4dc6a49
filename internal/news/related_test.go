package news_test

import (
	"slices"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// Related stories rank by how many tags they share, then by the section, then by recency; the
// publication times alone do not order them.
func TestRelatedRanking(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		assam, world := f.section("assam", 1), f.section("world", 2)
		flood, river, rain, tea := f.tag("flood"), f.tag("river"), f.tag("rain"), f.tag("tea")
		now := f.clock.Now()
		ago := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }
		story := f.publishedStory(news.StoryInput{SectionID: assam.ID, TagIDs: []int64{flood.ID, river.ID, rain.ID}}, locale.English, "The story", ago(1)).StoryID
		f.publishedStory(news.StoryInput{SectionID: world.ID, TagIDs: []int64{flood.ID, river.ID}}, locale.English, "two tags, other section, 4 days", ago(96))
		f.publishedStory(news.StoryInput{SectionID: assam.ID, TagIDs: []int64{flood.ID, river.ID, tea.ID}}, locale.English, "two tags, same section, 5 days", ago(120))
		f.publishedStory(news.StoryInput{SectionID: assam.ID, TagIDs: []int64{rain.ID}}, locale.English, "one tag, same section, 20 h", ago(20))
		f.publishedStory(news.StoryInput{SectionID: world.ID, TagIDs: []int64{flood.ID}}, locale.English, "one tag, other section, 8 h", ago(8))
		f.publishedStory(news.StoryInput{SectionID: world.ID, TagIDs: []int64{rain.ID}}, locale.English, "one tag, other section, 14 h", ago(14))
		f.publishedStory(news.StoryInput{SectionID: assam.ID}, locale.English, "section only, 2 h", ago(2))
		f.publishedStory(news.StoryInput{SectionID: assam.ID, TagIDs: []int64{tea.ID}}, locale.English, "section only, 3 days", ago(72))
		f.publishedStory(news.StoryInput{SectionID: world.ID, TagIDs: []int64{tea.ID}}, locale.English, "unrelated", ago(3))
		f.publishedStory(news.StoryInput{SectionID: assam.ID, TagIDs: []int64{flood.ID, river.ID, rain.ID}}, locale.Assamese, "অসমীয়াত", ago(4))
		draft := f.story(news.StoryInput{SectionID: assam.ID, TagIDs: []int64{flood.ID, river.ID, rain.ID}})
		f.save(news.EditionInput{StoryID: draft, Lang: locale.English, Headline: "draft"})

		want := []string{
			"two tags, same section, 5 days",
			"two tags, other section, 4 days",
			"one tag, same section, 20 h",
			"one tag, other section, 8 h",
			"one tag, other section, 14 h",
			"section only, 2 h",
			"section only, 3 days",
		}
		list, err := f.store.Related(f.ctx, story, locale.English, assam.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := headlines(list); !slices.Equal(got, want) {
			t.Errorf("related =\n%q\nwant\n%q", got, want)
		}
		list, err = f.store.Related(f.ctx, story, locale.English, assam.ID, 4)
		if err != nil {
			t.Fatal(err)
		}
		if got := headlines(list); !slices.Equal(got, want[:4]) {
			t.Errorf("first four = %q", got)
		}
		// In Assamese only Assamese editions are candidates.
		list, err = f.store.Related(f.ctx, story, locale.Assamese, assam.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if got := headlines(list); !slices.Equal(got, []string{"অসমীয়াত"}) {
			t.Errorf("related in Assamese = %q", got)
		}
	})
}

func TestPublishedStories(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		n := newNewsroom(f)
		ids := []int64{n.wages, n.draft, n.dhemaji, n.cricket, n.asOnly, n.boatRace + 1000}
		list, err := f.store.PublishedStories(f.ctx, locale.English, ids)
		if err != nil {
			t.Fatal(err)
		}
		// In the order asked; the draft, the Assamese-only story and an unknown one left out.
		if got := headlines(list); !slices.Equal(got, []string{"Tea garden wages", "Flood in Dhemaji", "Cricket at Barsapara"}) {
			t.Errorf("published stories = %q", got)
		}
		if list, err := f.store.PublishedStories(f.ctx, locale.English, nil); err != nil || len(list) != 0 {
			t.Errorf("no ids: %v, %v", list, err)
		}
	})
}
