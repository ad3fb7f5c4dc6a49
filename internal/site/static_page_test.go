package site_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/redirects"
)

func TestStaticPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		doc := f.page(t, "/page/privacy", http.StatusOK)
		if got := doc.Find("h1").Text(); got != "Privacy policy" {
			t.Errorf("privacy title %q", got)
		}
		if doc.Find(".story-body h2").Length() < 3 {
			t.Errorf("privacy body: %s", doc.Find(".story-body").Text())
		}
		if href, _ := doc.Find(`link[rel=alternate][hreflang=as]`).Attr("href"); href != "/as/page/privacy" {
			t.Errorf("hreflang as = %q", href)
		}
		if href, _ := doc.Find(".switch a").Attr("href"); href != "/as/page/privacy" {
			t.Errorf("switch = %q", href)
		}
		doc = f.page(t, "/as/page/about", http.StatusOK)
		if got := doc.Find("h1").Text(); got != "আমাৰ বিষয়ে" {
			t.Errorf("as about title %q", got)
		}
		// The footer links the menu's pages in the page's language, in order, on every page.
		home := f.page(t, "/as/", http.StatusOK)
		var links []string
		for _, n := range home.Find(".foot-links a").Nodes {
			for _, at := range n.Attr {
				if at.Key == "href" {
					links = append(links, at.Val)
				}
			}
		}
		if len(links) < 3 || links[0] != "/as/page/about" || links[1] != "/as/page/privacy" || links[2] != "/as/page/terms" {
			t.Errorf("footer links %v", links)
		}
		f.page(t, "/page/nothing", http.StatusNotFound)

		// A draft is not shown; a new page shows once published.
		ctx := context.Background()
		e, err := f.pages.Save(ctx, pages.Input{Lang: locale.English, Title: "Advertise with us", Body: "<p>Rates.</p>", Status: pages.Draft})
		if err != nil {
			t.Fatal(err)
		}
		f.page(t, "/page/advertise-with-us", http.StatusNotFound)
		if _, err := f.pages.Save(ctx, pages.Input{PageID: e.PageID, Lang: locale.English, Title: "Advertise with us", Body: "<p>Rates.</p>", Status: pages.Published, BaseRevision: 1}); err != nil {
			t.Fatal(err)
		}
		doc = f.page(t, "/page/advertise-with-us", http.StatusOK)
		if doc.Find(".switch").Length() != 0 {
			t.Error("an English-only page offers a switch")
		}

		// Old addresses of an imported site redirect; unknown ones are the 404 page.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if err := redirects.Put(ctx, tx, "/2019/05/old-story/", "/news/1/x", "test", time.Now()); err != nil {
				return err
			}
			return redirects.Put(ctx, tx, "/?p=42", "/page/about", "test", time.Now())
		})
		if err != nil {
			t.Fatal(err)
		}
		for path, want := range map[string]string{
			"/2019/05/old-story/":               "/news/1/x",
			"/2019/05/old-story":                "/news/1/x",
			"/2019/05/old-story/feed/":          "/news/1/x",
			"/2019/05/old-story/?utm_source=wa": "/news/1/x",
			"/?p=42":                            "/page/about",
			"/?p=42&utm_campaign=x":             "/page/about",
		} {
			resp, _ := f.get(t, path)
			if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != want {
				t.Errorf("GET %s = %d %q, want 301 %s", path, resp.StatusCode, resp.Header.Get("Location"), want)
			}
		}
		f.page(t, "/2019/05/other/", http.StatusNotFound)
		f.page(t, "/?p=43", http.StatusNotFound)
	})
}
