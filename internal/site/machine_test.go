package site_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/web"
)

// newMachineFixture is the demo newspaper behind the page cache, with machine translation on
// or off. The worker's part (claiming and finishing jobs) the tests play through the store.
func newMachineFixture(t *testing.T, d *db.DB, enabled bool) (*fixture, *pagecache.Cache) {
	t.Helper()
	f := newFixture(t, d)
	f.srv.Close()
	cache := pagecache.New(64<<20, time.Minute)
	s := site.New(site.Deps{News: f.news, Settings: settings.NewStore(d), Templates: templates, Assets: assets, Cache: cache,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Machine: site.MachineDeps{Enabled: func(context.Context) bool { return enabled }}})
	mux := http.NewServeMux()
	s.Routes(mux)
	f.srv = httptest.NewServer(web.Chain(mux, web.SecurityHeaders))
	t.Cleanup(f.srv.Close)
	return f, cache
}

func machinePath(a news.Article) string {
	return storyPath(locale.Assamese, a.StoryID, a.Slug) + "/machine"
}

func TestMachineTranslationOff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f, _ := newMachineFixture(t, d, false)
		_, en := f.stories(t)
		doc := f.page(t, storyPath(locale.English, en.StoryID, en.Slug), 200)
		if n := doc.Find(".switch a").Length(); n != 0 {
			t.Errorf("English-only story offers a language switch without a provider: %d", n)
		}
		f.page(t, machinePath(en), 404)
	})
}

