package app_test

import (
	"context"
	"testing"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/pages"
)

// TestPageEventsDropTheirPages: editing a static page drops its own pages; once it is in the
// footer menu, which every page shows, a change to it or to the menu drops everything.
func TestPageEventsDropTheirPages(t *testing.T) {
	cfg := baseConfig(t)
	cfg.Migrate = true
	ctx := context.Background()
	a, err := app.New(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	f := &newsroomFixture{t: t, ctx: ctx, a: a}
	about, err := a.StaticPages.Save(ctx, pages.Input{Lang: locale.English, Slug: "about", Title: "About us", Body: "<p>One.</p>", Status: pages.Published})
	if err != nil {
		t.Fatal(err)
	}
	terms, err := a.StaticPages.Save(ctx, pages.Input{Lang: locale.English, Slug: "terms", Title: "Terms", Body: "<p>Terms.</p>", Status: pages.Published})
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"/page/about", "/page/terms", "/"}
	warm := func() {
		for _, p := range paths {
			f.cacheState(p)
			if got := f.cacheState(p); got != "HIT" {
				t.Fatalf("%s not cached: %q", p, got)
			}
		}
	}
	expect := func(step string, want ...string) {
		t.Helper()
		for i, p := range paths {
			if got := f.cacheState(p); got != want[i] {
				t.Errorf("after %s, %s: %q, want %q", step, p, got, want[i])
			}
		}
	}
	warm()
	if _, err := a.StaticPages.Save(ctx, pages.Input{PageID: about.PageID, Lang: locale.English, Slug: "about", Title: "About us", Body: "<p>Two.</p>", Status: pages.Published, BaseRevision: 1}); err != nil {
		t.Fatal(err)
	}
	expect("an edit of a page outside the menu", "MISS", "HIT", "HIT")
	warm()
	if err := a.StaticPages.SetMenu(ctx, []int64{terms.PageID}); err != nil {
		t.Fatal(err)
	}
	expect("a menu change", "MISS", "MISS", "MISS")
	warm()
	if _, err := a.StaticPages.Save(ctx, pages.Input{PageID: terms.PageID, Lang: locale.English, Slug: "terms", Title: "Terms of use", Body: "<p>Terms.</p>", Status: pages.Published, BaseRevision: 1}); err != nil {
		t.Fatal(err)
	}
	expect("an edit of a page in the menu", "MISS", "MISS", "MISS")
}
