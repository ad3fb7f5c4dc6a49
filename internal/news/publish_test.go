package news_test

import (
	"errors"
	"image/color"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// TestUpdatedOn checks that "Updated On" moves only when a published edition's words or
// picture really change.
func TestUpdatedOn(t *testing.T) {
	cases := []struct {
		name      string
		published bool
		edit      func(in *news.EditionInput, stored news.Edition, other int64)
		updated   bool
	}{
		{"draft edited", false, func(in *news.EditionInput, _ news.Edition, _ int64) { in.Body = "<p>new words</p>" }, false},
		{"identical input", true, func(*news.EditionInput, news.Edition, int64) {}, false},
		{"stored text sent back", true, func(in *news.EditionInput, stored news.Edition, _ int64) {
			// The newsroom form shows the stored, sanitised text; saving it unchanged is no change.
			in.Headline, in.Standfirst, in.Body = stored.Headline, stored.Standfirst, stored.Body
		}, false},
		{"headline spacing", true, func(in *news.EditionInput, _ news.Edition, _ int64) {
			in.Headline = "  Flood \n relief   reaches Majuli "
		}, false},
		{"standfirst spacing", true, func(in *news.EditionInput, _ news.Edition, _ int64) { in.Standfirst = "\n" + in.Standfirst + "  " }, false},
		{"slug only", true, func(in *news.EditionInput, _ news.Edition, _ int64) { in.Slug = "majuli-relief" }, false},
		{"bylines only", true, func(in *news.EditionInput, _ news.Edition, _ int64) { in.AuthorIDs = nil }, false},
		{"body changed", true, func(in *news.EditionInput, _ news.Edition, _ int64) { in.Body = "<p>Boats reached 40 villages.</p>" }, true},
		{"headline changed", true, func(in *news.EditionInput, _ news.Edition, _ int64) {
			in.Headline = "Flood relief reaches all of Majuli"
		}, true},
		{"standfirst changed", true, func(in *news.EditionInput, _ news.Edition, _ int64) { in.Standfirst = "Corrected figures." }, true},
		{"picture changed", true, func(in *news.EditionInput, _ news.Edition, other int64) { in.ImageID = other }, true},
		{"picture removed", true, func(in *news.EditionInput, _ news.Edition, _ int64) { in.ImageID = 0 }, true},
		{"caption changed", true, func(in *news.EditionInput, _ news.Edition, _ int64) { in.ImageCaption = "Boats at Kamalabari ghat" }, true},
		{"alt text changed", true, func(in *news.EditionInput, _ news.Edition, _ int64) { in.ImageAlt = "Two boats" }, true},
		{"credit changed", true, func(in *news.EditionInput, _ news.Edition, _ int64) { in.ImageCredit = "PTI" }, true},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		sec := f.section("assam", 1)
		author := f.author("rina")
		img, other := f.image(color.RGBA{B: 200, A: 255}), f.image(color.RGBA{R: 10, G: 10, A: 255})
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f := f.on(t)
				in := news.EditionInput{StoryID: f.story(news.StoryInput{SectionID: sec.ID}), Lang: locale.English,
					Headline: "Flood relief reaches Majuli", Standfirst: "Boats carry rice.",
					Body:    `<p>"Help" came & <a href="https://asdma.assam.gov.in">ASDMA</a> said so.</p>`,
					ImageID: img.ID, ImageAlt: "Boats", ImageCaption: "Boats at Majuli", ImageCredit: "Batori", AuthorIDs: []int64{author.ID}}
				e := f.save(in)
				if c.published {
					f.publish(e.ID, f.clock.Now())
				}
				edited := f.clock.Advance(2 * time.Hour)
				in.BaseRevision = e.Revision
				c.edit(&in, e, other.ID)
				got := f.save(in)
				if got.Revision != e.Revision+1 {
					t.Errorf("revision %d, want %d", got.Revision, e.Revision+1)
				}
				if !got.ModifiedAt.Equal(edited) {
					t.Errorf("modified %v, want %v", got.ModifiedAt, edited)
				}
				switch {
				case c.updated && !got.UpdatedAt.Equal(edited):
					t.Errorf("updated = %v, want %v", got.UpdatedAt, edited)
				case !c.updated && !got.UpdatedAt.IsZero():
					t.Errorf("updated = %v, want zero", got.UpdatedAt)
				}
			})
		}
	})
}

