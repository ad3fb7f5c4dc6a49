package site

import (
	"html/template"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// The structs below are the data of the reader-facing templates in internal/web/templates.

// homePage is the data of pages/home.html.
type homePage struct {
	web.Page
	Lead   *card
	Top    []card
	Latest []card
	// LatestHTML is Latest's lines as the site keeps them rendered (keepLatest); empty
	// renders them with the page.
	LatestHTML template.HTML
	Blocks     []sectionBlock
	// MostRead is nil when no views are counted (views.go).
	MostRead *mostReadView
}

// sectionBlock is a section's box on the home page.
type sectionBlock struct {
	Name    string
	URL     string
	Stories []card
	// HTML is the box as the site keeps it rendered (keepBlock); empty renders it with the
	// page.
	HTML template.HTML
}

// listPage is the data of pages/list.html: a section, tag or author page.
type listPage struct {
	web.Page
	// Kind is "section", "tag" or "author".
	Kind    string
	Heading string
	// Author is set on author pages.
	Author  *authorView
	Stories []card
	Total   int
	Pager   pager
	// crumb asks for a BreadcrumbList (sections).
	crumb bool
}

// authorView is an author profile on their page.
type authorView struct {
	Name  string
	Bio   string
	Photo *imageView
}

// articlePage is the data of pages/article.html.
type articlePage struct {
	web.Page
	A       articleView
	Related []card
	// Comments is the comments section, nil where there is none (previews).
	Comments *commentsView
	// MostRead is nil when no views are counted; Beacon is the view beacon's address, empty
	// where the page's views are not counted (previews) (views.go).
	MostRead *mostReadView
	Beacon   string
	// Live is the edition's live blog, nil when it has never been live (live.go).
	Live *liveView
}

// articleView is one published edition, ready to show.
type articleView struct {
	card
	Body template.HTML
	// Updated is zero when the edition has not changed since publication.
	Updated time.Time
	// Correction is the public note of the latest correction, empty when there is none.
	Correction string
	Tags       []link
	// Share holds plain share links; ShareURL and ShareTitle feed the Web Share API and
	// the copy-link button.
	Share      []shareLink
	ShareURL   string
	ShareTitle string
	// Long bodies get the "Read more / Read less" collapse (the full text is always in the HTML).
	Long bool
	// Switch is the language switch to the other edition, nil when there is none.
	Switch         *languageSwitch
	ReadingMinutes int
	// Machine labels a machine translation (machine.go); nil on editions people wrote.
	Machine *machineNote
	// Translators are credited as "Translated by", apart from the byline.
	Translators []string
}

// languageSwitch links an article to its edition in the other language.
type languageSwitch struct {
	// Label is "Read in Assamese" on English pages ("Translate in Assamese" when it leads to
	// the machine translation), "Read in English" on Assamese ones.
	Label string
	URL   string
	Lang  locale.Lang
}

// shareLink is one share target: a plain link, no third-party script.
type shareLink struct {
	// Name is the visible, translated label ("WhatsApp", "E-mail").
	Name string
	// Key names the target for styling: whatsapp, facebook, x, telegram, email.
	Key  string
	Href string
}

// card is a story in a list.
type card struct {
	URL        string
	Headline   string
	Standfirst string
	Section    link
	Image      *imageView
	Published  time.Time
	Authors    []link
	Lang       locale.Lang
	// Comments counts the comments readers see on the story.
	Comments int
	// Live marks a running live blog: the card shows a "Live" badge and the time of its
	// latest entry in place of the publication time.
	Live bool
	// HTML is the card rendered by its partial (renderCards), shown in its place when set.
	HTML template.HTML
}

// imageView is a picture with its words; Width and Height let the browser reserve space.
type imageView struct {
	Src     string
	Width   int
	Height  int
	Alt     string
	Caption string
	Credit  string
	// Srcset and SrcsetWebP list the responsive copies ("/media/k1.jpg 320w, …"); both are
	// empty for a picture without copies, which the template shows as a plain img.
	Srcset     string
	SrcsetWebP string
	// Sizes tells the browser how wide the picture is shown, so it can pick from the
	// srcsets; a template may pass its own for the slot it fills.
	Sizes string
}

// link is a named URL.
type link struct {
	Name string
	URL  string
}

// pager is the newer/older navigation of a list; URLs are empty at the ends.
type pager struct {
	Page  int
	Pages int
	Prev  string
	Next  string
}

// errorPage is the data of pages/error.html (404, 500 and other errors for readers).
type errorPage struct {
	web.Page
	Status  int
	Heading string
	Text    string
	// Comment is the comment form a reader sent, given back with their text when the
	// article could not be read to show it in (the database is away).
	Comment *commentForm
}
