package app_test

import (
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// TestLiveBlogPages: a live blog's reader page through the page cache on both databases. A
// posted entry drops exactly its story's page in its language, its cards (the lists showing
// them) and its updates endpoint; the other edition's page and an unrelated story's page stay
// cached; a reporter's entry waiting for review drops nothing. The page lists the entries
// with their corrections and removals, carries LiveBlogPosting JSON-LD and, once ended, the
// closing note and the coverage's end.
func TestLiveBlogPages(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			f := newNewsroom(t, mk(t))
			ctx, a := f.ctx, f.a
			sports := f.addSection("sports", news.Names{EN: "Sports", AS: "খেল"}, 2)
			story := f.story()
			f.publish(story, locale.English, "Counting day live")
			f.publish(story, locale.Assamese, "গণনাৰ দিন লাইভ")
			f.section = sports
			other := f.story()
			f.publish(other, locale.English, "Assam beat Delhi")
			reporter, err := a.People.Create(ctx, people.NewUser{Email: "rina@live.test", Name: "Rina Das", Password: "a long enough password", Role: people.Reporter})
			if err != nil {
				t.Fatal(err)
			}
			editor := news.Actor{Editor: true}
			en, err := a.News.EditionOf(ctx, story, locale.English)
			if err != nil {
				t.Fatal(err)
			}
			id := strconv.FormatInt(story, 10)
			article := "/news/" + id + "/" + en.Slug
			updates := article + "/updates"
			get := func(path string) (int, http.Header, string) {
				t.Helper()
				rec := httptest.NewRecorder()
				a.Handler().ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				b, _ := io.ReadAll(rec.Body)
				return rec.Code, rec.Header(), string(b)
			}
			if code, _, _ := get(updates); code != http.StatusNotFound {
				t.Fatalf("updates of a story never live: %d", code)
			}
			if err := a.News.StartLive(ctx, editor, en.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := a.News.AddEntry(ctx, editor, en.ID, news.EntryInput{Body: "Counting begins at 8 in all 126 seats.", KeyPoint: true}); err != nil {
				t.Fatal(err)
			}

			pages := map[string]string{
				"article": article, "updates": updates, "home": "/", "section": "/section/assam",
				"assamese article": "/as/news/" + id, "assamese home": "/as/", "unrelated": "/news/" + strconv.FormatInt(other, 10), "sports": "/section/sports",
			}
			warm := func() { t.Helper(); f.warm(slices.Collect(maps.Values(pages))...) }
			expect := func(step string, dropped ...string) { t.Helper(); f.expectDropped(step, pages, dropped...) }

			warm()
			pending, err := a.News.AddEntry(ctx, news.Actor{UserID: reporter.ID}, en.ID, news.EntryInput{Body: "Trends: ahead in 40."})
			if err != nil || pending.Status != news.EntryPending {
				t.Fatalf("reporter's entry: %+v, %v", pending, err)
			}
			expect("a reporter's entry waiting for review")

			posted, err := a.News.AddEntry(ctx, editor, en.ID, news.EntryInput{Body: "Trends: ahead in 62.", EmbedURL: "https://www.youtube.com/watch?v=x"})
			if err != nil {
				t.Fatal(err)
			}
			expect("an editor's entry", "article", "updates", "home", "section")

			code, h, body := get(updates)
			if code != 200 || !strings.Contains(h.Get("Cache-Control"), "s-maxage=2") || !strings.Contains(body, `data-entry="`+strconv.FormatInt(posted.ID, 10)+`"`) ||
				strings.Contains(body, "ahead in 40") || strings.Contains(body, "<html") {
				t.Fatalf("updates endpoint: %d %q\n%s", code, h.Get("Cache-Control"), body)
			}
			if code, _, _ := get(strings.Replace(updates, en.Slug, "wrong-slug", 1)); code != http.StatusNotFound {
				t.Errorf("updates under a wrong slug: %d", code)
			}

			warm()
			if err := a.News.ApproveEntry(ctx, editor, pending.ID); err != nil {
				t.Fatal(err)
			}
			expect("an approval", "article", "updates", "home", "section")
			if err := a.News.CorrectEntry(ctx, editor, posted.ID, news.EntryInput{Body: "Trends: ahead in 64."}); err != nil {
				t.Fatal(err)
			}
			if err := a.News.RemoveEntry(ctx, editor, pending.ID); err != nil {
				t.Fatal(err)
			}
			_, _, html := get(article)
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
			if err != nil {
				t.Fatal(err)
			}
			entries := doc.Find(".live-entry")
			if entries.Length() != 3 || !strings.Contains(entries.Eq(0).Text(), "An update was removed at") ||
				!strings.Contains(entries.Eq(1).Text(), "ahead in 64") || !strings.Contains(entries.Eq(1).Text(), "Corrected at") ||
				!strings.Contains(doc.Find(".live-keys").Text(), "Counting begins") {
				t.Fatalf("live entries on the page:\n%s", doc.Find(".live").Text())
			}
			if doc.Find(`script[src*="/static/live."]`).Length() != 1 || doc.Find(`ol[data-live="`+updates+`"]`).Length() != 1 {
				t.Error("the running blog's page lacks its script or its endpoint")
			}
			ld := liveLD(t, doc)
			if ld["@type"] != "LiveBlogPosting" || ld["coverageStartTime"] == nil || ld["coverageEndTime"] != nil {
				t.Errorf("JSON-LD of a running blog: %v", ld)
			}
			if u, _ := ld["liveBlogUpdate"].([]any); len(u) != 2 || u[0].(map[string]any)["@type"] != "BlogPosting" {
				t.Errorf("liveBlogUpdate: %v", ld["liveBlogUpdate"])
			}
			_, _, home := get("/")
			if !strings.Contains(home, `class="live-badge" href="`+article+`#live"`) {
				t.Error("the home page's card lacks the Live badge")
			}

			warm()
			if err := a.News.EndLive(ctx, editor, en.ID, "Counting is over."); err != nil {
				t.Fatal(err)
			}
			expect("the end", "article", "updates", "home", "section")
			_, _, html = get(article)
			doc, _ = goquery.NewDocumentFromReader(strings.NewReader(html))
			if !strings.Contains(doc.Find(".live-ended").Text(), "Counting is over.") || doc.Find(`script[src*="/static/live."]`).Length() != 0 {
				t.Error("the ended blog lacks its closing note or still polls")
			}
			if ld := liveLD(t, doc); ld["coverageEndTime"] == nil {
				t.Errorf("JSON-LD of an ended blog: %v", ld)
			}
			if _, _, home := get("/"); strings.Contains(home, `class="live-badge"`) {
				t.Error("the card of an ended blog still shows Live")
			}
			if _, _, body := get(updates); !strings.Contains(body, `data-live-status="ended"`) {
				t.Error("the endpoint does not say the blog has ended")
			}
		})
	}
}

// liveLD is the page's first JSON-LD object.
func liveLD(t *testing.T, doc *goquery.Document) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(doc.Find(`script[type="application/ld+json"]`).First().Text()), &v); err != nil {
		t.Fatal(err)
	}
	return v
}
