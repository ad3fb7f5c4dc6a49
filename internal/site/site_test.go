package site_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/redirects"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/web"
)

// templates is shared by every handler test so TestMain can fail on a page no test rendered.
var templates *web.Templates

var assets *web.Assets

func TestMain(m *testing.M) {
	var err error
	assets, err = web.LoadAssets(web.Files)
	if err != nil {
		panic(err)
	}
	templates, err = web.ParseTemplates(web.Files, "templates", web.Funcs(assets))
	if err != nil {
		panic(err)
	}
	var rendered testkit.RenderCheck
	rendered.Track(templates)
	os.Exit(rendered.Run(m, "reader"))
}

// fixture is a reader site over a database loaded with the demo newspaper.
type fixture struct {
	srv   *httptest.Server
	news  *news.Store
	db    *db.DB
	now   time.Time
	story demo.Story
	pages *pages.Store
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	lib := media.NewLibrary(d, filepath.Join(t.TempDir(), "media"))
	st := news.NewStore(d)
	set := settings.NewStore(d)
	now := time.Now()
	pg := pages.NewStore(d)
	if _, err := demo.Seed(ctx, demo.Stores{News: st, Settings: set, Media: lib, Pages: pg}, demo.Options{Now: now}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	rd := redirects.NewStore(d)
	s := site.New(site.Deps{News: st, Settings: set, Media: lib, Templates: templates, Assets: assets,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Pages: pg, Redirects: rd})
	mux := http.NewServeMux()
	s.Routes(mux)
	srv := httptest.NewServer(web.Chain(mux, web.SecurityHeaders, web.Recover(slog.New(slog.NewTextHandler(io.Discard, nil)), s.RenderError)))
	t.Cleanup(srv.Close)
	return &fixture{srv: srv, news: st, db: d, now: now, pages: pg}
}

// noRedirect is a client that reports redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func (f *fixture) get(t *testing.T, path string) (*http.Response, *goquery.Document) {
	t.Helper()
	resp, err := noRedirect.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, doc
}

func (f *fixture) page(t *testing.T, path string, wantStatus int) *goquery.Document {
	t.Helper()
	resp, doc := f.get(t, path)
	if resp.StatusCode != wantStatus {
		t.Fatalf("GET %s = %d, want %d", path, resp.StatusCode, wantStatus)
	}
	return doc
}

// bilingual returns a published story with both editions, and an English-only one.
func (f *fixture) stories(t *testing.T) (both, englishOnly news.Article) {
	t.Helper()
	ctx := context.Background()
	list, err := f.news.Published(ctx, news.Filter{Lang: locale.English}, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tz := range list {
		a, err := f.news.PublishedArticle(ctx, tz.StoryID, locale.English)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Editions) == 2 && both.StoryID == 0 && a.Image != nil {
			both = a
		}
		if len(a.Editions) == 1 && englishOnly.StoryID == 0 {
			englishOnly = a
		}
	}
	if both.StoryID == 0 || englishOnly.StoryID == 0 {
		t.Fatal("demo content lacks a bilingual story with a picture or an English-only story")
	}
	return both, englishOnly
}

func storyPath(lang locale.Lang, id int64, slug string) string {
	p := ""
	if lang == locale.Assamese {
		p = "/as"
	}
	return fmt.Sprintf("%s/news/%d/%s", p, id, url.PathEscape(slug))
}

func TestReaderSite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		t.Run("home", f.testHome)
		t.Run("article", f.testArticle)
		t.Run("lists", f.testLists)
		t.Run("not found", f.testNotFound)
		t.Run("files", f.testFiles)
		t.Run("render-time sanitising", f.testRenderSanitises)
	})
}

