package comments_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// fixture is a comment store over a fresh database with two published stories (English and
// Assamese editions of the first, English only of the second) and a controllable clock.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	d      *db.DB
	news   *news.Store
	store  *comments.Store
	clock  *testkit.Clock
	story  int64
	other  int64
	editor int64
	// seq makes each helper post come from its own client and e-mail address unless told.
	seq atomic.Int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	c := testkit.NewClock(time.Date(2025, time.March, 3, 10, 0, 0, 0, time.UTC))
	f := &fixture{t: t, ctx: ctx, d: d, news: news.NewStore(d).WithClock(c.Now), store: comments.NewStore(d).WithClock(c.Now), clock: c}
	sec, err := f.news.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}})
	if err != nil {
		t.Fatal(err)
	}
	f.story = f.publish(sec.ID, "Flood waters rise in Majuli", "মাজুলীত বানপানী বাঢ়িছে")
	f.other = f.publish(sec.ID, "Tea wages go up", "")
	u, err := people.NewStore(d).Create(ctx, people.NewUser{Email: "editor@example.org", Name: "Mina Editor", Password: "Kaziranga-rhino-census-2025", Role: people.Editor})
	if err != nil {
		t.Fatal(err)
	}
	f.editor = u.ID
	return f
}

// publish makes a story with an English edition (and an Assamese one when as is set),
// published a day before the clock.
func (f *fixture) publish(section int64, en, as string) int64 {
	f.t.Helper()
	id, err := f.news.CreateStory(f.ctx, news.StoryInput{SectionID: section})
	if err != nil {
		f.t.Fatal(err)
	}
	for lang, h := range map[locale.Lang]string{locale.English: en, locale.Assamese: as} {
		if h == "" {
			continue
		}
		e, err := f.news.SaveEdition(f.ctx, news.EditionInput{StoryID: id, Lang: lang, Headline: h, Body: "<p>" + h + "</p>"})
		if err != nil {
			f.t.Fatal(err)
		}
		if err := f.news.Publish(f.ctx, e.ID, f.clock.Now().Add(-24*time.Hour)); err != nil {
			f.t.Fatal(err)
		}
	}
	return id
}

// input is a valid comment on the fixture's story from a client and address of its own.
func (f *fixture) input(body string) comments.Input {
	f.t.Helper()
	n := f.seq.Add(1)
	tok, err := f.store.TokenAt(f.ctx, f.story, f.clock.Now().Add(-time.Minute))
	if err != nil {
		f.t.Fatal(err)
	}
	return comments.Input{
		StoryID: f.story, Lang: locale.English, Name: fmt.Sprintf("Reader %d", n), Email: fmt.Sprintf("reader%d@example.org", n),
		Body: body, Key: comments.NewFormKey(), Token: tok, Client: fmt.Sprintf("198.51.100.%d", n%250+1),
	}
}

// tokenFor returns a form token for in's story shown a minute ago.
func (f *fixture) tokenFor(storyID int64) string {
	f.t.Helper()
	tok, err := f.store.TokenAt(f.ctx, storyID, f.clock.Now().Add(-time.Minute))
	if err != nil {
		f.t.Fatal(err)
	}
	return tok
}

func (f *fixture) post(in comments.Input) comments.Comment {
	f.t.Helper()
	c, err := f.store.Post(f.ctx, in)
	if err != nil {
		f.t.Fatalf("post %q: %v", in.Body, err)
	}
	return c
}

// approved posts a comment and approves it; the clock moves a minute so that order is clear.
func (f *fixture) approved(in comments.Input) comments.Comment {
	f.t.Helper()
	c := f.post(in)
	f.moderate(comments.Approve, c.ID)
	f.clock.Advance(time.Minute)
	c.Status = comments.Approved
	return c
}

func (f *fixture) moderate(a comments.Action, ids ...int64) []comments.Item {
	f.t.Helper()
	list, err := f.store.Moderate(f.ctx, comments.Moderation{IDs: ids, Action: a, By: f.editor})
	if err != nil {
		f.t.Fatalf("%s %v: %v", a, ids, err)
	}
	return list
}

func (f *fixture) count(where string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.d.QueryRow(f.ctx, "SELECT COUNT(*) FROM comments WHERE "+where, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}
