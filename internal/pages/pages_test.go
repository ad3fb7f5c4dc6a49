package pages_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/pages"
)

type recorder struct{ events []any }

func (r *recorder) InTx(context.Context, *db.Tx, []any) error { return nil }
func (r *recorder) Committed(_ context.Context, events []any) { r.events = append(r.events, events...) }

func TestPagesEditionsRevisionsMenu(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
		st := pages.NewStore(d).WithClock(func() time.Time { return now })

		en, err := st.Save(ctx, pages.Input{Lang: locale.English, Title: "About us", Body: "<p>We are <script>x</script>a paper.</p>", Status: pages.Draft})
		if err != nil {
			t.Fatal(err)
		}
		if en.Slug != "about-us" || en.Body != "<p>We are a paper.</p>" || en.Revision != 1 || !en.PublishedAt.IsZero() {
			t.Fatalf("new edition: %+v", en)
		}
		if _, _, err := st.Published(ctx, locale.English, "about-us"); !errors.Is(err, pages.ErrNotFound) {
			t.Fatalf("a draft is not published: %v", err)
		}
		now = now.Add(time.Hour)
		en, err = st.Save(ctx, pages.Input{PageID: en.PageID, Lang: locale.English, Slug: "about", Title: "About us", Body: "<p>We are a paper.</p>", Status: pages.Published, BaseRevision: 1})
		if err != nil {
			t.Fatal(err)
		}
		if en.Revision != 2 || !en.PublishedAt.Equal(now) || !en.UpdatedAt.IsZero() {
			t.Fatalf("published: %+v", en)
		}
		if _, err := st.Save(ctx, pages.Input{PageID: en.PageID, Lang: locale.English, Title: "Old", Status: pages.Published, BaseRevision: 1}); !errors.Is(err, pages.ErrConflict) {
			t.Fatalf("stale save: %v", err)
		}
		as, err := st.Save(ctx, pages.Input{PageID: en.PageID, Lang: locale.Assamese, Slug: "about", Title: "আমাৰ বিষয়ে", Body: "<p>আমি এখন কাকত।</p>", Status: pages.Published})
		if err != nil {
			t.Fatal(err)
		}
		got, others, err := st.Published(ctx, locale.Assamese, "about")
		if err != nil || got.ID != as.ID || len(others) != 1 || others[0].ID != en.ID {
			t.Fatalf("published as: %+v %+v %v", got, others, err)
		}
		// Another page may not take the slug in the same language.
		other, err := st.Save(ctx, pages.Input{Lang: locale.English, Slug: "about", Title: "Terms", Status: pages.Draft})
		if fielderr.CodeOf(err, "slug") != fielderr.Taken {
			t.Fatalf("taken slug: %+v %v", other, err)
		}
		terms, err := st.Save(ctx, pages.Input{Lang: locale.English, Title: "Terms", Body: "<p>Terms.</p>", Status: pages.Published})
		if err != nil {
			t.Fatal(err)
		}
		now = now.Add(time.Hour)
		en, err = st.Save(ctx, pages.Input{PageID: en.PageID, Lang: locale.English, Slug: "about", Title: "About us", Body: "<p>We are a good paper.</p>", Status: pages.Published, BaseRevision: 2})
		if err != nil || !en.UpdatedAt.Equal(now) || en.Revision != 3 {
			t.Fatalf("update: %+v %v", en, err)
		}
		revs, err := st.Revisions(ctx, en.ID)
		if err != nil || len(revs) != 3 || revs[0].Number != 3 || revs[2].Body != "<p>We are a paper.</p>" {
			t.Fatalf("revisions: %+v %v", revs, err)
		}

		rec := &recorder{}
		d.Subscribe(rec)
		if err := st.SetMenu(ctx, []int64{terms.PageID, en.PageID, terms.PageID}); err != nil {
			t.Fatal(err)
		}
		if err := st.SetMenu(ctx, []int64{9999}); fielderr.CodeOf(err, "menu") != fielderr.NotFound {
			t.Fatalf("menu of a missing page: %v", err)
		}
		menu, err := st.Menu(ctx, locale.English)
		if err != nil || len(menu) != 2 || menu[0].Slug != "terms" || menu[1].Slug != "about" {
			t.Fatalf("menu en: %+v %v", menu, err)
		}
		menu, err = st.Menu(ctx, locale.Assamese)
		if err != nil || len(menu) != 1 || menu[0].Title != "আমাৰ বিষয়ে" {
			t.Fatalf("menu as: %+v %v", menu, err)
		}
		if _, err := st.Save(ctx, pages.Input{PageID: terms.PageID, Lang: locale.English, Title: "Terms", Body: "<p>Terms.</p>", Status: pages.Draft, BaseRevision: 1}); err != nil {
			t.Fatal(err)
		}
		want := []any{pages.MenuChanged{}, pages.Changed{PageID: terms.PageID, Lang: locale.English, InMenu: true}}
		if len(rec.events) != 2 || rec.events[0] != want[0] || rec.events[1] != want[1] {
			t.Fatalf("events: %#v", rec.events)
		}
		list, err := st.List(ctx)
		if err != nil || len(list) != 2 || list[0].MenuPosition != 2 || list[1].MenuPosition != 1 || list[0].Title(locale.Assamese) != "আমাৰ বিষয়ে" || list[1].Title(locale.Assamese) != "Terms" {
			t.Fatalf("list: %+v %v", list, err)
		}
	})
}
