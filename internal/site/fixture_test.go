package site

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// The tests in this file render every reader template with fixture data in both languages and
// check what readers, search engines and the Content-Security-Policy rely on.

// fixtureNow is the fixed "now" of every fixture page.
var fixtureNow = time.Date(2025, time.August, 15, 9, 30, 0, 0, time.UTC)

// fixtureText holds the words of the fixtures in one language.
type fixtureText struct {
	site      string
	sections  []string
	headlines []string
	stand     string
	authors   []string
	bio       string
	para      []string
	caption   string
	credit    string
	tags      []string
}

var fixtureTexts = map[locale.Lang]fixtureText{
	locale.English: {
		site:     "Batori",
		sections: []string{"Assam", "Guwahati", "Northeast", "India", "World", "Sports", "Business", "Opinion"},
		headlines: []string{
			"Brahmaputra crosses danger mark at Neamatighat as rain lashes Upper Assam",
			"Guwahati smart city roads to get new drains before the monsoon ends",
			"Kaziranga rhino count rises for the third survey in a row",
			"Tea garden workers to get higher daily wage from next month",
			"Dispur cabinet clears new bridge over the Subansiri",
			"Assam football side reaches Santosh Trophy semi-final",
			"Bihu committees begin preparations across the valley",
			"Fresh landslide cuts road link to Dima Hasao",
			"Cotton University opens admissions for new Assamese studies course",
		},
		stand:   "Water levels rose by 40 cm overnight; district officials opened relief camps in three revenue circles.",
		authors: []string{"Anjali Bora", "Rituraj Kalita"},
		bio:     "Anjali Bora covers the environment, rivers and disasters from Guwahati.",
		para: []string{
			"The Brahmaputra crossed the danger mark at Neamatighat in Jorhat on Thursday morning, the Central Water Commission said, after a night of heavy rain across Upper Assam.",
			"District officials said more than 12,000 people had moved to relief camps, and boats had been sent to villages on the river islands where the water was rising fastest.",
			"“We have kept rice, pulses and drinking water ready for a week,” an official of the district disaster management authority said. “The next two days are important.”",
			"The state’s flood reporting system showed 14 districts affected, with the worst conditions in Dhemaji, Lakhimpur and Majuli.",
		},
		caption: "Villagers move their cattle to higher ground near Neamatighat.",
		credit:  "Pranab Das",
		tags:    []string{"Floods", "Brahmaputra", "Jorhat"},
	},
	locale.Assamese: {
		site:     "বাতৰি",
		sections: []string{"অসম", "গুৱাহাটী", "উত্তৰ-পূব", "দেশ", "বিশ্ব", "খেল", "অৰ্থনীতি", "মতামত"},
		headlines: []string{
			"নিমাতীঘাটত বিপদসীমাৰ ওপৰেৰে বৈছে ব্ৰহ্মপুত্ৰ, উজনি অসমত প্ৰবল বৰষুণ",
			"বাৰিষা শেষ হোৱাৰ আগতে গুৱাহাটীৰ পথত নতুন নলা",
			"কাজিৰঙাত গঁড়ৰ সংখ্যা পুনৰ বৃদ্ধি",
			"অহা মাহৰ পৰা চাহ বাগিচাৰ শ্ৰমিকৰ দৈনিক মজুৰি বৃদ্ধি",
			"সোৱণশিৰিৰ ওপৰত নতুন দলঙত দিছপুৰৰ অনুমোদন",
			"ছন্তোষ ট্ৰফিৰ চেমিফাইনেলত অসম",
			"উপত্যকাজুৰি বিহুৰ প্ৰস্তুতি আৰম্ভ",
			"নতুন ভূমিস্খলনত ডিমা হাছাওৰ পথ বিচ্ছিন্ন",
			"কটন বিশ্ববিদ্যালয়ত অসমীয়া অধ্যয়নৰ নতুন পাঠ্যক্ৰম",
		},
		stand:   "ৰাতিটোৰ ভিতৰতে পানী ৪০ ছেণ্টিমিটাৰ বাঢ়িল; তিনিটা ৰাজহ চক্ৰত সাহায্য শিবিৰ খোলা হৈছে।",
		authors: []string{"অঞ্জলি বৰা", "ঋতুৰাজ কলিতা"},
		bio:     "অঞ্জলি বৰাই গুৱাহাটীৰ পৰা পৰিৱেশ, নদী আৰু দুৰ্যোগৰ বাতৰি লিখে।",
		para: []string{
			"বৃহস্পতিবাৰে পুৱা যোৰহাটৰ নিমাতীঘাটত ব্ৰহ্মপুত্ৰই বিপদসীমা অতিক্ৰম কৰে বুলি কেন্দ্ৰীয় জল আয়োগে জনাইছে। উজনি অসমত গোটেই ৰাতি প্ৰবল বৰষুণ হৈছিল।",
			"জিলা প্ৰশাসনৰ বিষয়াসকলে জনোৱা মতে ১২,০০০ৰো অধিক লোক সাহায্য শিবিৰলৈ গুচি গৈছে আৰু চাপৰিৰ গাঁওসমূহলৈ নাও পঠিওৱা হৈছে।",
			"“আমি এসপ্তাহৰ বাবে চাউল, দাইল আৰু খোৱাপানী সাজু কৰি ৰাখিছোঁ,” জিলা দুৰ্যোগ ব্যৱস্থাপনা প্ৰাধিকৰণৰ এজন বিষয়াই কয়। “অহা দুদিন গুৰুত্বপূৰ্ণ।”",
			"ৰাজ্যৰ বান প্ৰতিবেদন ব্যৱস্থা অনুসৰি ১৪খন জিলা ক্ষতিগ্ৰস্ত হৈছে; ধেমাজি, লখিমপুৰ আৰু মাজুলীৰ অৱস্থা আটাইতকৈ বেয়া।",
		},
		caption: "নিমাতীঘাটৰ ওচৰত গ্ৰামবাসীয়ে গৰু-ম’হ ওখ ঠাইলৈ লৈ গৈছে।",
		credit:  "প্ৰণৱ দাস",
		tags:    []string{"বান", "ব্ৰহ্মপুত্ৰ", "যোৰহাট"},
	},
}

