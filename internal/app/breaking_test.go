package app_test

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// TestBreakingBanner: an editor's banner shows on every reader page of its language and no
// other, through the page cache; removing it, its expiry and unpublishing its story each
// drop it from the pages that had been cached with it. Reporters may not set it.
func TestBreakingBanner(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			f := newNewsroom(t, mk(t))
			ctx, a := f.ctx, f.a
			story := f.story()
			f.publish(story, locale.English, "Embankment breached at Majuli")
			f.publish(story, locale.Assamese, "মাজুলীত মথাউৰি ভাঙিল")
			other := f.story()
			f.publish(other, locale.English, "Rain in Guwahati")
			f.publish(other, locale.Assamese, "গুৱাহাটীত বৰষুণ")
			edition := func(lang locale.Lang) int64 {
				e, err := a.News.EditionOf(ctx, story, lang)
				if err != nil {
					t.Fatal(err)
				}
				return e.ID
			}
			id := strconv.FormatInt(story, 10)
			en := []string{"/", "/news/" + strconv.FormatInt(other, 10), "/section/assam"}
			as := []string{"/as/", "/as/news/" + strconv.FormatInt(other, 10), "/as/section/assam"}
			warm := func() { t.Helper(); f.warm(append(slices.Clone(en), as...)...) }
			// expect checks paths' cache state and whether they show the banner for headline.
			expect := func(step string, paths []string, cache, headline string) {
				t.Helper()
				for _, p := range paths {
					c, body := f.get(p)
					if c != cache {
						t.Errorf("after %s, %s: X-Cache %q, want %q", step, p, c, cache)
					}
					has := strings.Contains(body, `class="breaking" role="region"`)
					if want := headline != ""; has != want {
						t.Errorf("after %s, %s: banner shown %v, want %v", step, p, has, want)
					} else if want && (!strings.Contains(body, headline) || !strings.Contains(body, "/news/"+id)) {
						t.Errorf("after %s, %s: banner lacks the headline %q or the link to story %s", step, p, headline, id)
					}
				}
			}
			editor := news.Actor{UserID: 0, Editor: true}

			if err := a.News.SetBreaking(ctx, news.Actor{UserID: 1}, edition(locale.English), time.Hour); !errors.Is(err, news.ErrForbidden) {
				t.Fatalf("a reporter sets the banner: %v, want ErrForbidden", err)
			}

			warm()
			if err := a.News.SetBreaking(ctx, editor, edition(locale.English), 30*time.Minute); err != nil {
				t.Fatal(err)
			}
			expect("the English banner", en, "MISS", "Embankment breached at Majuli")
			expect("the English banner", as, "HIT", "")

			warm()
			if err := a.News.ClearBreaking(ctx, editor, locale.English); err != nil {
				t.Fatal(err)
			}
			expect("its removal", en, "MISS", "")
			expect("its removal", as, "HIT", "")

			// Expiry: the periodic task, an hour on, takes down a banner set for 30 minutes
			// and drops the pages cached with it.
			if err := a.News.SetBreaking(ctx, editor, edition(locale.Assamese), 30*time.Minute); err != nil {
				t.Fatal(err)
			}
			warm()
			expect("the Assamese banner", as, "HIT", "মাজুলীত মথাউৰি ভাঙিল")
			if err := a.News.ExpireBanners(ctx); err != nil {
				t.Fatal(err)
			}
			expect("an expiry run before its time", as, "HIT", "মাজুলীত মথাউৰি ভাঙিল")
			later := a.News.WithClock(func() time.Time { return time.Now().Add(time.Hour) })
			if err := later.ExpireBanners(ctx); err != nil {
				t.Fatal(err)
			}
			expect("its expiry", as, "MISS", "")
			expect("its expiry", en, "HIT", "")

			// Unpublishing the story takes its banner down with it.
			if err := a.News.SetBreaking(ctx, editor, edition(locale.Assamese), 0); err != nil {
				t.Fatal(err)
			}
			warm()
			if err := a.News.Withdraw(ctx, editor, edition(locale.Assamese)); err != nil {
				t.Fatal(err)
			}
			expect("unpublishing the story", as, "MISS", "")
			if b, err := a.News.BannerIn(ctx, locale.Assamese); err != nil || b != nil {
				t.Errorf("banner after unpublishing: %+v, %v", b, err)
			}
			if err := a.News.SetBreaking(ctx, editor, edition(locale.Assamese), time.Hour); !errors.Is(err, news.ErrInvalidState) {
				t.Errorf("banner for an unpublished edition: %v, want ErrInvalidState", err)
			}

			// Setting, removing and expiry each left an audit row on the story; the expiry's
			// names no one, and each names the language whose banner went.
			log, err := a.News.Audit(ctx, news.AuditFilter{StoryID: story})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string][]string{}
			for _, ev := range log {
				got[ev.Action] = append(got[ev.Action], ev.Detail)
				if ev.Action == "breaking_expired" && ev.UserID != 0 {
					t.Errorf("expiry audited as user %d", ev.UserID)
				}
			}
			if len(got["breaking"]) != 3 || strings.Join(got["breaking_removed"], " ") != "en" || strings.Join(got["breaking_expired"], " ") != "as" {
				t.Errorf("audit rows %v, want 3 breaking, breaking_removed [en], breaking_expired [as]", got)
			}
		})
	}
}