func TestMachineTranslationForReaders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f, cache := newMachineFixture(t, d, true)
		both, en := f.stories(t)
		path := machinePath(en)

		// The English page offers the translation; a story with both editions keeps its switch.
		doc := f.page(t, storyPath(locale.English, en.StoryID, en.Slug), 200)
		if got := doc.Find(`.switch a[hreflang=as]`).AttrOr("href", ""); got != path {
			t.Fatalf("switch goes to %q, want %q", got, path)
		}
		doc = f.page(t, storyPath(locale.English, both.StoryID, both.Slug), 200)
		if got := doc.Find(`.switch a`).AttrOr("href", ""); strings.HasSuffix(got, "/machine") {
			t.Errorf("bilingual story switches to %q", got)
		}

		// First reader: a job is queued and a progress page refreshes itself, never cached.
		for range 2 {
			resp, doc := f.get(t, path)
			if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
				t.Fatalf("progress: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
			}
			if doc.Find(`meta[http-equiv=refresh]`).AttrOr("content", "") != "5" || doc.Find("html").AttrOr("lang", "") != "as" {
				t.Fatal("progress page does not refresh itself in Assamese")
			}
			if doc.Find(`meta[name=robots]`).AttrOr("content", "") != "noindex" {
				t.Error("progress page is indexable")
			}
		}
		var jobs int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM mt_jobs").Scan(&jobs); err != nil || jobs != 1 {
			t.Fatalf("%d jobs (%v), want 1 for two readers", jobs, err)
		}

		// The worker finishes it: the page is the Assamese article, labelled, served from cache.
		j, err := f.news.ClaimMachine(ctx)
		if err != nil || j.SourceEditionID != en.EditionID || j.SourceRevision != en.Revision {
			t.Fatalf("claim = %+v, %v", j, err)
		}
		if err := f.news.CompleteMachine(ctx, j.ID, "যন্ত্ৰৰ শিৰোনাম", "যন্ত্ৰৰ সাৰাংশ", "<p>যন্ত্ৰৰ অনুবাদ</p>"); err != nil {
			t.Fatal(err)
		}
		cache.Purge()
		resp, doc := f.get(t, path)
		if resp.StatusCode != 200 || doc.Find("h1").Text() != "যন্ত্ৰৰ শিৰোনাম" || !strings.Contains(doc.Find(".story-body").Text(), "যন্ত্ৰৰ অনুবাদ") {
			t.Fatalf("translated page: %d, h1 %q", resp.StatusCode, doc.Find("h1").Text())
		}
		englishURL := storyPath(locale.English, en.StoryID, en.Slug)
		if doc.Find("html").AttrOr("lang", "") != "as" || doc.Find(`meta[name=robots]`).AttrOr("content", "") != "noindex" ||
			!strings.HasSuffix(doc.Find(`link[rel=canonical]`).AttrOr("href", ""), englishURL) {
			t.Error("translated page: want lang as, noindex and the English page as canonical")
		}
		note := doc.Find(".machine-note")
		if !strings.Contains(note.Text(), locale.New(locale.Assamese, nil, locale.NativeDigits).T("ed_machine_label")) || note.Find(`a[href="`+englishURL+`"]`).Length() != 1 {
			t.Errorf("machine label %q lacks the label or the link to the English original", note.Text())
		}
		if doc.Find(`link[rel=alternate][hreflang]`).Length() != 0 {
			t.Error("machine translation claims to be an alternate edition")
		}
		if doc.Find(".comments").Length() != 0 {
			t.Error("comments under a machine translation")
		}
		// The photo's words stay English: its alt text, caption and credit are marked so, the
		// credit's label is Assamese like the page.
		fig := doc.Find("figure.story-figure")
		if fig.Length() != 1 {
			t.Fatal("the machine translation shows no photo")
		}
		if fig.AttrOr("lang", "") != "" || fig.Find("img").AttrOr("lang", "") != "en" {
			t.Errorf("figure lang %q, img lang %q: want the alt text alone marked lang=en", fig.AttrOr("lang", ""), fig.Find("img").AttrOr("lang", ""))
		}
		capEN := fig.Find(`figcaption > span[lang=en]`)
		credit := fig.Find(".credit")
		if capEN.Length() != 1 || capEN.Text() == "" || credit.Find(`span[lang=en]`).Length() != 1 || !strings.HasPrefix(credit.Text(), "ফটো:") {
			t.Errorf("caption %q: want the caption and the credit's name marked lang=en, the label Assamese", fig.Find("figcaption").Text())
		}
		resp, _ = f.get(t, path)
		if resp.Header.Get("X-Cache") != "HIT" {
			t.Errorf("second reader: X-Cache %q, want HIT", resp.Header.Get("X-Cache"))
		}

		// A wrong slug goes to the right one.
		resp, _ = f.get(t, storyPath(locale.Assamese, en.StoryID, "wrong")+"/machine")
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != path {
			t.Errorf("wrong slug: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}

		// A person's Assamese edition, once published, replaces the machine version.
		e, err := f.news.SaveEdition(ctx, news.EditionInput{StoryID: en.StoryID, Lang: locale.Assamese, Headline: "মানুহৰ অনুবাদ", Body: "<p>মানুহ</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.news.Publish(ctx, e.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		cache.Purge()
		resp, _ = f.get(t, path)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != storyPath(locale.Assamese, en.StoryID, e.Slug) {
			t.Errorf("after the human edition: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		doc = f.page(t, englishURL, 200)
		if got := doc.Find(`.switch a`).AttrOr("href", ""); strings.HasSuffix(got, "/machine") || !strings.HasPrefix(got, "/as/news/") {
			t.Errorf("English page switches to %q after the human edition", got)
		}
	})
}

func TestMachineTranslationFailure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f, cache := newMachineFixture(t, d, true)
		_, en := f.stories(t)
		path := machinePath(en)
		f.page(t, path, 200)
		// The worker tries a failed job again after a backoff, keeping the reader waiting; the
		// reader is told of the failure once its attempts are spent.
		at := time.Now()
		var j news.Job
		for attempt := 1; ; attempt++ {
			worker := f.news.WithClock(func() time.Time { return at })
			var err error
			if j, err = worker.ClaimMachine(ctx); err != nil {
				t.Fatalf("attempt %d: %v", attempt, err)
			}
			if err := worker.FailMachine(ctx, j.ID, "the translation service quota is used up"); err != nil {
				t.Fatal(err)
			}
			if _, err := worker.ClaimMachine(ctx); !errors.Is(err, news.ErrNotFound) {
				t.Fatalf("attempt %d: a failed job was taken again at once (%v)", attempt, err)
			}
			if attempt == 3 {
				break
			}
			cache.Purge()
			if _, doc := f.get(t, path); doc.Find(`meta[http-equiv=refresh]`).Length() != 1 {
				t.Fatalf("after %d failed attempts the reader is not kept waiting", attempt)
			}
			at = at.Add(10 * time.Minute)
		}
		cache.Purge()
		resp, doc := f.get(t, path)
		if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "no-store") {
			t.Fatalf("failure page: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
		l := locale.New(locale.Assamese, nil, locale.NativeDigits)
		if doc.Find("h1").Text() != l.T("ed_machine_failed_title") || doc.Find(`meta[http-equiv=refresh]`).Length() != 0 {
			t.Errorf("failure page h1 %q", doc.Find("h1").Text())
		}
		english := doc.Find(`.story-main[lang=en]`)
		if english.Find("h2.story-title").Text() != en.Headline || strings.TrimSpace(english.Find(".story-body").Text()) == "" {
			t.Errorf("failure page lacks the English text: %q", english.Text())
		}
		if strings.Contains(doc.Text(), "quota") {
			t.Error("the provider's message reached readers")
		}
		var status string
		if err := d.QueryRow(ctx, "SELECT status FROM mt_jobs WHERE id = ?", j.ID).Scan(&status); err != nil || status != "failed" {
			t.Errorf("job status %q (%v): a reader's visit retried it at once", status, err)
		}
	})
}