// fixturePrefix is the URL prefix of an edition: "" for English, "/as" for Assamese.
func fixturePrefix(lang locale.Lang) string {
	if lang == locale.Assamese {
		return "/as"
	}
	return ""
}

func fixtureLocale(lang locale.Lang) *locale.Locale {
	return locale.New(lang, locale.IndiaZone(), locale.NativeDigits)
}

// fixturePageBase returns the page globals for a page at path (without the language prefix).
func fixturePageBase(lang locale.Lang, path, title, ogType string) web.Page {
	l := fixtureLocale(lang)
	tx := fixtureTexts[lang]
	other := lang.Other()
	var nav []web.NavLink
	for i, name := range tx.sections {
		u := fixturePrefix(lang) + fmt.Sprintf("/section/s%d", i)
		nav = append(nav, web.NavLink{Name: name, URL: u, Active: u == fixturePrefix(lang)+path})
	}
	p := web.Page{
		Site: web.SiteInfo{
			Name:    tx.site,
			Tagline: l.T("site_tagline"),
			Address: "GS Road, Ulubari, Guwahati 781007",
			Email:   "desk@batori.example",
			Phone:   "+91 361 254 0000",
			Links:   []web.NavLink{{Name: l.T("contact"), URL: fixturePrefix(lang) + "/contact"}},
		},
		L:           l,
		Title:       title,
		Description: tx.stand,
		Canonical:   "https://batori.example" + fixturePrefix(lang) + path,
		Alternates: []web.Alternate{{
			Lang:  other,
			Label: locale.New(other, nil, locale.NativeDigits).LangName(other),
			URL:   "https://batori.example" + fixturePrefix(other) + path,
		}},
		Nav:     nav,
		HomeURL: fixturePrefix(lang) + "/",
		OtherHome: web.Alternate{
			Lang:  other,
			Label: locale.New(other, nil, locale.NativeDigits).LangName(other),
			URL:   fixturePrefix(other) + "/",
		},
		OGType: ogType,
		Now:    fixtureNow,
	}
	return p
}

// fixtureCard returns story i as a card; i also picks the picture and the age.
func fixtureCard(lang locale.Lang, i int) card {
	tx := fixtureTexts[lang]
	scenes := []string{"river", "city", "hills", "tea", "field", "market", "abstract"}
	c := card{
		URL:        fixturePrefix(lang) + fmt.Sprintf("/news/story-%d", i),
		Headline:   tx.headlines[i%len(tx.headlines)],
		Standfirst: tx.stand,
		Section:    link{Name: tx.sections[i%len(tx.sections)], URL: fixturePrefix(lang) + fmt.Sprintf("/section/s%d", i%len(tx.sections))},
		Published:  fixtureNow.Add(-time.Duration(i*i*17+3) * time.Minute),
		Authors:    []link{{Name: tx.authors[i%2], URL: fixturePrefix(lang) + fmt.Sprintf("/author/a%d", i%2)}},
		Lang:       lang,
	}
	if i%5 != 4 {
		c.Image = &imageView{
			Src:    fmt.Sprintf("/media/%s-%d.jpg", scenes[i%len(scenes)], i),
			Width:  1200,
			Height: 675,
			Alt:    tx.caption,
		}
	}
	return c
}

