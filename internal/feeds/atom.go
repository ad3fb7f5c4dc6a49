package feeds

import (
	"encoding/xml"
	"strconv"
	"time"
)

type atomDoc struct {
	XMLName  xml.Name    `xml:"feed"`
	NS       string      `xml:"xmlns,attr"`
	NSMedia  string      `xml:"xmlns:media,attr"`
	Lang     string      `xml:"xml:lang,attr,omitempty"`
	ID       string      `xml:"id"`
	Title    string      `xml:"title"`
	Subtitle string      `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Logo     string      `xml:"logo,omitempty"`
	Entries  []atomEntry `xml:"entry"`
}

type atomEntry struct {
	Lang       string         `xml:"xml:lang,attr,omitempty"`
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Content    *atomText      `xml:"content,omitempty"`
	Media      *mediaContent  `xml:"media:content,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

// Atom writes f as an Atom 1.0 document. Atom asks for an author on every entry; an entry
// without a byline gets the feed's title (the paper) as its author.
func Atom(f Feed) ([]byte, error) {
	updated := f.Updated
	if updated.IsZero() {
		updated = time.Unix(0, 0)
	}
	doc := atomDoc{
		NS: nsAtom, NSMedia: nsMedia, Lang: f.Lang, ID: f.Self, Title: f.Title, Subtitle: f.Description,
		Updated: stamp(updated), Logo: f.Logo,
		Links: []atomLink{{Href: f.Link, Rel: "alternate", Type: "text/html"}, {Href: f.Self, Rel: "self", Type: "application/atom+xml"}},
	}
	for _, it := range f.Items {
		e := atomEntry{
			Lang: it.Lang, ID: it.ID, Title: it.Title, Links: []atomLink{{Href: it.Link, Rel: "alternate", Type: "text/html"}},
			Published: stamp(it.Published), Updated: stamp(it.updated()),
		}
		if it.Summary != "" {
			e.Summary = &atomText{Type: "text", Text: it.Summary}
		}
		if it.Content != "" {
			e.Content = &atomText{Type: "html", Text: it.Content}
		}
		for _, a := range it.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: a.Name, URI: a.URL})
		}
		if len(e.Authors) == 0 {
			e.Authors = []atomPerson{{Name: f.Title, URI: f.Link}}
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c})
		}
		if img := it.Image; img != nil {
			if img.Length > 0 {
				e.Links = append(e.Links, atomLink{Href: img.URL, Rel: "enclosure", Type: img.Type, Length: strconv.FormatInt(img.Length, 10)})
			}
			e.Media = media(img)
		}
		doc.Entries = append(doc.Entries, e)
	}
	return encode(doc)
}

// stamp is an RFC 3339 time in UTC, as Atom and sitemaps write them.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
