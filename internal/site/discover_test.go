package site_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	_ "image/jpeg"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/feeds"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/web"
)

// discovery is a reader site on its own origin, with a settable clock, over the demo paper.
type discovery struct {
	srv      *httptest.Server
	origin   string
	news     *news.Store
	settings *settings.Store
	clock    *testkit.Clock
	media    *media.Library
	site     *site.Server
	machine  atomic.Bool
}

func newDiscovery(t *testing.T, d *db.DB) *discovery {
	t.Helper()
	ctx := context.Background()
	lib := media.NewLibrary(d, filepath.Join(t.TempDir(), "media"))
	f := &discovery{news: news.NewStore(d), settings: settings.NewStore(d), media: lib, clock: testkit.NewClock(time.Now().UTC().Truncate(time.Second))}
	staticPages := pages.NewStore(d)
	if _, err := demo.Seed(ctx, demo.Stores{News: f.news, Settings: f.settings, Media: lib, Pages: staticPages}, demo.Options{Now: f.clock.Now()}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	f.srv = httptest.NewUnstartedServer(nil)
	f.origin = "http://" + f.srv.Listener.Addr().String()
	s := site.New(site.Deps{News: f.news, Settings: f.settings, Media: lib, Templates: templates, Assets: assets,
		Origin: web.FixedOrigin(f.origin), Now: f.clock.Now, Crops: true, Pages: staticPages, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Machine: site.MachineDeps{Enabled: func(context.Context) bool { return f.machine.Load() }}})
	mux := http.NewServeMux()
	s.Routes(mux)
	f.srv.Config.Handler = web.Chain(mux, web.SecurityHeaders)
	f.site = s
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

// fetch GETs a path or an absolute URL on the site without following redirects.
func (f *discovery) fetch(t *testing.T, u string) (*http.Response, []byte) {
	t.Helper()
	if strings.HasPrefix(u, "/") {
		u = f.origin + u
	}
	if !strings.HasPrefix(u, f.origin+"/") {
		t.Fatalf("%s is not on the origin %s", u, f.origin)
	}
	resp, err := noRedirect.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func (f *discovery) ok(t *testing.T, u string) []byte {
	t.Helper()
	resp, body := f.fetch(t, u)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d (Location %q), want 200", u, resp.StatusCode, resp.Header.Get("Location"))
	}
	return body
}

func (f *discovery) doc(t *testing.T, u string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(string(f.ok(t, u))))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestDiscovery(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newDiscovery(t, d)
		t.Run("feeds", f.testFeeds)
		t.Run("feed full text", f.testFullText)
		t.Run("sitemaps", f.testSitemaps)
		t.Run("news sitemap", f.testNewsSitemap)
		t.Run("sitemap split", f.testSitemapSplit)
		t.Run("json-ld", f.testJSONLD)
		t.Run("hreflang and canonical", f.testHreflang)
		t.Run("language switch", f.testLanguageSwitch)
		t.Run("missing edition", f.testMissingEdition)
	})
}

// feedPages are pages whose feeds the tests read, in both languages.
func (f *discovery) feedPages(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	list, err := f.news.Published(ctx, news.Filter{Lang: locale.English}, 1, 0)
	if err != nil || len(list) == 0 {
		t.Fatalf("no story: %v", err)
	}
	a, err := f.news.PublishedArticle(ctx, list[0].StoryID, locale.English)
	if err != nil || len(a.Tags) == 0 || len(a.Authors) == 0 {
		t.Fatalf("newest story lacks tags or authors: %v", err)
	}
	var pages []string
	for _, p := range []string{"", "/as"} {
		pages = append(pages, p+"/", p+"/section/"+a.Section.Slug, p+"/tag/"+a.Tags[0].Slug, p+"/author/"+a.Authors[0].Slug)
	}
	return pages
}