func fixtureCards(lang locale.Lang, from, n int) []card {
	var cards []card
	for i := from; i < from+n; i++ {
		cards = append(cards, fixtureCard(lang, i))
	}
	return cards
}

func fixtureHome(lang locale.Lang) homePage {
	tx := fixtureTexts[lang]
	lead := fixtureCard(lang, 0)
	lead.Authors = []link{{Name: tx.authors[0], URL: fixturePrefix(lang) + "/author/a0"}, {Name: tx.authors[1], URL: fixturePrefix(lang) + "/author/a1"}}
	p := homePage{
		Page:   fixturePageBase(lang, "/", "", "website"),
		Lead:   &lead,
		Top:    fixtureCards(lang, 1, 4),
		Latest: fixtureCards(lang, 7, 8),
		// The week's list holds more than the day's, as a fresh site's would.
		MostRead: &mostReadView{Day: fixtureCards(lang, 2, 3), Week: fixtureCards(lang, 20, 5)},
	}
	// A breaking story is up, so the banner's markup goes through the page checks.
	p.Breaking = &web.NavLink{Name: lead.Headline, URL: lead.URL}
	for b := 0; b < 3; b++ {
		p.Blocks = append(p.Blocks, sectionBlock{
			Name:    tx.sections[b],
			URL:     fixturePrefix(lang) + fmt.Sprintf("/section/s%d", b),
			Stories: fixtureCards(lang, 10+4*b, 4),
		})
	}
	return p
}

func fixtureList(lang locale.Lang, kind string, stories int) listPage {
	tx := fixtureTexts[lang]
	l := fixtureLocale(lang)
	p := listPage{Kind: kind, Total: 47, Pager: pager{Page: 2, Pages: 4}}
	switch kind {
	case "author":
		p.Page = fixturePageBase(lang, "/author/a0", tx.authors[0], "website")
		p.Heading = l.T("stories_by", tx.authors[0])
		p.Author = &authorView{Name: tx.authors[0], Bio: tx.bio, Photo: &imageView{Src: "/media/portrait-1.jpg", Width: 256, Height: 256, Alt: tx.authors[0]}}
	case "tag":
		p.Page = fixturePageBase(lang, "/tag/floods", tx.tags[0], "website")
		p.Heading = tx.tags[0]
	default:
		p.Page = fixturePageBase(lang, "/section/s0", tx.sections[0], "website")
		p.Heading = tx.sections[0]
	}
	base := strings.TrimPrefix(p.Canonical, "https://batori.example")
	p.Pager.Prev = base
	p.Pager.Next = base + "?page=3"
	p.Stories = fixtureCards(lang, 1, stories)
	if stories == 0 {
		p.Total, p.Pager = 0, pager{Page: 1, Pages: 1}
	}
	return p
}

// fixtureBody returns a body of n paragraphs with a subheading and a block quote, as editors write them.
func fixtureBody(lang locale.Lang, n int) template.HTML {
	tx := fixtureTexts[lang]
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i == 5 {
			fmt.Fprintf(&b, "<h2>%s</h2>\n", template.HTMLEscapeString(tx.sections[1]))
		}
		if i == 7 {
			fmt.Fprintf(&b, "<blockquote><p>%s</p></blockquote>\n", template.HTMLEscapeString(tx.para[2]))
			continue
		}
		fmt.Fprintf(&b, "<p>%s</p>\n", template.HTMLEscapeString(tx.para[i%len(tx.para)]))
	}
	return template.HTML(b.String())
}

func fixtureArticle(lang locale.Lang, long, withSwitch, updated bool) articlePage {
	tx := fixtureTexts[lang]
	l := fixtureLocale(lang)
	c := fixtureCard(lang, 0)
	c.Authors = []link{{Name: tx.authors[0], URL: fixturePrefix(lang) + "/author/a0"}, {Name: tx.authors[1], URL: fixturePrefix(lang) + "/author/a1"}}
	c.Image.Caption, c.Image.Credit = tx.caption, tx.credit
	path := "/news/story-0"
	page := fixturePageBase(lang, path, c.Headline, "article")
	page.OGImage = "https://batori.example" + c.Image.Src
	shareURL := page.Canonical
	a := articleView{
		card:       c,
		ShareURL:   shareURL,
		ShareTitle: c.Headline,
		Long:       long,
	}
	paragraphs := 4
	if long {
		paragraphs = 24
	}
	a.Body = fixtureBody(lang, paragraphs)
	a.ReadingMinutes = paragraphs/4 + 1
	if lang == locale.Assamese {
		a.Translators = []string{tx.authors[1]}
	}
	if updated {
		a.Updated = c.Published.Add(95 * time.Minute)
	}
	for i, name := range tx.tags {
		a.Tags = append(a.Tags, link{Name: name, URL: fixturePrefix(lang) + fmt.Sprintf("/tag/t%d", i)})
	}
	for _, s := range []struct{ key, msg, href string }{
		{"whatsapp", "share_whatsapp", "https://wa.me/?text=" + shareURL},
		{"facebook", "share_facebook", "https://www.facebook.com/sharer/sharer.php?u=" + shareURL},
		{"x", "share_x", "https://x.com/intent/post?url=" + shareURL},
		{"telegram", "share_telegram", "https://t.me/share/url?url=" + shareURL},
		{"email", "share_email", "mailto:?subject=story&body=" + shareURL},
	} {
		a.Share = append(a.Share, shareLink{Name: l.T(s.msg), Key: s.key, Href: s.href})
	}
	if withSwitch {
		label := "translate_in_assamese"
		if lang == locale.Assamese {
			label = "read_in_english"
		}
		a.Switch = &languageSwitch{Label: l.T(label), URL: fixturePrefix(lang.Other()) + path, Lang: lang.Other()}
	} else {
		page.Alternates = nil
	}
	return articlePage{Page: page, A: a, Related: fixtureCards(lang, 3, 4),
		MostRead: &mostReadView{Day: fixtureCards(lang, 5, 5), Week: fixtureCards(lang, 9, 5)}, Beacon: fixturePrefix(lang) + "/views/1"}
}

