package web

import (
	"html/template"
	"time"

	"github.com/batori-news/batori/internal/locale"
)

// Page holds what every page's layout needs; each page's data struct embeds it.
type Page struct {
	// Site is the paper's name, contact details and menu in the page's language.
	Site SiteInfo
	// L formats messages, numbers and times in the page's language and the site's zone.
	L *locale.Locale
	// Title is the page's own title; the layout appends the site name.
	Title       string
	Description string
	// Canonical is the absolute canonical URL of the page.
	Canonical string
	// Alternates are the page in other languages, for hreflang links.
	Alternates []Alternate
	// Nav is the section menu.
	Nav []NavLink
	// HomeURL is the home page in the page's language.
	HomeURL string
	// OtherHome is the home page of the other language (header language link).
	OtherHome Alternate
	// OGImage is an absolute image URL for link previews, when the page has one; OGImageWidth
	// and OGImageHeight are its size when known.
	OGImage       string
	OGImageWidth  int
	OGImageHeight int
	// Feeds are the RSS and Atom feeds of the page, for autodiscovery: its own first, then
	// its language's.
	Feeds []FeedLink
	// StructuredData are JSON-LD documents, each already encoded with <, > and & escaped so
	// that no text in them can end the script element.
	StructuredData []template.JS
	// OGType is "website" or "article".
	OGType string
	// NoIndex asks search engines not to index (error pages).
	NoIndex bool
	// Now is when the page was rendered, for relative times.
	Now time.Time
	// Breaking is the breaking-news banner at the top of the page, when one is up.
	Breaking *NavLink
	// Push is the footer's offer of notifications, when web push is set up.
	Push *PushPrompt
	// Chrome is the header's and footer's pieces already rendered from this page, when the
	// site keeps them; nil renders them with the page.
	Chrome *Chrome
}

// Chrome is the HTML of the layout's pieces that many pages share ("masthead-top",
// "masthead-brand", "site-nav", "site-foot"), each exactly what the layout would render from
// the same Page.
type Chrome struct {
	Top, Brand, Nav, Foot template.HTML
}

// PushPrompt is what a reader may follow by web push: the page's language is ticked first.
type PushPrompt struct {
	Lang locale.Lang
	// Langs are the languages offered, by code, named in their own language.
	Langs    []PushSection
	Sections []PushSection
}

// PushSection is a language or section a reader may follow, by its code or slug.
type PushSection struct{ Slug, Name string }

// SiteInfo is the paper as the layout shows it, in one language.
type SiteInfo struct {
	Name string
	// Logo is the masthead image's URL, empty for the built-in mark.
	Logo    string
	Tagline string
	Address string
	Email   string
	Phone   string
	// Links are the footer and header links to other public pages (Contact Us and the like)
	// that exist; none are shown before their pages do.
	Links []NavLink
}

// Alternate is the same page in another language.
type Alternate struct {
	Lang locale.Lang
	// Label is the language's name in its own language ("অসমীয়া", "English").
	Label string
	URL   string
}

// FeedLink is a feed for <link rel="alternate">.
type FeedLink struct {
	Title string
	// Type is application/rss+xml or application/atom+xml.
	Type string
	URL  string
}

// NavLink is one menu entry.
type NavLink struct {
	Name   string
	URL    string
	Active bool
}

// Year returns the current year in the page's language and zone, for the copyright line.
func (p Page) Year() string { return p.L.Year(p.Now) }