func (f *fixture) testHome(t *testing.T) {
	for _, c := range []struct {
		path, lang, name string
	}{{"/", "en", "Batori"}, {"/as/", "as", "বাতৰি"}} {
		resp, doc := f.get(t, c.path)
		if resp.StatusCode != 200 {
			t.Fatalf("GET %s = %d", c.path, resp.StatusCode)
		}
		if got, _ := doc.Find("html").Attr("lang"); got != c.lang {
			t.Errorf("%s: lang=%q", c.path, got)
		}
		if !strings.Contains(doc.Find("title").Text(), c.name) {
			t.Errorf("%s: title %q lacks %q", c.path, doc.Find("title").Text(), c.name)
		}
		if n := doc.Find("nav.sections a").Length(); n < 6 {
			t.Errorf("%s: %d section links, want ≥ 6", c.path, n)
		}
		// Every story linked from the home page is in the page's language.
		prefix := "/news/"
		if c.lang == "as" {
			prefix = "/as/news/"
		}
		links := doc.Find("main a[href*='/news/']")
		if links.Length() < 10 {
			t.Errorf("%s: only %d story links", c.path, links.Length())
		}
		links.Each(func(_ int, s *goquery.Selection) {
			if h, _ := s.Attr("href"); !strings.HasPrefix(h, prefix) {
				t.Errorf("%s: story link %q not under %s", c.path, h, prefix)
			}
		})
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("CSP %q", csp)
		}
		if doc.Find("link[rel=alternate][hreflang=as]").Length() != 1 || doc.Find("link[rel=alternate][hreflang=en]").Length() != 1 {
			t.Errorf("%s: hreflang alternates missing", c.path)
		}
		for _, door := range []string{"/newsroom/login?lang=" + c.lang, "/newsroom/register?lang=" + c.lang} {
			if doc.Find(`footer a[href="`+door+`"]`).Length() != 1 {
				t.Errorf("%s: no link to %s in the site chrome", c.path, door)
			}
		}
	}
}