func fixtureError(lang locale.Lang, status int) errorPage {
	l := fixtureLocale(lang)
	heading, text := l.T("not_found_title"), l.T("not_found_text")
	if status != 404 {
		heading, text = l.T("error_title"), l.T("error_text")
	}
	p := fixturePageBase(lang, "/missing", heading, "website")
	p.NoIndex = true
	p.Alternates = nil
	return errorPage{Page: p, Status: status, Heading: heading, Text: text}
}

// fixtureEngine parses the real embedded templates and assets.
func fixtureEngine(t *testing.T) (*web.Templates, *web.Assets) {
	t.Helper()
	assets, err := web.LoadAssets(web.Files)
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := web.ParseTemplates(web.Files, "templates", web.Funcs(assets))
	if err != nil {
		t.Fatal(err)
	}
	return tpl, assets
}

// fixtureRender renders page with data, writes it to dir for inspection and parses it.
func fixtureRender(t *testing.T, tpl *web.Templates, dir, name, page string, data any) (*goquery.Document, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := tpl.Execute(&buf, page, data); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".html"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	fixtureCheckCommon(t, doc, buf.Bytes(), data)
	return doc, buf.Bytes()
}

// fixturePageOf digs the embedded web.Page out of a page's data.
func fixturePageOf(data any) web.Page {
	switch d := data.(type) {
	case homePage:
		return d.Page
	case listPage:
		return d.Page
	case articlePage:
		return d.Page
	case errorPage:
		return d.Page
	case searchPage:
		return d.Page
	case staticPage:
		return d.Page
	case digestPage:
		return d.Page
	}
	panic(fmt.Sprintf("unknown page data %T", data))
}

