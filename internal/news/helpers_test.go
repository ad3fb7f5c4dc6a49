package news_test

import (
	"context"
	"image/color"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/testkit"
)

// ist is India Standard Time, so that tests prove times are stored as instants, not wall clocks.
var ist = time.FixedZone("IST", 5*60*60+30*60)

// fixture is a store on a fresh database with a controllable clock.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	d     *db.DB
	store *news.Store
	clock *testkit.Clock
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	c := testkit.NewClock(time.Date(2024, time.April, 14, 9, 30, 0, 0, ist))
	return &fixture{t: t, ctx: context.Background(), d: d, store: news.NewStore(d).WithClock(c.Now), clock: c}
}

// on returns the fixture reporting to t, for subtests sharing one database.
func (f *fixture) on(t *testing.T) *fixture {
	c := *f
	c.t = t
	return &c
}

func (f *fixture) section(slug string, position int) news.Section {
	f.t.Helper()
	sec, err := f.store.CreateSection(f.ctx, news.SectionInput{Slug: slug, Name: news.Names{EN: "Section " + slug, AS: "শিতান " + slug}, Position: position})
	if err != nil {
		f.t.Fatalf("create section %s: %v", slug, err)
	}
	return sec
}

func (f *fixture) tag(slug string) news.Tag {
	f.t.Helper()
	tag, err := f.store.CreateTag(f.ctx, slug, news.Names{EN: "Tag " + slug, AS: "টেগ " + slug})
	if err != nil {
		f.t.Fatalf("create tag %s: %v", slug, err)
	}
	return tag
}

func (f *fixture) author(slug string) news.Author {
	f.t.Helper()
	a, err := f.store.CreateAuthor(f.ctx, news.AuthorInput{Slug: slug, Name: news.Names{EN: "Author " + slug, AS: "লেখক " + slug}})
	if err != nil {
		f.t.Fatalf("create author %s: %v", slug, err)
	}
	return a
}

func (f *fixture) story(in news.StoryInput) int64 {
	f.t.Helper()
	id, err := f.store.CreateStory(f.ctx, in)
	if err != nil {
		f.t.Fatalf("create story: %v", err)
	}
	return id
}

func (f *fixture) save(in news.EditionInput) news.Edition {
	f.t.Helper()
	e, err := f.store.SaveEdition(f.ctx, in)
	if err != nil {
		f.t.Fatalf("save edition %q: %v", in.Headline, err)
	}
	return e
}

func (f *fixture) publish(editionID int64, at time.Time) {
	f.t.Helper()
	if err := f.store.Publish(f.ctx, editionID, at); err != nil {
		f.t.Fatalf("publish %d: %v", editionID, err)
	}
}

func (f *fixture) edition(id int64) news.Edition {
	f.t.Helper()
	e, err := f.store.Edition(f.ctx, id)
	if err != nil {
		f.t.Fatalf("edition %d: %v", id, err)
	}
	return e
}

// count returns the number of rows in table, to prove a failed call stored nothing.
func (f *fixture) count(table string) int {
	f.t.Helper()
	var n int
	if err := f.d.QueryRow(f.ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		f.t.Fatalf("count %s: %v", table, err)
	}
	return n
}

// image stores a small PNG of the given colour and returns its media record.
func (f *fixture) image(c color.Color) media.Media {
	f.t.Helper()
	m, err := media.NewLibrary(f.d, f.t.TempDir()).AddImage(f.ctx, "test.png", testkit.PNG(f.t, testkit.Solid(4, 3, c)))
	if err != nil {
		f.t.Fatalf("add image: %v", err)
	}
	return m
}

// published is one published edition made by publishedStory.
type published struct {
	StoryID int64
	Edition news.Edition
}

// publishedStory creates a story with one edition in lang, published at at.
func (f *fixture) publishedStory(in news.StoryInput, lang locale.Lang, headline string, at time.Time, authors ...int64) published {
	f.t.Helper()
	id := f.story(in)
	e := f.save(news.EditionInput{StoryID: id, Lang: lang, Headline: headline, Body: "<p>" + headline + "</p>", AuthorIDs: authors})
	f.publish(e.ID, at)
	return published{StoryID: id, Edition: f.edition(e.ID)}
}

// validationFields returns the field problems of err, failing the test unless err is a
// *fielderr.Error.
func validationFields(t *testing.T, err error) map[string]fielderr.Problem {
	t.Helper()
	v, ok := fielderr.As(err)
	if !ok {
		t.Fatalf("error = %v (%T), want *fielderr.Error", err, err)
	}
	return v.Fields
}

// sameKeys reports whether got has exactly the keys want.
func sameKeys(got map[string]fielderr.Problem, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for _, k := range want {
		if _, ok := got[k]; !ok {
			return false
		}
	}
	return true
}

// headlines returns the headlines of a list, for readable comparisons.
func headlines(list []news.Teaser) []string {
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.Headline
	}
	return out
}
