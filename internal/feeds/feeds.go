// Package feeds writes the machine-read forms of the newspaper: RSS 2.0 and Atom feeds, and
// sitemaps (index, URL sets with image and hreflang entries, Google News). It only encodes:
// what goes in comes from the reader site, which owns the URLs (all absolute, on the site's
// one origin) and the words.
package feeds

import (
	"time"
)

// Feed is one feed: the site, a language, a section, a tag or an author.
type Feed struct {
	Title       string
	Description string
	// Link is the HTML page the feed follows; Self is the feed's own URL.
	Link string
	Self string
	// Lang is the feed's language ("en", "as"); empty for a feed of both.
	Lang    string
	Updated time.Time
	// Logo is an absolute image URL for the feed, empty for none.
	Logo  string
	Items []Item
}

// Item is one story in a feed.
type Item struct {
	// ID is the story edition's permanent identifier, kept when its headline and slug change.
	ID    string
	Title string
	Link  string
	// Summary is plain text; Content, when set, is the full text as HTML with absolute links.
	Summary   string
	Content   string
	Published time.Time
	Updated   time.Time
	Authors   []Person
	// Categories are the section's and tags' names.
	Categories []string
	Lang       string
	Image      *Image
}

// Person is a byline.
type Person struct {
	Name string
	URL  string
}

// Image is a picture of a story: an absolute URL of a JPEG copy with its size in bytes (RSS
// enclosures need it) and pixels.
type Image struct {
	URL    string
	Type   string
	Length int64
	Width  int
	Height int
	Title  string
}

// updated is the item's last change, its publication when it never changed.
func (it Item) updated() time.Time {
	if it.Updated.After(it.Published) {
		return it.Updated
	}
	return it.Published
}

// Latest is the newest change among items, or zero for none.
func Latest(items []Item) time.Time {
	var t time.Time
	for _, it := range items {
		if u := it.updated(); u.After(t) {
			t = u
		}
	}
	return t
}