// fixtureCheckCommon asserts what every reader page must have.
func fixtureCheckCommon(t *testing.T, doc *goquery.Document, raw []byte, data any) {
	t.Helper()
	p := fixturePageOf(data)
	lang := p.L.HTMLLang()

	for _, bad := range []string{"ZgotmplZ", "<no value>", "%!", "{0}", "{1}"} {
		if bytes.Contains(raw, []byte(bad)) {
			t.Errorf("page contains %q", bad)
		}
	}
	if got := doc.Find("html").AttrOr("lang", ""); got != lang {
		t.Errorf("html lang = %q, want %q", got, lang)
	}
	title := doc.Find("head title").Text()
	if !strings.HasSuffix(title, p.Site.Name) || (p.Title != "" && !strings.HasPrefix(title, p.Title)) {
		t.Errorf("title = %q (page title %q, site %q)", title, p.Title, p.Site.Name)
	}
	if got := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); got != p.Canonical {
		t.Errorf("canonical = %q, want %q", got, p.Canonical)
	}
	if got := doc.Find(`meta[property="og:type"]`).AttrOr("content", ""); got != p.OGType {
		t.Errorf("og:type = %q, want %q", got, p.OGType)
	}
	if got := doc.Find(`meta[name=robots]`).AttrOr("content", ""); (got == "noindex") != p.NoIndex {
		t.Errorf("robots = %q with NoIndex %v", got, p.NoIndex)
	}
	css := doc.Find(`link[rel=stylesheet]`).AttrOr("href", "")
	if !strings.HasPrefix(css, "/static/app.") || !strings.HasSuffix(css, ".css") || css == "/static/app.css" {
		t.Errorf("stylesheet href %q is not fingerprinted", css)
	}
	if s := doc.Find(`script[src^="/static/app."]`); s.Length() != 1 || s.AttrOr("defer", "x") == "x" {
		t.Errorf("want one deferred /static/app.*.js script, got %d", s.Length())
	}
	// A page's own script (a live blog's live.js) is ours and deferred too.
	doc.Find(`script[src]`).Each(func(_ int, s *goquery.Selection) {
		if !strings.HasPrefix(s.AttrOr("src", ""), "/static/") || s.AttrOr("defer", "x") == "x" {
			t.Errorf("script %q is not our own deferred file", s.AttrOr("src", ""))
		}
	})

	// hreflang: the page itself, every alternate, and x-default pointing at English.
	alts := doc.Find(`link[rel=alternate][hreflang]`)
	if len(p.Alternates) == 0 {
		if alts.Length() != 0 {
			t.Errorf("hreflang links on a page without alternates: %d", alts.Length())
		}
	} else {
		want := map[string]string{lang: p.Canonical}
		for _, a := range p.Alternates {
			if a.Lang.String() != lang {
				want[a.Lang.String()] = a.URL
			}
		}
		want["x-default"] = want["en"]
		got := map[string]string{}
		alts.Each(func(_ int, s *goquery.Selection) { got[s.AttrOr("hreflang", "")] = s.AttrOr("href", "") })
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("hreflang links = %v, want %v", got, want)
		}
	}

	// Landmarks and the header.
	for _, sel := range []string{"header.masthead", "main#main", "footer", `nav.sections[aria-label]`, `a.skip[href="#main"]`} {
		if doc.Find(sel).Length() != 1 {
			t.Errorf("want one %s, got %d", sel, doc.Find(sel).Length())
		}
	}
	if n := doc.Find("h1").Length(); n != 1 {
		t.Errorf("want one h1, got %d", n)
	}
	if got := doc.Find(".brand-link").AttrOr("href", ""); got != p.HomeURL {
		t.Errorf("masthead links %q, want %q", got, p.HomeURL)
	}
	if got := strings.TrimSpace(doc.Find(".today").Text()); got != p.L.FullDate(p.Now) {
		t.Errorf("masthead date %q, want %q", got, p.L.FullDate(p.Now))
	}
	other := doc.Find(".lang-link a")
	if other.AttrOr("href", "") != p.OtherHome.URL || other.AttrOr("hreflang", "") != p.OtherHome.Lang.String() ||
		other.AttrOr("lang", "") != p.OtherHome.Lang.String() || other.Text() != p.OtherHome.Label {
		t.Errorf("language link wrong: %v", other.Nodes)
	}
	// The search box: a plain GET form to the language's search page, usable without script.
	box := doc.Find(`header.masthead form.site-search[role=search]`)
	if box.Length() != 1 || box.AttrOr("action", "") != p.HomeURL+"search" || box.AttrOr("method", "") != "get" {
		t.Errorf("masthead search box missing or wrong: %d forms, action %q", box.Length(), box.AttrOr("action", ""))
	}
	if in := box.Find(`input[type=search][name=q]`); in.Length() != 1 || doc.Find(`label[for="`+in.AttrOr("id", "-")+`"]`).Length() != 1 {
		t.Error("masthead search box has no labelled q field")
	}
	if n := doc.Find(`.sections a[aria-current=page]`).Length(); n > 1 {
		t.Errorf("%d active menu entries", n)
	}
	if got := doc.Find(".sections a").Length(); got != len(p.Nav) {
		t.Errorf("menu has %d links, want %d", got, len(p.Nav))
	}
	if got := doc.Find(`footer a[href^="mailto:"]`).Text(); got != p.Site.Email {
		t.Errorf("footer email %q", got)
	}
	if got := doc.Find(`footer a[href^="tel:"]`).AttrOr("href", ""); got != "tel:+913612540000" {
		t.Errorf("footer tel %q", got)
	}
	if got := doc.Find(".copyright").Text(); !strings.Contains(got, p.L.Year(p.Now)) || !strings.Contains(got, p.Site.Name) {
		t.Errorf("copyright %q", got)
	}

	// The strict CSP: no inline styles, handlers or scripts.
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		n := s.Get(0)
		for _, a := range n.Attr {
			if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s> has inline %s=%q", n.Data, a.Key, a.Val)
			}
			if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				t.Errorf("<%s> has a javascript: URL", n.Data)
			}
		}
	})
	if doc.Find("style").Length() != 0 {
		t.Error("page has a <style> element")
	}
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("src"); !ok || strings.TrimSpace(s.Text()) != "" {
			t.Error("page has an inline script")
		}
	})
	doc.Find(`a[target]`).Each(func(_ int, s *goquery.Selection) {
		if rel := s.AttrOr("rel", ""); !strings.Contains(rel, "noopener") || !strings.Contains(rel, "noreferrer") {
			t.Errorf("link to %s opens a window without rel=noopener noreferrer", s.AttrOr("href", ""))
		}
	})
	doc.Find("img").Each(func(_ int, s *goquery.Selection) {
		_, hasAlt := s.Attr("alt")
		if !hasAlt || s.AttrOr("width", "") == "" || s.AttrOr("height", "") == "" || s.AttrOr("decoding", "") != "async" {
			t.Errorf("img %s lacks alt, width, height or decoding", s.AttrOr("src", ""))
		}
	})
	// Every time element is machine-readable.
	doc.Find("time").Each(func(_ int, s *goquery.Selection) {
		if _, err := time.Parse(time.RFC3339, s.AttrOr("datetime", "")); err != nil {
			t.Errorf("time %q has datetime %q", s.Text(), s.AttrOr("datetime", ""))
		}
	})
}

