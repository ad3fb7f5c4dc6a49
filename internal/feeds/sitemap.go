package feeds

import (
	"encoding/xml"
	"time"
)

// MaxURLs is how many URLs one sitemap file may list (sitemaps.org); longer lists are split.
const MaxURLs = 50000

// Sitemap namespaces: the protocol's own, Google's image and News extensions, and XHTML for
// hreflang alternates.
const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsImage   = "http://www.google.com/schemas/sitemap-image/1.1"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
	nsXHTML   = "http://www.w3.org/1999/xhtml"
)

// IndexEntry is one sitemap listed in the index.
type IndexEntry struct {
	Loc     string
	LastMod time.Time
}

// URL is one page in a sitemap.
type URL struct {
	Loc     string
	LastMod time.Time
	// Alternates are the page in every language, itself included (hreflang).
	Alternates []Alternate
	// Images are absolute URLs of the pictures on the page.
	Images []string
	// News, when set, makes this a Google News entry.
	News *News
}

// Alternate is the page in one language.
type Alternate struct {
	Lang string
	Href string
}

// News is what Google News needs of a story.
type News struct {
	Publication string
	Lang        string
	Published   time.Time
	Title       string
}

type indexDoc struct {
	XMLName  xml.Name       `xml:"sitemapindex"`
	NS       string         `xml:"xmlns,attr"`
	Sitemaps []indexSitemap `xml:"sitemap"`
}

type indexSitemap struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlsetDoc struct {
	XMLName xml.Name `xml:"urlset"`
	NS      string   `xml:"xmlns,attr"`
	NSImage string   `xml:"xmlns:image,attr,omitempty"`
	NSNews  string   `xml:"xmlns:news,attr,omitempty"`
	NSXHTML string   `xml:"xmlns:xhtml,attr,omitempty"`
	URLs    []urlDoc `xml:"url"`
}

// urlDoc keeps the protocol's elements first: the schema wants loc, lastmod, then the
// extensions.
type urlDoc struct {
	Loc     string       `xml:"loc"`
	LastMod string       `xml:"lastmod,omitempty"`
	Links   []xhtmlLink  `xml:"xhtml:link"`
	Images  []imageEntry `xml:"image:image"`
	News    *newsEntry   `xml:"news:news,omitempty"`
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type imageEntry struct {
	Loc string `xml:"image:loc"`
}

type newsEntry struct {
	Publication newsPublication `xml:"news:publication"`
	Date        string          `xml:"news:publication_date"`
	Title       string          `xml:"news:title"`
}

type newsPublication struct {
	Name string `xml:"news:name"`
	Lang string `xml:"news:language"`
}

// Index writes a sitemap index.
func Index(entries []IndexEntry) ([]byte, error) {
	doc := indexDoc{NS: nsSitemap}
	for _, e := range entries {
		s := indexSitemap{Loc: e.Loc}
		if !e.LastMod.IsZero() {
			s.LastMod = stamp(e.LastMod)
		}
		doc.Sitemaps = append(doc.Sitemaps, s)
	}
	return encode(doc)
}

// URLSet writes a sitemap of at most MaxURLs pages (the caller splits longer lists). The
// namespaces of the extensions are declared only when some entry uses them.
func URLSet(urls []URL) ([]byte, error) {
	doc := urlsetDoc{NS: nsSitemap}
	for _, u := range urls {
		d := urlDoc{Loc: u.Loc}
		if !u.LastMod.IsZero() {
			d.LastMod = stamp(u.LastMod)
		}
		for _, a := range u.Alternates {
			d.Links = append(d.Links, xhtmlLink{Rel: "alternate", Hreflang: a.Lang, Href: a.Href})
			doc.NSXHTML = nsXHTML
		}
		for _, img := range u.Images {
			d.Images = append(d.Images, imageEntry{Loc: img})
			doc.NSImage = nsImage
		}
		if n := u.News; n != nil {
			d.News = &newsEntry{Publication: newsPublication{Name: n.Publication, Lang: n.Lang}, Date: stamp(n.Published), Title: n.Title}
			doc.NSNews = nsNews
		}
		doc.URLs = append(doc.URLs, d)
	}
	return encode(doc)
}