func (f *discovery) testFeeds(t *testing.T) {
	feedsSeen := 0
	seen := map[string]bool{}
	for _, page := range f.feedPages(t) {
		doc := f.doc(t, page)
		lang := "en"
		if strings.HasPrefix(page, "/as/") {
			lang = "as"
		}
		// Autodiscovery: the page's own feeds, then its language's.
		var links []string
		doc.Find(`head link[rel=alternate][type="application/rss+xml"], head link[rel=alternate][type="application/atom+xml"]`).Each(func(_ int, s *goquery.Selection) {
			links = append(links, s.AttrOr("href", ""))
		})
		base := strings.TrimSuffix(page, "/")
		if len(links) < 2 || links[0] != f.origin+base+"/rss.xml" || links[1] != f.origin+base+"/atom.xml" {
			t.Fatalf("%s: feed links %v", page, links)
		}
		for _, u := range links {
			if seen[u] {
				continue
			}
			seen[u] = true
			resp, body := f.fetch(t, u)
			if resp.StatusCode != 200 {
				t.Fatalf("GET %s = %d", u, resp.StatusCode)
			}
			ctype := resp.Header.Get("Content-Type")
			p := testkit.ParseFeed(t, body)
			feedsSeen++
			want := map[string]string{"application/rss+xml": "rss20", "application/atom+xml": "atom10"}[strings.Split(ctype, ";")[0]]
			if p.Version != want {
				t.Errorf("%s: %s parsed as %q", u, ctype, p.Version)
			}
			if len(p.Entries) == 0 {
				t.Fatalf("%s: no entries", u)
			}
			if p.Feed.Language != lang && p.Version == "rss20" {
				t.Errorf("%s: language %q, want %q", u, p.Feed.Language, lang)
			}
			pictures := 0
			for _, e := range p.Entries {
				if !strings.HasPrefix(e.Link, f.origin+"/") || e.Title == "" || e.Summary == "" || len(e.Content) != 0 {
					t.Errorf("%s: entry %+v", u, e)
				}
				if len(e.Media) > 0 {
					pictures++
					if !strings.HasPrefix(e.Media[0], f.origin+"/media/") || !strings.HasSuffix(e.Media[0], ".jpg") {
						t.Errorf("%s: picture %q", u, e.Media[0])
					}
				}
			}
			if pictures == 0 {
				t.Errorf("%s: no entry has its picture", u)
			}
			// Each entry's link is the story's final address.
			f.ok(t, p.Entries[0].Link)
		}
	}
	for _, u := range []string{"/all/rss.xml", "/all/atom.xml"} {
		p := testkit.ParseFeed(t, f.ok(t, u))
		langs := map[string]bool{}
		for _, e := range p.Entries {
			langs[strings.SplitN(strings.TrimPrefix(e.Link, f.origin), "/", 3)[1]] = true
		}
		if !langs["as"] || !langs["news"] {
			t.Errorf("%s: entries not in both languages (%v)", u, langs)
		}
	}
	// Per language: its own two, and two each for a section, a tag and an author.
	if feedsSeen != 16 {
		t.Errorf("read %d feeds, want 16", feedsSeen)
	}
	for _, u := range []string{"/section/no-such/rss.xml", "/as/tag/no-such/atom.xml"} {
		if resp, _ := f.fetch(t, u); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", u, resp.StatusCode)
		}
	}
}

func (f *discovery) testFullText(t *testing.T) {
	ctx := context.Background()
	set, err := f.settings.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set.FeedFullText = true
	if err := f.settings.SaveSite(ctx, set); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		set.FeedFullText = false
		f.settings.SaveSite(ctx, set)
	})
	for _, u := range []string{"/rss.xml", "/as/atom.xml"} {
		p := testkit.ParseFeed(t, f.ok(t, u))
		for _, e := range p.Entries {
			if len(e.Content) != 1 || !strings.Contains(e.Content[0], "<p>") {
				t.Fatalf("%s: entry %q without its full text: %q", u, e.Title, e.Content)
			}
			if strings.Contains(e.Content[0], `src="/`) || strings.Contains(e.Content[0], `href="/`) {
				t.Errorf("%s: relative link in %q", u, e.Content[0])
			}
		}
	}
}