// fixtureCheckLazy asserts that only the picture marked eager (want of them) skips lazy loading.
func fixtureCheckLazy(t *testing.T, doc *goquery.Document, eager int) {
	t.Helper()
	got := 0
	// The view beacon must load, lazily or not; it is not a picture.
	doc.Find("main img:not(.view-beacon)").Each(func(_ int, s *goquery.Selection) {
		if s.AttrOr("loading", "") != "lazy" {
			got++
			if s.AttrOr("fetchpriority", "") != "high" {
				t.Errorf("eager img %s without fetchpriority=high", s.AttrOr("src", ""))
			}
		}
	})
	if got != eager {
		t.Errorf("%d eager images, want %d", got, eager)
	}
}

func TestFixturePages(t *testing.T) {
	tpl, _ := fixtureEngine(t)
	dir := t.TempDir()

	for _, lang := range locale.Langs() {
		l := fixtureLocale(lang)
		tx := fixtureTexts[lang]
		name := func(s string) string { return s + "-" + lang.String() }

		t.Run(name("home"), func(t *testing.T) {
			data := fixtureHome(lang)
			doc, _ := fixtureRender(t, tpl, dir, name("home"), "home", data)
			if got := doc.Find("h1").Text(); got != tx.site {
				t.Errorf("h1 = %q", got)
			}
			lead := doc.Find("article.lead")
			if got := lead.Find(".lead-title a").Text(); got != data.Lead.Headline {
				t.Errorf("lead headline %q", got)
			}
			if got := lead.Find(".byline").Text(); got != l.T("by")+" "+tx.authors[0]+" "+l.T("and")+" "+tx.authors[1] {
				t.Errorf("lead byline %q", got)
			}
			if got := lead.Find("time").Text(); got != l.Relative(data.Lead.Published, fixtureNow) {
				t.Errorf("lead time %q", got)
			}
			if got := doc.Find(".top article.card").Length(); got != len(data.Top) {
				t.Errorf("%d top cards, want %d", got, len(data.Top))
			}
			if got := doc.Find(".latest li time").Length(); got != len(data.Latest) {
				t.Errorf("%d latest times, want %d", got, len(data.Latest))
			}
			blocks := doc.Find("section.block")
			if blocks.Length() != len(data.Blocks) {
				t.Fatalf("%d blocks, want %d", blocks.Length(), len(data.Blocks))
			}
			blocks.Each(func(i int, s *goquery.Selection) {
				b := data.Blocks[i]
				if h := s.Find("h2 a"); h.Text() != b.Name || h.AttrOr("href", "") != b.URL {
					t.Errorf("block %d heading %q", i, h.Text())
				}
				if n := s.Find("article.card").Length(); n != 4 {
					t.Errorf("block %d has %d cards", i, n)
				}
				if got := s.Find(".more a").Text(); !strings.HasPrefix(got, l.T("more_from_section", b.Name)) {
					t.Errorf("block %d more link %q", i, got)
				}
			})
			fixtureCheckLazy(t, doc, 1)
		})

		for _, kind := range []string{"section", "tag", "author"} {
			t.Run(name("list-"+kind), func(t *testing.T) {
				data := fixtureList(lang, kind, 9)
				doc, _ := fixtureRender(t, tpl, dir, name("list-"+kind), "list", data)
				want := data.Heading
				if kind == "author" {
					want = data.Author.Name
					if got := doc.Find(".bio").Text(); got != data.Author.Bio {
						t.Errorf("bio %q", got)
					}
					fixtureCheckLazy(t, doc, 1)
				} else {
					fixtureCheckLazy(t, doc, 0)
				}
				if got := doc.Find("h1").Text(); got != want {
					t.Errorf("h1 = %q, want %q", got, want)
				}
				if got := doc.Find(".count").Text(); got != l.TCount("stories_count", int64(data.Total)) {
					t.Errorf("count %q", got)
				}
				if got := doc.Find("main h2.card-title").Length(); got != len(data.Stories) {
					t.Errorf("%d cards, want %d", got, len(data.Stories))
				}
				if doc.Find(`head link[rel=prev]`).AttrOr("href", "") != data.Pager.Prev ||
					doc.Find(`head link[rel=next]`).AttrOr("href", "") != data.Pager.Next {
					t.Error("head rel=prev/next links missing")
				}
				pg := doc.Find("nav.pager")
				if pg.Find(`a[rel=prev]`).AttrOr("href", "") != data.Pager.Prev || pg.Find(`a[rel=next]`).AttrOr("href", "") != data.Pager.Next {
					t.Error("pager links wrong")
				}
				if got := pg.Find(".pager-at").Text(); got != l.T("page_of", 2, 4) {
					t.Errorf("pager says %q", got)
				}
			})
		}

		t.Run(name("list-empty"), func(t *testing.T) {
			data := fixtureList(lang, "tag", 0)
			doc, _ := fixtureRender(t, tpl, dir, name("list-empty"), "list", data)
			if got := doc.Find(".empty").Text(); got != l.T("no_stories") {
				t.Errorf("empty list says %q", got)
			}
			if doc.Find("nav.pager").Length() != 0 || doc.Find(`link[rel=next]`).Length() != 0 {
				t.Error("pager on a single page")
			}
		})

		for _, tc := range []struct {
			name                    string
			long, switched, updated bool
		}{
			{"article-long", true, true, true},
			{"article-short", false, false, false},
		} {
			t.Run(name(tc.name), func(t *testing.T) {
				data := fixtureArticle(lang, tc.long, tc.switched, tc.updated)
				a := data.A
				doc, raw := fixtureRender(t, tpl, dir, name(tc.name), "article", data)
				if got := doc.Find("h1").Text(); got != a.Headline {
					t.Errorf("h1 = %q", got)
				}
				if got := doc.Find(".story-head .standfirst").Text(); got != a.Standfirst {
					t.Errorf("standfirst %q", got)
				}
				if got := doc.Find(".crumbs a.kicker").AttrOr("href", ""); got != a.Section.URL {
					t.Errorf("section link %q", got)
				}
				authors := doc.Find(`.story-meta .byline a[rel=author]`)
				if authors.Length() != 2 || authors.First().AttrOr("href", "") != a.Authors[0].URL {
					t.Errorf("byline author links: %d", authors.Length())
				}
				meta := doc.Find(".story-meta")
				if got := meta.Find("time").First(); got.AttrOr("datetime", "") != l.ISO(a.Published) || got.Text() != l.DateTime(a.Published) {
					t.Errorf("published time %q %q", got.AttrOr("datetime", ""), got.Text())
				}
				if !strings.Contains(meta.Text(), l.T("published")) {
					t.Error("no published label")
				}
				upd := meta.Find(".updated")
				if tc.updated {
					if !strings.HasPrefix(upd.Text(), l.T("updated_on")) || upd.Find("time").AttrOr("datetime", "") != l.ISO(a.Updated) {
						t.Errorf("updated line %q", upd.Text())
					}
					if doc.Find(`meta[property="article:modified_time"]`).Length() != 1 {
						t.Error("no article:modified_time")
					}
				} else if upd.Length() != 0 {
					t.Error("updated line on an unchanged story")
				}
				if !strings.Contains(meta.Text(), l.TCount("minutes_read", int64(a.ReadingMinutes))) {
					t.Error("no reading time")
				}
				if tr := meta.Find(".translators"); len(a.Translators) > 0 && tr.Text() != l.T("translated_by")+" "+a.Translators[0] {
					t.Errorf("translator credit %q", tr.Text())
				}

				sw := doc.Find(".switch a")
				if tc.switched {
					if sw.AttrOr("href", "") != a.Switch.URL || sw.AttrOr("hreflang", "") != a.Switch.Lang.String() ||
						!strings.HasSuffix(sw.Text(), a.Switch.Label) {
						t.Errorf("language switch %q -> %q", sw.Text(), sw.AttrOr("href", ""))
					}
				} else if sw.Length() != 0 {
					t.Error("language switch without another edition")
				}

				fig := doc.Find("figure.story-figure")
				if got := fig.Find("figcaption").Text(); !strings.Contains(got, a.Image.Caption) || !strings.Contains(got, l.T("photo_credit", a.Image.Credit)) {
					t.Errorf("caption %q", got)
				}
				if doc.Find(`meta[property="og:image"]`).AttrOr("content", "") != data.OGImage {
					t.Error("og:image missing")
				}
				fixtureCheckLazy(t, doc, 1)

				body := doc.Find("#story-body")
				if n := body.Find("p").Length(); n == 0 {
					t.Error("empty body")
				}
				_, collapsible := body.Attr("data-collapse")
				if collapsible != tc.long {
					t.Errorf("read-more wrapper = %v, want %v", collapsible, tc.long)
				}
				if tc.long && (body.AttrOr("data-more", "") != l.T("read_more") || body.AttrOr("data-less", "") != l.T("read_less")) {
					t.Error("read more labels missing")
				}
				if doc.Find(".readmore").Length() != 0 || bytes.Contains(raw, []byte("is-collapsed")) {
					t.Error("the collapse exists without JavaScript")
				}

				share := doc.Find("section.share")
				links := share.Find(`a[href]`)
				if links.Length() != len(a.Share) {
					t.Errorf("%d share links, want %d", links.Length(), len(a.Share))
				}
				links.Each(func(i int, s *goquery.Selection) {
					if s.AttrOr("href", "") != a.Share[i].Href || s.Text() != a.Share[i].Name {
						t.Errorf("share link %d = %q %q", i, s.Text(), s.AttrOr("href", ""))
					}
					// Networks open in a new tab; a mailto: link in a new tab leaves an empty one.
					if _, blank := s.Attr("target"); blank == strings.HasPrefix(a.Share[i].Href, "mailto:") {
						t.Errorf("share link %s: target=_blank is %v", a.Share[i].Key, blank)
					}
				})
				if share.AttrOr("data-url", "") != a.ShareURL || share.AttrOr("data-title", "") != a.ShareTitle || share.AttrOr("data-copied", "") != l.T("link_copied") {
					t.Error("share data attributes missing")
				}
				for _, sel := range []string{"[data-share-native]", "[data-copy-link]"} {
					if b := share.Find(sel); b.Length() != 1 || b.Closest("[hidden]").Length() != 1 {
						t.Errorf("%s is missing or not hidden without JavaScript", sel)
					}
				}
				if share.Find(`[role=status]`).Length() != 1 {
					t.Error("no live region for the copy message")
				}
				if got := doc.Find(`.tags a[rel=tag]`).Length(); got != len(a.Tags) {
					t.Errorf("%d tags, want %d", got, len(a.Tags))
				}
				if got := doc.Find(".related .card-small").Length(); got != len(data.Related) {
					t.Errorf("%d related, want %d", got, len(data.Related))
				}
			})
		}

		for _, status := range []int{404, 500} {
			t.Run(name(fmt.Sprint("error-", status)), func(t *testing.T) {
				data := fixtureError(lang, status)
				doc, _ := fixtureRender(t, tpl, dir, name(fmt.Sprint("error-", status)), "error", data)
				if got := doc.Find("h1").Text(); got != data.Heading {
					t.Errorf("h1 = %q", got)
				}
				if !strings.Contains(doc.Find("main").Text(), data.Text) {
					t.Error("error text missing")
				}
				if got := doc.Find(`main a[href="` + data.HomeURL + `"]`).Text(); got != l.T("back_home") {
					t.Errorf("home link %q", got)
				}
			})
		}
	}
	fixtureContactPages(t, tpl, dir)
	fixtureMachinePages(t, tpl, dir)
	fixtureSearchPages(t, tpl, dir)
	fixtureStaticPages(t, tpl, dir)
	fixtureLivePages(t, tpl, dir)
	fixtureDigestPages(t, tpl, dir)

	if never := tpl.NeverRendered(); len(never) > 0 {
		t.Errorf("templates never rendered: %v", never)
	}
}

