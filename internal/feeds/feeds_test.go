package feeds_test

import (
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/feeds"
	"github.com/batori-news/batori/internal/testkit"
)

var t0 = time.Date(2026, time.December, 6, 10, 0, 0, 0, time.UTC)

func sampleFeed() feeds.Feed {
	return feeds.Feed{
		Title: "বাতৰি", Description: "খবৰ", Link: "https://news.example.org/as/", Self: "https://news.example.org/as/rss.xml",
		Lang: "as", Updated: t0, Logo: "https://news.example.org/media/logo.png",
		Items: []feeds.Item{{
			ID: "https://news.example.org/as/news/1", Title: "গুৱাহাটীত <বান> & ]]> পানী", Link: "https://news.example.org/as/news/1/%E0%A6%AC",
			Summary: "সাৰাংশ", Content: `<p>Body with ]]> and <a href="https://news.example.org/x">a link</a></p>`,
			Published: t0.Add(-time.Hour), Updated: t0, Lang: "as",
			Authors:    []feeds.Person{{Name: "অঞ্জলি বৰা", URL: "https://news.example.org/as/author/anjali"}},
			Categories: []string{"অসম", "বান"},
			Image:      &feeds.Image{URL: "https://news.example.org/media/p.jpg", Type: "image/jpeg", Length: 12345, Width: 1280, Height: 720},
		}, {
			ID: "https://news.example.org/as/news/2", Title: "দ্বিতীয়", Link: "https://news.example.org/as/news/2/x",
			Summary: "", Published: t0.Add(-2 * time.Hour), Lang: "as",
		}},
	}
}

func TestFeedsParse(t *testing.T) {
	f := sampleFeed()
	rss, err := feeds.RSS(f)
	if err != nil {
		t.Fatal(err)
	}
	atom, err := feeds.Atom(f)
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string][]byte{"rss20": rss, "atom10": atom} {
		p := testkit.ParseFeed(t, doc)
		if p.Version != name {
			t.Errorf("version %q, want %q", p.Version, name)
		}
		if p.Feed.Title != f.Title || len(p.Entries) != 2 {
			t.Fatalf("%s: %+v", name, p.Feed)
		}
		e := p.Entries[0]
		if e.Title != f.Items[0].Title || e.Link != f.Items[0].Link || e.ID != f.Items[0].ID {
			t.Errorf("%s entry: %+v", name, e)
		}
		if len(e.Content) != 1 || !strings.Contains(e.Content[0], "]]>") || !strings.Contains(e.Content[0], "a link") {
			t.Errorf("%s content: %q", name, e.Content)
		}
		if len(e.Enclosures) != 1 || e.Enclosures[0] != f.Items[0].Image.URL || len(e.Media) != 1 {
			t.Errorf("%s picture: %v %v", name, e.Enclosures, e.Media)
		}
		if len(e.Authors) != 1 || e.Authors[0] != "অঞ্জলি বৰা" || len(e.Tags) != 2 {
			t.Errorf("%s byline/categories: %v %v", name, e.Authors, e.Tags)
		}
	}
}

func TestSitemapsValidate(t *testing.T) {
	idx, err := feeds.Index([]feeds.IndexEntry{{Loc: "https://news.example.org/sitemaps/a.xml", LastMod: t0}, {Loc: "https://news.example.org/sitemaps/b.xml"}})
	if err != nil {
		t.Fatal(err)
	}
	testkit.ValidateSitemap(t, idx, testkit.SchemaIndex)
	set, err := feeds.URLSet([]feeds.URL{{
		Loc: "https://news.example.org/news/1/a", LastMod: t0,
		Alternates: []feeds.Alternate{{Lang: "en", Href: "https://news.example.org/news/1/a"}, {Lang: "as", Href: "https://news.example.org/as/news/1/%E0%A6%AC"}},
		Images:     []string{"https://news.example.org/media/p.jpg"},
		News:       &feeds.News{Publication: "Batori", Lang: "en", Published: t0, Title: "A & <b>"},
	}, {Loc: "https://news.example.org/section/assam"}})
	if err != nil {
		t.Fatal(err)
	}
	testkit.ValidateSitemap(t, set, testkit.SchemaURLSet)
	// The schemas really check: an unknown News element is refused.
	bad := strings.Replace(string(set), "<news:publication_date>", "<news:nonsense>x</news:nonsense><news:publication_date>", 1)
	if testkit.CheckSitemap(t, []byte(bad), testkit.SchemaURLSet) == nil {
		t.Error("xmllint accepted an invalid News entry")
	}
	bad = strings.Replace(string(set), `rel="alternate"`, `rel="next"`, 1)
	if testkit.CheckSitemap(t, []byte(bad), testkit.SchemaURLSet) == nil {
		t.Error("xmllint accepted an invalid hreflang link")
	}
}
