package feeds

import (
	"bytes"
	"encoding/xml"
	"strconv"
	"time"
)

// RSS namespaces: Atom for the self link, Dublin Core for bylines (RSS's own author element
// wants an e-mail address), content for full text, Media RSS for pictures.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsMedia   = "http://search.yahoo.com/mrss/"
)

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSMedia   string     `xml:"xmlns:media,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          atomLink  `xml:"atom:link"`
	Image         *rssImage `xml:"image,omitempty"`
	Items         []rssItem `xml:"item"`
}

type rssImage struct {
	URL   string `xml:"url"`
	Title string `xml:"title"`
	Link  string `xml:"link"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	GUID        rssGUID       `xml:"guid"`
	Description string        `xml:"description"`
	Content     *cdata        `xml:"content:encoded,omitempty"`
	PubDate     string        `xml:"pubDate"`
	Creators    []string      `xml:"dc:creator"`
	Categories  []string      `xml:"category"`
	Enclosure   *rssEnclosure `xml:"enclosure,omitempty"`
	Media       *mediaContent `xml:"media:content,omitempty"`
}

type rssGUID struct {
	Value       string `xml:",chardata"`
	IsPermaLink string `xml:"isPermaLink,attr"`
}

type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length string `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type mediaContent struct {
	URL    string `xml:"url,attr"`
	Medium string `xml:"medium,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Width  int    `xml:"width,attr,omitempty"`
	Height int    `xml:"height,attr,omitempty"`
	Title  string `xml:"media:title,omitempty"`
}

// cdata is text written as a CDATA section; encoding/xml splits any "]]>" in it.
type cdata struct {
	Text string `xml:",cdata"`
}

type atomLink struct {
	Href   string `xml:"href,attr"`
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Length string `xml:"length,attr,omitempty"`
}

// RSS writes f as an RSS 2.0 document.
func RSS(f Feed) ([]byte, error) {
	ch := rssChannel{
		Title: f.Title, Link: f.Link, Description: f.Description, Language: f.Lang,
		Self: atomLink{Href: f.Self, Rel: "self", Type: "application/rss+xml"},
	}
	if !f.Updated.IsZero() {
		ch.LastBuildDate = f.Updated.UTC().Format(time.RFC1123Z)
	}
	if f.Logo != "" {
		ch.Image = &rssImage{URL: f.Logo, Title: f.Title, Link: f.Link}
	}
	for _, it := range f.Items {
		ri := rssItem{
			Title: it.Title, Link: it.Link, GUID: rssGUID{Value: it.ID, IsPermaLink: "false"},
			Description: it.Summary, PubDate: it.Published.UTC().Format(time.RFC1123Z), Categories: it.Categories,
		}
		if it.Content != "" {
			ri.Content = &cdata{Text: it.Content}
		}
		for _, a := range it.Authors {
			ri.Creators = append(ri.Creators, a.Name)
		}
		if img := it.Image; img != nil {
			if img.Length > 0 {
				ri.Enclosure = &rssEnclosure{URL: img.URL, Length: strconv.FormatInt(img.Length, 10), Type: img.Type}
			}
			ri.Media = media(img)
		}
		ch.Items = append(ch.Items, ri)
	}
	return encode(rssDoc{Version: "2.0", NSAtom: nsAtom, NSDC: nsDC, NSContent: nsContent, NSMedia: nsMedia, Channel: ch})
}

func media(img *Image) *mediaContent {
	return &mediaContent{URL: img.URL, Medium: "image", Type: img.Type, Width: img.Width, Height: img.Height, Title: img.Title}
}

func encode(v any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