func (f *fixture) testArticle(t *testing.T) {
	both, englishOnly := f.stories(t)
	canonical := storyPath(locale.English, both.StoryID, both.Slug)
	doc := f.page(t, canonical, 200)
	if got := strings.TrimSpace(doc.Find("h1").Text()); got != both.Headline {
		t.Errorf("h1 %q, want %q", got, both.Headline)
	}
	if dt, ok := doc.Find("time[datetime]").First().Attr("datetime"); !ok || !strings.HasSuffix(dt, "+05:30") {
		t.Errorf("published datetime %q, want IST", dt)
	}
	byline := doc.Find(".story-meta a[href^='/author/']")
	if byline.Length() == 0 {
		t.Error("byline does not link an author page")
	}
	for _, share := range []string{"https://wa.me/", "https://www.facebook.com/sharer", "https://x.com/intent", "https://t.me/share", "mailto:"} {
		if doc.Find(fmt.Sprintf(`.share a[href^="%s"]`, share)).Length() != 1 {
			t.Errorf("no %s share link", share)
		}
	}
	sw := doc.Find(`a[hreflang="as"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		h, _ := s.Attr("href")
		return strings.HasPrefix(h, fmt.Sprintf("/as/news/%d", both.StoryID))
	})
	if sw.Length() == 0 || !strings.Contains(sw.Text(), "Read in Assamese") {
		t.Fatalf("no 'Read in Assamese' switch to /as/news/%d", both.StoryID)
	}
	if doc.Find("figure img[src^='/media/']").Length() == 0 || doc.Find("figcaption").Length() == 0 {
		t.Error("featured image with caption missing")
	}

	// The switch goes straight to the Assamese edition's canonical URL; the id-only URL
	// still redirects there.
	href, _ := sw.Attr("href")
	resp, _ := f.get(t, fmt.Sprintf("/as/news/%d", both.StoryID))
	if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != href {
		t.Fatalf("GET /as/news/%d = %d → %q, want 301 → %q", both.StoryID, resp.StatusCode, resp.Header.Get("Location"), href)
	}
	asPath := href
	asDoc := f.page(t, asPath, 200)
	if got, _ := asDoc.Find("html").Attr("lang"); got != "as" {
		t.Errorf("Assamese edition lang=%q", got)
	}
	asH1 := strings.TrimSpace(asDoc.Find("h1").Text())
	if asH1 == "" || asH1 == both.Headline || !strings.ContainsAny(asH1, "অআইউএকখগঘচছজটডতদনপবমযৰলৱশসহ") {
		t.Errorf("Assamese h1 %q", asH1)
	}
	if !strings.ContainsAny(asDoc.Find("time").First().Text(), "০১২৩৪৫৬৭৮৯") {
		t.Errorf("Assamese date %q not in Assamese digits", asDoc.Find("time").First().Text())
	}
	if asDoc.Find(`a[hreflang="en"]`).FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "ইংৰাজীত পঢ়ক")
	}).Length() == 0 {
		t.Error("Assamese edition has no 'Read in English' switch")
	}

	// Old or wrong slugs redirect to the canonical URL.
	for _, p := range []string{fmt.Sprintf("/news/%d", both.StoryID), fmt.Sprintf("/news/%d/an-old-headline", both.StoryID)} {
		resp, _ := f.get(t, p)
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != canonical {
			t.Errorf("GET %s = %d → %q, want 301 → %q", p, resp.StatusCode, resp.Header.Get("Location"), canonical)
		}
	}

	// An English-only story has no switch, and its Assamese URL leads to the English page
	// (discover_test.go); a story that does not exist is a 404 in Assamese.
	doc = f.page(t, storyPath(locale.English, englishOnly.StoryID, englishOnly.Slug), 200)
	if doc.Find(`.switch a`).Length() != 0 {
		t.Error("English-only story shows a language switch")
	}
	if resp, _ := f.get(t, fmt.Sprintf("/as/news/%d/x", englishOnly.StoryID)); resp.StatusCode != http.StatusFound {
		t.Errorf("English-only story in Assamese: %d, want 302", resp.StatusCode)
	}
	notFound := f.page(t, "/as/news/987654/x", 404)
	if got, _ := notFound.Find("html").Attr("lang"); got != "as" {
		t.Errorf("Assamese 404 lang=%q", got)
	}

	// A story updated after publication shows "Updated On"; a long one gets Read more.
	ctx := context.Background()
	list, _ := f.news.Published(ctx, news.Filter{Lang: locale.English}, 100, 0)
	var updated, long bool
	for _, tz := range list {
		doc := f.page(t, storyPath(locale.English, tz.StoryID, tz.Slug), 200)
		if !tz.UpdatedAt.IsZero() {
			updated = true
			if !strings.Contains(doc.Find(".story-meta").Text(), "Updated On") {
				t.Errorf("story %d updated at %v shows no Updated On", tz.StoryID, tz.UpdatedAt)
			}
		} else if strings.Contains(doc.Find(".story-meta").Text(), "Updated On") {
			t.Errorf("story %d never updated shows Updated On", tz.StoryID)
		}
		if doc.Find("[data-collapse]").Length() > 0 {
			long = true
			if doc.Find("[data-collapse] p").Length() < 5 {
				t.Errorf("collapsed body of story %d lacks its paragraphs in the HTML", tz.StoryID)
			}
		}
	}
	if !updated || !long {
		t.Errorf("demo lacks updated (%t) or long (%t) stories", updated, long)
	}
}

func (f *fixture) testLists(t *testing.T) {
	ctx := context.Background()
	sections, err := f.news.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sec := sections[0]
	doc := f.page(t, "/section/"+sec.Slug, 200)
	if !strings.Contains(doc.Find("h1").Text(), sec.Name.EN) {
		t.Errorf("section h1 %q", doc.Find("h1").Text())
	}
	n, _ := f.news.CountPublished(ctx, news.Filter{Lang: locale.English, SectionID: sec.ID})
	if got := doc.Find("main article a[href^='/news/'], main li a[href^='/news/']").Length(); got == 0 || n == 0 {
		t.Errorf("section page lists %d links for %d stories", got, n)
	}
	asDoc := f.page(t, "/as/section/"+sec.Slug, 200)
	if !strings.Contains(asDoc.Find("h1").Text(), sec.Name.AS) {
		t.Errorf("Assamese section h1 %q", asDoc.Find("h1").Text())
	}
	// Pagination: page 2 of a small section does not exist; malformed pages are 404s.
	for _, p := range []string{"?page=0", "?page=abc", "?page=-1", "?page=999"} {
		f.page(t, "/section/"+sec.Slug+p, 404)
	}
	// The biggest list pages: the all-English author page spans pages when the demo is large.
	both, _ := f.stories(t)
	a := both.Authors[0]
	adoc := f.page(t, "/author/"+a.Slug, 200)
	if !strings.Contains(adoc.Find("h1").Text(), a.Name.EN) {
		t.Errorf("author h1 %q", adoc.Find("h1").Text())
	}
	if adoc.Find("main img[src^='/media/']").Length() == 0 {
		t.Error("author page has no photo")
	}
	asAuthor := f.page(t, "/as/author/"+a.Slug, 200)
	if !strings.Contains(asAuthor.Find("h1").Text(), a.Name.AS) {
		t.Errorf("Assamese author h1 %q, want %q", asAuthor.Find("h1").Text(), a.Name.AS)
	}
	if len(both.Tags) > 0 {
		tdoc := f.page(t, "/tag/"+both.Tags[0].Slug, 200)
		if !strings.Contains(tdoc.Text(), both.Headline) {
			t.Error("tag page does not list a story with that tag")
		}
	}
	// A list that spans pages links its next page, and page 2 links back.
	total, _ := f.news.CountPublished(ctx, news.Filter{Lang: locale.English, SectionID: 0, AuthorID: a.ID})
	if total > 12 {
		p1 := f.page(t, "/author/"+a.Slug, 200)
		if p1.Find("a[rel=next]").Length() != 1 {
			t.Error("no next link on a long list")
		}
		p2 := f.page(t, "/author/"+a.Slug+"?page=2", 200)
		if p2.Find("a[rel=prev]").Length() != 1 {
			t.Error("no prev link on page 2")
		}
	}
}

func (f *fixture) testNotFound(t *testing.T) {
	for _, c := range []struct{ path, lang string }{
		{"/nope", "en"}, {"/as/nope", "as"}, {"/news/abc/x", "en"}, {"/news/0/x", "en"}, {"/news/99999999/x", "en"},
		{"/news/9999999999999999999999/x", "en"}, {"/section/nope", "en"}, {"/as/section/nope", "as"},
		{"/tag/nope", "en"}, {"/author/nope", "en"}, {"/static/app.css", "en"}, {"/media/nope.jpg", "en"},
		{"/media/..%2f..%2fetc%2fpasswd", "en"},
	} {
		doc := f.page(t, c.path, 404)
		if got, _ := doc.Find("html").Attr("lang"); got != c.lang {
			t.Errorf("%s: 404 page lang=%q, want %q", c.path, got, c.lang)
		}
		if doc.Find("h1").Length() != 1 || doc.Find("a[href='/'], a[href='/as/']").Length() == 0 {
			t.Errorf("%s: 404 page lacks heading or home link", c.path)
		}
	}
}

func (f *fixture) testFiles(t *testing.T) {
	doc := f.page(t, "/", 200)
	css, _ := doc.Find("link[rel=stylesheet]").Attr("href")
	req, _ := http.NewRequest("GET", f.srv.URL+css, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") || resp.Header.Get("Content-Encoding") != "gzip" {
		t.Errorf("GET %s = %d, Cache-Control %q, encoding %q", css, resp.StatusCode, resp.Header.Get("Cache-Control"), resp.Header.Get("Content-Encoding"))
	}
	img, _ := doc.Find("main img[src^='/media/']").First().Attr("src")
	resp, err = http.Get(f.srv.URL + img)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("GET %s = %d %s", img, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

// testRenderSanitises stores a hostile body behind the store's back and checks the page
// still carries none of it: bodies are cleaned when rendered, not only when saved.
func (f *fixture) testRenderSanitises(t *testing.T) {
	both, _ := f.stories(t)
	ctx := context.Background()
	hostile := `<p>Safe words.</p><script>alert(1)</script><p onclick="x()">Click</p><a href="javascript:alert(1)">bad</a><iframe src="https://evil.example"></iframe>`
	if _, err := f.db.Exec(ctx, "UPDATE editions SET body = ? WHERE id = ?", hostile, both.EditionID); err != nil {
		t.Fatal(err)
	}
	doc := f.page(t, storyPath(locale.English, both.StoryID, both.Slug), 200)
	body, _ := doc.Find("#story-body").Html()
	if !strings.Contains(body, "Safe words.") {
		t.Fatalf("body missing: %q", body)
	}
	for _, bad := range []string{"<script", "onclick", "javascript:", "<iframe"} {
		if strings.Contains(body, bad) {
			t.Errorf("rendered body contains %q: %s", bad, body)
		}
	}
}

func TestHomeShowsEachStoryOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for _, path := range []string{"/", "/as/"} {
			doc := f.page(t, path, 200)
			seen := map[string]bool{}
			doc.Find("main article, main .latest li").Each(func(_ int, s *goquery.Selection) {
				h, _ := s.Find("a[href*='/news/']").First().Attr("href")
				if seen[h] {
					t.Errorf("%s shows %s twice", path, h)
				}
				seen[h] = true
			})
			lang := locale.English
			if path == "/as/" {
				lang = locale.Assamese
			}
			n, _ := f.news.CountPublished(context.Background(), news.Filter{Lang: lang})
			if len(seen) < min(n, 20) {
				t.Errorf("%s shows %d stories of %d", path, len(seen), n)
			}
		}
	})
}
