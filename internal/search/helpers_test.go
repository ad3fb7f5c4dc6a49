package search_test

import (
	"context"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/search"
	"github.com/batori-news/batori/internal/testkit"
)

// follower keeps the index in step inside every transaction, as the application's subscriber
// does.
type follower struct{ ix *search.Index }

func (f follower) InTx(ctx context.Context, tx *db.Tx, events []any) error {
	return f.ix.Follow(ctx, tx, events)
}

func (follower) Committed(context.Context, []any) {}

// fixture is a news store and its search index on a fresh database.
type fixture struct {
	t       *testing.T
	ctx     context.Context
	d       *db.DB
	news    *news.Store
	ix      *search.Index
	clock   *testkit.Clock
	section news.Section
	editor  news.Actor
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	c := testkit.NewClock(time.Date(2025, time.August, 15, 9, 30, 0, 0, time.UTC))
	f := &fixture{t: t, ctx: context.Background(), d: d, news: news.NewStore(d).WithClock(c.Now), clock: c}
	f.ix = search.New(d).WithClock(c.Now)
	d.Subscribe(follower{f.ix})
	f.section = f.newSection("assam")
	f.editor = news.Actor{UserID: f.user("editor@example.org", "editor"), Editor: true, Name: "Editor"}
	return f
}

func (f *fixture) newSection(slug string) news.Section {
	f.t.Helper()
	sec, err := f.news.CreateSection(f.ctx, news.SectionInput{Slug: slug, Name: news.Names{EN: "Section " + slug, AS: "শিতান " + slug}})
	if err != nil {
		f.t.Fatal(err)
	}
	return sec
}

func (f *fixture) user(email, role string) int64 {
	f.t.Helper()
	var id int64
	err := f.d.InTx(f.ctx, func(tx *db.Tx) error {
		var err error
		id, err = tx.InsertID(f.ctx, "INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)",
			email, email, "x", role, f.clock.Now())
		return err
	})
	if err != nil {
		f.t.Fatal(err)
	}
	return id
}

// story is one edition to write.
type story struct {
	lang       locale.Lang
	headline   string
	standfirst string
	body       string
	section    int64
	tags       []int64
	authors    []int64
	// draft leaves it unpublished.
	draft bool
	by    *news.Actor
}

// add writes s as a new story (published unless it is a draft) and returns its edition.
func (f *fixture) add(s story) news.Edition {
	f.t.Helper()
	by := f.editor
	if s.by != nil {
		by = *s.by
	}
	if s.section == 0 {
		s.section = f.section.ID
	}
	if s.lang == "" {
		s.lang = locale.English
	}
	e, err := f.news.CreateDraft(f.ctx, by, news.DraftInput{SectionID: s.section, TagIDs: s.tags, Edition: news.EditionInput{
		Lang: s.lang, Headline: s.headline, Standfirst: s.standfirst, Body: s.body, AuthorIDs: s.authors}})
	if err != nil {
		f.t.Fatal(err)
	}
	if !s.draft {
		if err := f.news.PublishNow(f.ctx, f.editor, e.ID); err != nil {
			f.t.Fatal(err)
		}
	}
	return e
}

// find runs a readers' search and returns the story ids found, best first.
func (f *fixture) find(q string, filter search.Filter) []int64 {
	f.t.Helper()
	query, err := search.ParseQuery(q)
	if err != nil {
		f.t.Fatalf("parse %q: %v", q, err)
	}
	res, err := f.ix.Search(f.ctx, query, filter, 50, 0)
	if err != nil {
		f.t.Fatalf("search %q: %v", q, err)
	}
	var ids []int64
	for _, h := range res.Hits {
		ids = append(ids, h.StoryID)
	}
	return ids
}

// backfill runs the index's backfill in batches of batch stories until it finds nothing left,
// and returns how many stories it indexed.
func (f *fixture) backfill(batch int) int {
	f.t.Helper()
	total := 0
	for {
		n, err := f.ix.Backfill(f.ctx, batch)
		if err != nil {
			f.t.Fatal(err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
}