// TestUpdatedOnKeepsLastRealChange checks that saves without a change leave "Updated On" at
// the last real change.
func TestUpdatedOnKeepsLastRealChange(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		in := news.EditionInput{StoryID: f.story(news.StoryInput{SectionID: f.section("assam", 1).ID}), Lang: locale.Assamese,
			Headline: "চাহ বাগিচাত মজুৰি বৃদ্ধি", Body: "<p>প্ৰথম</p>"}
		e := f.save(in)
		f.publish(e.ID, f.clock.Now())
		steps := []struct {
			body    string
			updated bool // whether this save moves "Updated On"
		}{
			{"<p>দ্বিতীয়</p>", true},
			{"<p>দ্বিতীয়</p>", false},
			{"<p>তৃতীয়</p>", true},
			{"<p>তৃতীয়</p>", false},
		}
		var want time.Time
		for i, s := range steps {
			at := f.clock.Advance(time.Hour)
			if s.updated {
				want = at
			}
			in.Body, in.BaseRevision = s.body, i+1
			if got := f.save(in); !got.UpdatedAt.Equal(want) {
				t.Errorf("save %d: updated = %v, want %v", i+1, got.UpdatedAt, want)
			}
		}
		if got := f.edition(e.ID); !got.PublishedAt.Equal(e.ModifiedAt) {
			t.Errorf("published %v moved by edits, want %v", got.PublishedAt, e.ModifiedAt)
		}
	})
}

func TestPublishKeepsFirstPublishedAt(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		e := f.save(news.EditionInput{StoryID: f.story(news.StoryInput{SectionID: f.section("assam", 1).ID}), Lang: locale.English, Headline: "Bihu"})
		if err := f.store.Unpublish(f.ctx, e.ID); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("unpublish a draft: err = %v, want ErrNotFound", err)
		}
		first := f.clock.Advance(time.Hour)
		f.publish(e.ID, first)
		steps := []struct {
			name    string
			do      func() error
			status  news.Status
			wantErr error
		}{
			{"unpublish", func() error { return f.store.Unpublish(f.ctx, e.ID) }, news.Unpublished, nil},
			{"unpublish again", func() error { return f.store.Unpublish(f.ctx, e.ID) }, news.Unpublished, news.ErrNotFound},
			{"publish again later", func() error { return f.store.Publish(f.ctx, e.ID, first.Add(24*time.Hour)) }, news.Published, nil},
			{"publish while published", func() error { return f.store.Publish(f.ctx, e.ID, first.Add(48*time.Hour)) }, news.Published, nil},
		}
		for _, s := range steps {
			at := f.clock.Advance(time.Minute)
			if err := s.do(); !errors.Is(err, s.wantErr) {
				t.Errorf("%s: err = %v, want %v", s.name, err, s.wantErr)
			}
			got := f.edition(e.ID)
			if got.Status != s.status || !got.PublishedAt.Equal(first) {
				t.Errorf("%s: status %s, published %v; want %s, %v", s.name, got.Status, got.PublishedAt, s.status, first)
			}
			if s.wantErr == nil && !got.ModifiedAt.Equal(at) {
				t.Errorf("%s: modified %v, want %v", s.name, got.ModifiedAt, at)
			}
		}
		if err := f.store.Publish(f.ctx, e.ID+100, first); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("publish unknown edition: err = %v, want ErrNotFound", err)
		}
		if err := f.store.Unpublish(f.ctx, e.ID+100); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("unpublish unknown edition: err = %v, want ErrNotFound", err)
		}
	})
}