// urlset is a sitemap as the tests read it.
type urlset struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
		Links   []struct {
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
		Images []string `xml:"http://www.google.com/schemas/sitemap-image/1.1 image>loc"`
		News   *struct {
			Name  string `xml:"publication>name"`
			Lang  string `xml:"publication>language"`
			Date  string `xml:"publication_date"`
			Title string `xml:"title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

func (f *discovery) sitemap(t *testing.T, u string) urlset {
	t.Helper()
	resp, body := f.fetch(t, u)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/xml") {
		t.Fatalf("GET %s = %d %s", u, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	testkit.ValidateSitemap(t, body, testkit.SchemaURLSet)
	var set urlset
	if err := xml.Unmarshal(body, &set); err != nil {
		t.Fatal(err)
	}
	return set
}

func (f *discovery) testSitemaps(t *testing.T) {
	robots := string(f.ok(t, "/robots.txt"))
	if !strings.Contains(robots, "\nSitemap: "+f.origin+"/sitemap.xml\n") {
		t.Errorf("robots.txt does not name the sitemap:\n%s", robots)
	}
	body := f.ok(t, "/sitemap.xml")
	testkit.ValidateSitemap(t, body, testkit.SchemaIndex)
	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(body, &index); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	want := map[locale.Lang]int{}
	for _, lang := range locale.Langs() {
		n, err := f.news.CountPublished(ctx, news.Filter{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		want[lang] = n
	}
	// The static pages are listed in both languages, each naming the other.
	staticPages := string(f.ok(t, "/sitemaps/pages.xml"))
	for _, p := range []string{"/page/about", "/as/page/about", "/page/privacy", "/as/page/privacy"} {
		if !strings.Contains(staticPages, "<loc>"+f.origin+p+"</loc>") {
			t.Errorf("pages sitemap lacks %s", p)
		}
		if !strings.Contains(staticPages, `href="`+f.origin+p+`"`) {
			t.Errorf("pages sitemap names %s as no alternate", p)
		}
	}
	stories := map[locale.Lang]int{}
	kinds := map[string]bool{}
	paired, images := 0, 0
	for _, sm := range index.Sitemaps {
		name := strings.TrimPrefix(sm.Loc, f.origin+"/sitemaps/")
		set := f.sitemap(t, sm.Loc)
		kind, _, _ := strings.Cut(strings.TrimSuffix(name, ".xml"), "-")
		kinds[kind] = true
		for i, u := range set.URLs {
			// The addresses a sitemap gives answer 200 themselves, hreflang alternates too
			// (the first few of each sitemap: every one would render the whole paper).
			if i < 6 {
				f.ok(t, u.Loc)
				for _, l := range u.Links {
					f.ok(t, l.Href)
				}
			}
			if kind != "articles" {
				continue
			}
			lang := locale.English
			if strings.HasPrefix(u.Loc, f.origin+"/as/") {
				lang = locale.Assamese
			}
			stories[lang]++
			if _, err := time.Parse(time.RFC3339, u.LastMod); err != nil {
				t.Errorf("%s: lastmod %q", u.Loc, u.LastMod)
			}
			if len(u.Links) > 0 {
				paired++
				if !slices.ContainsFunc(u.Links, func(l struct {
					Hreflang string `xml:"hreflang,attr"`
					Href     string `xml:"href,attr"`
				}) bool {
					return l.Hreflang == string(lang) && l.Href == u.Loc
				}) {
					t.Errorf("%s: alternates do not name the page itself: %+v", u.Loc, u.Links)
				}
			}
			images += len(u.Images)
		}
	}
	for _, k := range []string{"pages", "sections", "tags", "authors", "articles", "news"} {
		if !kinds[k] {
			t.Errorf("the index lists no %s sitemap (%v)", k, index.Sitemaps)
		}
	}
	if stories[locale.English] != want[locale.English] || stories[locale.Assamese] != want[locale.Assamese] {
		t.Errorf("article sitemaps list %v stories, want %v", stories, want)
	}
	if paired == 0 || images == 0 {
		t.Errorf("%d entries with hreflang alternates, %d images", paired, images)
	}
	for _, u := range []string{"/sitemaps/articles-en-1999-01.xml", "/sitemaps/articles-xx-2026-01.xml", "/sitemaps/articles-en-2026-13.xml", "/sitemaps/nothing.xml"} {
		if resp, _ := f.fetch(t, u); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", u, resp.StatusCode)
		}
	}
}

// testNewsSitemap checks the Google News sitemap lists exactly the stories published in the
// 48 hours before the site's clock, now and a day later.
func (f *discovery) testNewsSitemap(t *testing.T) {
	ctx := context.Background()
	start := f.clock.Now()
	t.Cleanup(func() { f.clock.Set(start) })
	var all []news.Teaser
	for _, lang := range locale.Langs() {
		list, err := f.news.Published(ctx, news.Filter{Lang: lang}, 1000, 0)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, list...)
	}
	for _, shift := range []time.Duration{0, 30 * time.Hour} {
		now := start.Add(shift)
		f.clock.Set(now)
		want := map[string]news.Teaser{}
		old := 0
		for _, tz := range all {
			u := f.origin + storyPath(tz.Lang, tz.StoryID, tz.Slug)
			if age := now.Sub(tz.PublishedAt); age >= 0 && age <= 48*time.Hour {
				want[u] = tz
			} else {
				old++
			}
		}
		if len(want) == 0 || old == 0 {
			t.Fatalf("at +%v: %d recent and %d older stories; the check needs both", shift, len(want), old)
		}
		set := f.sitemap(t, "/sitemaps/news.xml")
		got := map[string]bool{}
		for _, u := range set.URLs {
			got[u.Loc] = true
			tz, ok := want[u.Loc]
			if !ok {
				t.Errorf("at +%v: %s is not from the last 48 hours", shift, u.Loc)
				continue
			}
			n := u.News
			if n == nil || n.Title != tz.Headline || n.Lang != string(tz.Lang) || n.Name == "" {
				t.Errorf("at +%v: %s news entry %+v", shift, u.Loc, n)
				continue
			}
			if d, err := time.Parse(time.RFC3339, n.Date); err != nil || !d.Equal(tz.PublishedAt.Truncate(time.Second)) {
				t.Errorf("%s: publication_date %q, want %v", u.Loc, n.Date, tz.PublishedAt)
			}
		}
		for u := range want {
			if !got[u] {
				t.Errorf("at +%v: %s is missing", shift, u)
			}
		}
	}
}

// jsonLD returns the page's JSON-LD objects by type.
func jsonLD(t *testing.T, doc *goquery.Document) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v map[string]any
		if err := json.Unmarshal([]byte(s.Text()), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, s.Text())
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("@context %v", v["@context"])
		}
		out[fmt.Sprint(v["@type"])] = v
	})
	return out
}

func (f *discovery) testJSONLD(t *testing.T) {
	ctx := context.Background()
	both := f.bilingual(t)
	// The demo pictures are 960 px wide; the English edition gets a wide photo, which
	// allows a 1200 px preview.
	wide, err := f.media.AddImage(ctx, "wide.jpg", testkit.JPEG(t, testkit.Picture(1600, 900)))
	if err != nil {
		t.Fatal(err)
	}
	e, err := f.news.EditionOf(ctx, both.StoryID, locale.English)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.news.SaveEdition(ctx, news.EditionInput{StoryID: both.StoryID, Lang: locale.English, Headline: e.Headline,
		Standfirst: e.Standfirst, Body: e.Body, Slug: e.Slug, ImageID: wide.ID, ImageAlt: "Wide", AuthorIDs: e.AuthorIDs, BaseRevision: e.Revision}); err != nil {
		t.Fatal(err)
	}
	widths := map[locale.Lang]string{locale.English: "1280", locale.Assamese: "960"}
	for _, lang := range locale.Langs() {
		a, err := f.news.PublishedArticle(ctx, both.StoryID, lang)
		if err != nil {
			t.Fatal(err)
		}
		page := storyPath(lang, a.StoryID, a.Slug)
		doc := f.doc(t, page)
		ld := jsonLD(t, doc)
		art := ld["NewsArticle"]
		if art == nil {
			t.Fatalf("%s: no NewsArticle in %v", page, ld)
		}
		for _, k := range []string{"headline", "description", "image", "datePublished", "dateModified", "author", "publisher", "inLanguage", "isAccessibleForFree", "articleSection", "keywords"} {
			if art[k] == nil {
				t.Errorf("%s: NewsArticle lacks %s", page, k)
			}
		}
		if art["headline"] != a.Headline || art["inLanguage"] != string(lang) || art["isAccessibleForFree"] != true {
			t.Errorf("%s: %v", page, art)
		}
		if _, err := time.Parse(time.RFC3339, fmt.Sprint(art["datePublished"])); err != nil {
			t.Errorf("datePublished: %v", err)
		}
		authors, _ := art["author"].([]any)
		if len(authors) == 0 {
			t.Fatalf("%s: authors %v", page, art["author"])
		}
		au := authors[0].(map[string]any)
		if au["@type"] != "Person" || au["name"] == "" || !strings.HasPrefix(fmt.Sprint(au["url"]), f.origin+prefixOf(lang)+"/author/") {
			t.Errorf("%s: author %v", page, au)
		}
		f.ok(t, fmt.Sprint(au["url"]))
		pub := art["publisher"].(map[string]any)
		if pub["@type"] != "NewsMediaOrganization" || pub["logo"] == nil {
			t.Errorf("%s: publisher %v", page, pub)
		}
		// Three crops of the picture: 16:9, 4:3 and 1:1, JPEGs on the origin.
		images, _ := art["image"].([]any)
		if len(images) != 3 {
			t.Fatalf("%s: images %v", page, art["image"])
		}
		for i, img := range images {
			cfg, format, err := image.DecodeConfig(bytes.NewReader(f.ok(t, fmt.Sprint(img))))
			ratio := [][2]int{{16, 9}, {4, 3}, {1, 1}}[i]
			if err != nil || format != "jpeg" || cfg.Width*cfg.Height < 50000 || abs(cfg.Width*ratio[1]-cfg.Height*ratio[0]) > ratio[0] {
				t.Errorf("%s: image %d %s is %dx%d %s (%v), want %d:%d", page, i, img, cfg.Width, cfg.Height, format, err, ratio[0], ratio[1])
			}
		}
		crumbs := ld["BreadcrumbList"]
		if items, _ := crumbs["itemListElement"].([]any); len(items) != 3 {
			t.Errorf("%s: breadcrumbs %v", page, crumbs)
		}
		// og:image is the narrowest JPEG copy at least 1200 px wide, else the widest.
		og := doc.Find(`meta[property="og:image"]`).AttrOr("content", "")
		w := doc.Find(`meta[property="og:image:width"]`).AttrOr("content", "")
		if !strings.HasPrefix(og, f.origin+"/media/") || !strings.HasSuffix(og, ".jpg") || w != widths[lang] {
			t.Errorf("%s: og:image %q width %q", page, og, w)
		}
		resp, _ := f.fetch(t, og)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" {
			t.Errorf("og:image %s: %d %s", og, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	for _, home := range []string{"/", "/as/"} {
		ld := jsonLD(t, f.doc(t, home))
		org, site := ld["Organization"], ld["WebSite"]
		if org == nil || site == nil || org["logo"] == nil {
			t.Fatalf("%s: %v", home, ld)
		}
		action, _ := site["potentialAction"].(map[string]any)
		target, _ := action["target"].(map[string]any)
		want := f.origin + strings.TrimSuffix(home, "/") + "/search?q={search_term_string}"
		if action["@type"] != "SearchAction" || target["urlTemplate"] != want || action["query-input"] != "required name=search_term_string" {
			t.Errorf("%s: SearchAction %v, want target %s", home, action, want)
		}
	}
	sections, err := f.news.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if ld := jsonLD(t, f.doc(t, "/as/section/"+sections[0].Slug)); ld["BreadcrumbList"] == nil {
		t.Errorf("section page: %v", ld)
	}
	author := both.Authors[0]
	ld := jsonLD(t, f.doc(t, "/author/"+author.Slug))
	profile := ld["ProfilePage"]
	person, _ := profile["mainEntity"].(map[string]any)
	if person["@type"] != "Person" || person["name"] != author.Name.EN {
		t.Errorf("author page: %v", ld)
	}
}

// TestJSONLDEscapes checks that no text in structured data can end its script element.
func TestJSONLDEscapes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newDiscovery(t, d)
		ctx := context.Background()
		both := f.bilingual(t)
		e, err := f.news.EditionOf(ctx, both.StoryID, locale.English)
		if err != nil {
			t.Fatal(err)
		}
		evil := `Flood </script><script>alert(1)</script> & <!-- more`
		_, err = f.news.SaveEdition(ctx, news.EditionInput{StoryID: both.StoryID, Lang: locale.English, Headline: evil,
			Standfirst: e.Standfirst, Body: e.Body, Slug: e.Slug, ImageID: imageID(e), AuthorIDs: e.AuthorIDs, BaseRevision: e.Revision})
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.news.PublishedArticle(ctx, both.StoryID, locale.English)
		if err != nil || a.Headline != evil {
			t.Fatalf("the edit did not reach the published edition: %v %q", err, a.Headline)
		}
		body := string(f.ok(t, storyPath(locale.English, a.StoryID, a.Slug)))
		if strings.Contains(body, "<script>alert") {
			t.Fatal("the headline ended the JSON-LD script element")
		}
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		if got := jsonLD(t, doc)["NewsArticle"]["headline"]; got != evil {
			t.Errorf("headline in JSON-LD = %q", got)
		}
	})
}

func abs(n int) int { return max(n, -n) }

func imageID(e news.Edition) int64 {
	if e.Image == nil {
		return 0
	}
	return e.Image.MediaID
}

// bilingual is a story published in both languages with a picture, tags and a byline.
func (f *discovery) bilingual(t *testing.T) news.Article {
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
		// A live blog's JSON-LD is a LiveBlogPosting (live_fixture_test.go, app/live_test.go).
		if len(a.Editions) == 2 && a.Image != nil && len(a.Tags) > 0 && len(a.Authors) > 0 && !a.Live {
			return a
		}
	}
	t.Fatal("no bilingual story with a picture, tags and a byline")
	return news.Article{}
}

// englishOnly is a story published in English alone.
func (f *discovery) englishOnly(t *testing.T) news.Article {
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
		if len(a.Editions) == 1 {
			return a
		}
	}
	t.Fatal("no English-only story")
	return news.Article{}
}

// pagesOfEveryKind are reader pages of each kind in both languages.
func (f *discovery) pagesOfEveryKind(t *testing.T) []string {
	both := f.bilingual(t)
	as, err := f.news.PublishedArticle(context.Background(), both.StoryID, locale.Assamese)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range []string{"", "/as"} {
		out = append(out, p+"/", p+"/section/"+both.Section.Slug, p+"/tag/"+both.Tags[0].Slug, p+"/author/"+both.Authors[0].Slug, p+"/contact")
	}
	return append(out, storyPath(locale.English, both.StoryID, both.Slug), storyPath(locale.Assamese, as.StoryID, as.Slug))
}

// testHreflang follows every canonical and hreflang link of every kind of page: each answers
// 200 itself, and each names the page it came from back.
func (f *discovery) testHreflang(t *testing.T) {
	for _, page := range f.pagesOfEveryKind(t) {
		doc := f.doc(t, page)
		canonical := doc.Find(`link[rel=canonical]`).AttrOr("href", "")
		if !strings.HasPrefix(canonical, f.origin+"/") {
			t.Errorf("%s: canonical %q", page, canonical)
			continue
		}
		f.ok(t, canonical)
		alts := map[string]string{}
		doc.Find(`link[rel=alternate][hreflang]`).Each(func(_ int, s *goquery.Selection) {
			alts[s.AttrOr("hreflang", "")] = s.AttrOr("href", "")
		})
		if len(alts) != 3 || alts["x-default"] != alts["en"] {
			t.Errorf("%s: hreflang %v", page, alts)
		}
		for lang, u := range alts {
			other := f.doc(t, u)
			back := other.Find(`link[rel=alternate][hreflang="`+strings.TrimPrefix(doc.Find("html").AttrOr("lang", ""), "")+`"]`).AttrOr("href", "")
			if lang != "x-default" && back != canonical {
				t.Errorf("%s → %s (%s) names %q back, want %q", page, u, lang, back, canonical)
			}
		}
	}
}

// testLanguageSwitch checks the header's language link leads to the same page in the other
// language on every kind of page.
func (f *discovery) testLanguageSwitch(t *testing.T) {
	pages := f.pagesOfEveryKind(t)
	// pagesOfEveryKind lists five English pages, the same five in Assamese, then the two
	// editions of one story.
	counterpart := func(i int) string {
		switch {
		case i < 5:
			return pages[i+5]
		case i < 10:
			return pages[i-5]
		case i == 10:
			return pages[11]
		}
		return pages[10]
	}
	for i, page := range pages {
		doc := f.doc(t, page)
		sw := doc.Find(".lang-link a").AttrOr("href", "")
		if want := counterpart(i); sw != want {
			t.Errorf("%s: the language link goes to %q, want %q", page, sw, want)
		}
		f.ok(t, sw)
	}
	// The Enquiry form's is checked in enquiry_test.go, whose site serves it.
}

// testMissingEdition asks for an English-only story in Assamese: it redirects to the English
// page, or to the machine translation where one may be asked for.
func (f *discovery) testMissingEdition(t *testing.T) {
	a := f.englishOnly(t)
	english := storyPath(locale.English, a.StoryID, a.Slug)
	for _, asked := range []string{fmt.Sprintf("/as/news/%d", a.StoryID), storyPath(locale.Assamese, a.StoryID, a.Slug)} {
		resp, _ := f.fetch(t, asked)
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != english {
			t.Errorf("GET %s = %d → %q, want 302 → %s", asked, resp.StatusCode, resp.Header.Get("Location"), english)
		}
	}
	f.machine.Store(true)
	defer f.machine.Store(false)
	resp, _ := f.fetch(t, fmt.Sprintf("/as/news/%d", a.StoryID))
	if want := "/as" + english + "/machine"; resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != want {
		t.Errorf("with machine translation: %d → %q, want 302 → %s", resp.StatusCode, resp.Header.Get("Location"), want)
	}
	if resp, _ := f.fetch(t, "/as/news/999999"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("a story that does not exist: %d", resp.StatusCode)
	}
}

// testSitemapSplit lowers the split from 50,000 stories to 2: each month's stories spread
// over numbered sitemaps, every story listed once.
func (f *discovery) testSitemapSplit(t *testing.T) {
	site.SetSitemapMax(f.site, 2)
	defer site.SetSitemapMax(f.site, feeds.MaxURLs)
	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.Unmarshal(f.ok(t, "/sitemap.xml"), &index); err != nil {
		t.Fatal(err)
	}
	listed := map[string]int{}
	split := 0
	for _, sm := range index.Sitemaps {
		name := strings.TrimPrefix(sm.Loc, f.origin+"/sitemaps/")
		if !strings.HasPrefix(name, "articles-") {
			continue
		}
		set := f.sitemap(t, sm.Loc)
		if len(set.URLs) > 2 {
			t.Errorf("%s lists %d stories, want at most 2", name, len(set.URLs))
		}
		if strings.Count(name, "-") == 4 {
			split++
		}
		for _, u := range set.URLs {
			listed[u.Loc]++
		}
	}
	total := 0
	for _, lang := range locale.Langs() {
		n, err := f.news.CountPublished(context.Background(), news.Filter{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		total += n
	}
	if split == 0 || len(listed) != total {
		t.Errorf("%d numbered sitemaps, %d stories listed, want %d", split, len(listed), total)
	}
	for u, n := range listed {
		if n != 1 {
			t.Errorf("%s listed %d times", u, n)
		}
	}
}
