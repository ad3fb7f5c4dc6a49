package site_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
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
	"github.com/batori-news/batori/internal/search"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/web"
)

// searchSite is the reader site over the demo newspaper with its search index filled.
func searchSite(t *testing.T, d *db.DB) (*httptest.Server, *news.Store) {
	t.Helper()
	ctx := context.Background()
	lib := media.NewLibrary(d, filepath.Join(t.TempDir(), "media"))
	st := news.NewStore(d)
	set := settings.NewStore(d)
	if _, err := demo.Seed(ctx, demo.Stores{News: st, Settings: set, Media: lib}, demo.Options{Now: time.Now()}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	ix := search.New(d)
	for {
		n, err := ix.Backfill(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := site.New(site.Deps{News: st, Settings: set, Media: lib, Templates: templates, Assets: assets, Log: log, Search: ix})
	mux := http.NewServeMux()
	s.Routes(mux)
	srv := httptest.NewServer(web.Chain(mux, web.SecurityHeaders, web.Recover(log, s.RenderError)))
	t.Cleanup(srv.Close)
	return srv, st
}

func getDoc(t *testing.T, srv *httptest.Server, path string, want int) (*http.Response, *goquery.Document) {
	t.Helper()
	resp, err := noRedirect.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != want {
		t.Fatalf("GET %s = %d, want %d", path, resp.StatusCode, want)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, doc
}

func TestSearchPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		srv, st := searchSite(t, d)
		ctx := context.Background()
		var camps news.Teaser
		list, err := st.Published(ctx, news.Filter{Lang: locale.English}, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, tz := range list {
			if strings.Contains(tz.Headline, "1,200 relief camps") {
				camps = tz
			}
		}
		if camps.StoryID == 0 {
			t.Fatal("the demo paper lacks the relief camps story")
		}

		// The empty page says what to do, is not cached and is not indexed.
		resp, doc := getDoc(t, srv, "/search", http.StatusOK)
		if resp.Header.Get("Cache-Control") != "no-store" || doc.Find(`meta[name=robots][content=noindex]`).Length() != 1 {
			t.Errorf("search page cacheable or indexable: %q", resp.Header.Get("Cache-Control"))
		}
		if !strings.Contains(doc.Find("main").Text(), locale.New(locale.English, nil, "").T("search_intro")) {
			t.Error("empty search page lacks its introduction")
		}

		// English: the story first, its words marked, the link to its page.
		_, doc = getDoc(t, srv, "/search?q="+url.QueryEscape("Neamatighat relief camps"), http.StatusOK)
		first := doc.Find("li.result").First()
		if href := first.Find("h2 a").AttrOr("href", ""); !strings.Contains(href, "/news/"+itoa(camps.StoryID)+"/") || strings.HasPrefix(href, "/as/") {
			t.Errorf("first result links %q, want story %d", href, camps.StoryID)
		}
		if first.Find("mark").Length() == 0 {
			t.Error("no word marked in the first result")
		}

		// Assamese: a case ending, the Bengali ra and Latin digits all find the same story.
		for _, q := range []string{"শিবিৰত", "ত্রাণ শিবিৰ", "1200 শিবিৰ", "গুৱাহাটী জেকেট"} {
			_, doc = getDoc(t, srv, "/as/search?q="+url.QueryEscape(q), http.StatusOK)
			href := doc.Find("li.result h2 a").First().AttrOr("href", "")
			if !strings.HasPrefix(href, "/as/news/"+itoa(camps.StoryID)+"/") {
				t.Errorf("/as/search?q=%s: first result %q, want the Assamese edition of story %d", q, href, camps.StoryID)
			}
			if doc.Find("html").AttrOr("lang", "") != "as" {
				t.Error("Assamese search page not in Assamese")
			}
		}

		// Nothing found: said plainly, with the other language offered.
		_, doc = getDoc(t, srv, "/search?q=zzyzxq", http.StatusOK)
		if doc.Find("li.result").Length() != 0 || doc.Find(`a[href*="lang=any"]`).Length() != 1 {
			t.Error("the no-result page lists results or does not offer both languages")
		}
		// Filters narrow; a bad one is explained.
		_, doc = getDoc(t, srv, "/search?q=Guwahati&section=culture", http.StatusOK)
		doc.Find("li.result .kicker a").Each(func(_ int, s *goquery.Selection) {
			if !strings.HasSuffix(s.AttrOr("href", ""), "/section/culture") {
				t.Errorf("section filter let through %q", s.AttrOr("href", ""))
			}
		})
		for _, bad := range []string{"q=" + strings.Repeat("x", 101), "q=river&from=yesterday", "q=river&section=nowhere", "q=river&lang=fr"} {
			_, doc = getDoc(t, srv, "/search?"+bad, http.StatusBadRequest)
			if doc.Find(".field-error").Length() == 0 {
				t.Errorf("/search?%s: no message for the bad input", bad)
			}
		}
		getDoc(t, srv, "/search?q=Guwahati&page=500", http.StatusNotFound)

		// The masthead's box is on every reader page, in the page's language.
		for path, action := range map[string]string{"/": "/search", "/as/": "/as/search", "/section/culture": "/search",
			"/as/section/culture": "/as/search", storyPath(locale.English, camps.StoryID, camps.Slug): "/search", "/missing": "/search", "/as/missing": "/as/search"} {
			resp, err := noRedirect.Get(srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			doc, _ := goquery.NewDocumentFromReader(resp.Body)
			resp.Body.Close()
			if got := doc.Find(`header form.site-search[method=get]`).AttrOr("action", ""); got != action {
				t.Errorf("%s: masthead search box goes to %q, want %q", path, got, action)
			}
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