// TestFixtureArticleWeight keeps the heaviest page a phone must fetch before it can paint (a
// long article's HTML and the stylesheet, compressed) under 50 KB.
func TestFixtureArticleWeight(t *testing.T) {
	tpl, assets := fixtureEngine(t)
	// The stylesheet blocks the first paint of every page; what a phone fetches is its gzip
	// copy, so that is what is bounded (page-specific styles live in their own files).
	if n := assets.Size("app.css", true); n > 4800 {
		t.Errorf("app.css is %d bytes gzip; keep it under 4.8 KB", n)
	}
	for _, lang := range locale.Langs() {
		var buf bytes.Buffer
		if err := tpl.Execute(&buf, "article", fixtureArticle(lang, true, true, true)); err != nil {
			t.Fatal(err)
		}
		var gz bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
		zw.Write(buf.Bytes())
		zw.Close()
		css, js := assets.Size("app.css", true), assets.Size("app.js", true)
		total := gz.Len() + css
		t.Logf("%s article: html %d B (%d B gzip), app.css %d B gzip, app.js %d B gzip; html+css %d B gzip",
			lang, buf.Len(), gz.Len(), css, js, total)
		if total > 50*1024 {
			t.Errorf("%s article html+css is %d bytes gzip, want under 50 KB", lang, total)
		}
	}
}
