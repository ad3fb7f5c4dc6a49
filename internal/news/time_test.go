package news_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// TestTimesRoundTrip checks that every time the store writes reads back as the same instant,
// to the microsecond, whatever zone the clock or caller used.
func TestTimesRoundTrip(t *testing.T) {
	est := time.FixedZone("EST", -5*60*60)
	cases := []struct {
		name string
		now  time.Time // the store's clock at the first save
		pub  time.Time // the publication time the caller gives
	}{
		{"whole seconds", time.Date(2024, time.April, 14, 9, 30, 0, 0, ist), time.Date(2024, time.April, 14, 10, 0, 0, 0, ist)},
		{"nanoseconds", time.Date(2024, time.December, 31, 23, 59, 59, 999_999_999, ist), time.Date(2025, time.January, 1, 0, 0, 0, 123_456_789, time.UTC)},
		{"microseconds", time.Date(2023, time.June, 1, 0, 0, 0, 1_000, time.UTC), time.Date(2023, time.June, 1, 0, 0, 0, 999_000, est)},
		{"west of utc across midnight", time.Date(2022, time.March, 1, 21, 15, 0, 500_000_000, est), time.Date(2022, time.March, 1, 22, 0, 0, 0, est)},
		{"long ago", time.Date(1971, time.February, 3, 4, 5, 6, 7_000, ist), time.Date(1971, time.February, 3, 5, 0, 0, 0, ist)},
		{"far ahead", time.Date(2099, time.October, 20, 12, 0, 0, 42_000, time.UTC), time.Date(2099, time.October, 21, 12, 0, 0, 0, est)},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		sec := f.section("assam", 1)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f := f.on(t)
				f.clock.Set(c.now)
				in := news.EditionInput{StoryID: f.story(news.StoryInput{SectionID: sec.ID}), Lang: locale.English, Headline: c.name}
				e := f.save(in)
				f.publish(e.ID, c.pub)
				edited := f.clock.Advance(90*time.Minute + 7*time.Microsecond).Truncate(time.Microsecond)
				in.Body, in.BaseRevision = "<p>changed</p>", 1
				f.save(in)

				created := c.now.Truncate(time.Microsecond)
				published := c.pub.Truncate(time.Microsecond)
				got := f.edition(e.ID)
				revs, err := f.store.Revisions(f.ctx, e.ID)
				if err != nil || len(revs) != 2 {
					t.Fatalf("revisions = %v, %v", revs, err)
				}
				a, err := f.store.PublishedArticle(f.ctx, e.StoryID, locale.English)
				if err != nil {
					t.Fatal(err)
				}
				checks := []struct {
					what      string
					got, want time.Time
				}{
					{"edition modified", got.ModifiedAt, edited},
					{"edition published", got.PublishedAt, published},
					{"edition updated", got.UpdatedAt, edited},
					{"first revision", revs[1].CreatedAt, created},
					{"second revision", revs[0].CreatedAt, edited},
					{"article published", a.PublishedAt, published},
					{"article updated", a.UpdatedAt, edited},
				}
				for _, ch := range checks {
					if !ch.got.Equal(ch.want) {
						t.Errorf("%s = %v, want %v", ch.what, ch.got, ch.want)
					}
				}
			})
		}
	})
}

// TestPublishedOrderWithinASecond checks that newest-first holds for times a fraction of a
// second apart, which SQLite compares as stored text.
func TestPublishedOrderWithinASecond(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		sec := f.section("assam", 1)
		base := time.Date(2024, time.April, 14, 9, 30, 5, 0, ist)
		// In publication order; published in a shuffled order so ids do not decide.
		offsets := []time.Duration{0, time.Microsecond, 100 * time.Millisecond, 120 * time.Millisecond,
			999_999 * time.Microsecond, time.Second, time.Second + 5*time.Microsecond, 10 * time.Second}
		var want []string
		for _, i := range []int{3, 0, 7, 5, 1, 6, 2, 4} {
			f.publishedStory(news.StoryInput{SectionID: sec.ID}, locale.English, fmt.Sprint("at ", offsets[i]), base.Add(offsets[i]))
		}
		for i := len(offsets) - 1; i >= 0; i-- {
			want = append(want, fmt.Sprint("at ", offsets[i]))
		}
		list, err := f.store.Published(f.ctx, news.Filter{Lang: locale.English}, 20, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := headlines(list); !slices.Equal(got, want) {
			t.Errorf("order = %q, want %q", got, want)
		}
		for i, tz := range list {
			if at := base.Add(offsets[len(offsets)-1-i]); !tz.PublishedAt.Equal(at) {
				t.Errorf("%q published %v, want %v", tz.Headline, tz.PublishedAt, at)
			}
		}
	})
}
