package app_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/testkit"
)

// freshSite serves a site with the page cache off, so that every request renders, and
// returns it, a reader's GET of a path on it, its section "assam" and its address.
func freshSite(t *testing.T) (*app.App, func(path string) string, news.Section, string) {
	t.Helper()
	cfg := baseConfig(t)
	cfg.Migrate = true
	cfg.PageCacheMB = -1
	ctx := context.Background()
	a, err := app.New(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	base := testkit.Serve(ctx, t, a.ServeListener)
	sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) string {
		t.Helper()
		return viewsGet(t, base+path, nil)
	}
	return a, get, sec, base
}

// publishEnglish publishes a new story of in with an English edition headed headline, at at.
func publishEnglish(t *testing.T, a *app.App, in news.StoryInput, headline, slug string, at time.Time) (int64, news.Edition) {
	t.Helper()
	ctx := context.Background()
	id, err := a.News.CreateStory(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	ed, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: id, Lang: locale.English, Headline: headline, Slug: slug, Body: "<p>" + headline + "</p>"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.News.Publish(ctx, ed.ID, at); err != nil {
		t.Fatal(err)
	}
	return id, ed
}

// TestKeptListsFollowPublications: with the page cache off, a fresh render reads the home
// page's lists and an article's related stories from the news store's kept lists, and shows
// cards rendered once; the invalidation a publication makes forgets the lists, so the next
// render of each page shows the new story at once, and an edited headline shows on every
// card of the story at once.
func TestKeptListsFollowPublications(t *testing.T) {
	ctx := context.Background()
	a, get, sec, base := freshSite(t)
	tag, err := a.News.CreateTag(ctx, "floods", news.Names{EN: "Floods", AS: "বান"})
	if err != nil {
		t.Fatal(err)
	}
	publish := func(headline, slug string, at time.Time) (int64, news.Edition) {
		t.Helper()
		return publishEnglish(t, a, news.StoryInput{SectionID: sec.ID, TagIDs: []int64{tag.ID}}, headline, slug, at)
	}
	now := time.Now()
	first, firstEd := publish("Flood warning in Dhemaji", "flood-warning", now.Add(-2*time.Hour))
	article := fmt.Sprintf("/news/%d/flood-warning", first)
	for range 2 { // the second render is served from the kept lists
		if page := get("/"); !strings.Contains(page, "Flood warning in Dhemaji") {
			t.Fatal("the home page lacks the published story")
		}
		if page := get(article); strings.Contains(page, "River rises") {
			t.Fatal("related stories before the second story was published")
		}
	}
	second, _ := publish("River rises at Dibrugarh", "river-rises", now.Add(-time.Hour))
	if page := get("/"); !strings.Contains(page, "River rises at Dibrugarh") {
		t.Error("the home page rendered after a publication lacks the new story")
	}
	if page := get(article); !strings.Contains(page, "River rises at Dibrugarh") {
		t.Error("the article rendered after a publication lacks the new story among related stories")
	}

	// Cards: the section page's (its partial "card") and the second article's related
	// stories ("card-small"), each rendered twice so that the second is the kept card.
	secondArticle := fmt.Sprintf("/news/%d/river-rises", second)
	for range 2 {
		if !strings.Contains(get("/section/assam"), "Flood warning in Dhemaji") || !strings.Contains(get(secondArticle), "Flood warning in Dhemaji") {
			t.Fatal("the section page or the related stories lack the first story")
		}
	}
	if _, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: first, Lang: locale.English, Headline: "Flood warning lifted in Dhemaji",
		Slug: "flood-warning", Body: "<p>Lifted.</p>", BaseRevision: firstEd.Revision}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/section/assam", secondArticle} {
		if page := get(path); !strings.Contains(page, "Flood warning lifted in Dhemaji") || strings.Contains(page, "Flood warning in Dhemaji") {
			t.Errorf("%s after the headline was edited does not show the new headline alone", path)
		}
	}
	// The article itself, read once and kept: the edit shows on its next render, and after
	// it is unpublished it is no longer there.
	for range 2 {
		if page := get(article); !strings.Contains(page, "Lifted.") || !strings.Contains(page, "Flood warning lifted in Dhemaji") {
			t.Fatal("the article after its edit does not show the edited text")
		}
	}
	if _, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: first, Lang: locale.English, Headline: "Flood warning lifted in Dhemaji",
		Slug: "flood-warning", Body: "<p>Lifted at noon.</p>", BaseRevision: firstEd.Revision + 1}); err != nil {
		t.Fatal(err)
	}
	if page := get(article); !strings.Contains(page, "Lifted at noon.") {
		t.Error("the article after a second edit shows the kept text")
	}
	if err := a.News.Unpublish(ctx, firstEd.ID); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(base + article)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("the unpublished article = %d, want 404", resp.StatusCode)
	}
}

// TestKeptPiecesFollowEditors: with the page cache off, a fresh page shows its header and
// footer, its blank comment form and its comments' closing from what the site keeps; an
// editor's change to the site's name, a section or the comment settings shows on the next
// render of every page.
func TestKeptPiecesFollowEditors(t *testing.T) {
	ctx := context.Background()
	a, get, sec, _ := freshSite(t)
	id, _ := publishEnglish(t, a, news.StoryInput{SectionID: sec.ID}, "Tea auction opens", "tea-auction", time.Now().Add(-72*time.Hour))
	article := fmt.Sprintf("/news/%d/tea-auction", id)
	for range 2 { // the second render shows the kept pieces
		for _, path := range []string{"/", article} {
			if page := get(path); strings.Contains(page, "Morning Star") || !strings.Contains(page, ">Assam<") {
				t.Fatalf("%s before the changes: wrong name or section", path)
			}
		}
		if page := get(article); !strings.Contains(page, `id="respond"`) || !strings.Contains(page, `name="body"`) {
			t.Fatal("the article lacks its comment form")
		}
	}
	site, err := a.Settings.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	site.NameEN = "Morning Star"
	if err := a.Settings.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	if err := a.News.UpdateSection(ctx, sec.ID, news.Names{EN: "Assam and the North East", AS: "অসম"}); err != nil {
		t.Fatal(err)
	}
	if err := a.Comments.SaveSettings(ctx, comments.Settings{CloseAfterDays: 1}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", article} {
		page := get(path)
		if strings.Count(page, "Morning Star") < 3 {
			t.Errorf("%s after the site was renamed does not show the new name in its title, masthead and footer", path)
		}
		if strings.Contains(page, ">Assam<") || !strings.Contains(page, ">Assam and the North East<") {
			t.Errorf("%s after the section was renamed still shows the old name in its menus", path)
		}
	}
	if page := get(article); strings.Contains(page, `id="respond"`) || !strings.Contains(page, "comments-closed") {
		t.Error("the article still takes comments after they were closed a day after publication")
	}
}
