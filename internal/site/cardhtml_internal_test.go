package site

import (
	"testing"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/memo"
	"github.com/batori-news/batori/internal/web"
)

// TestCardKey: every value a card's HTML shows makes its key, so a kept card is never shown
// for a card that differs in anything; and a forgotten generation drops the kept cards.
func TestCardKey(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	page := func(lang locale.Lang, digits locale.DigitStyle, now time.Time) web.Page {
		return web.Page{L: locale.New(lang, time.UTC, digits), Now: now}
	}
	p := page(locale.English, "", now)
	base := card{URL: "/news/1/a", Headline: "A", Standfirst: "S", Section: link{Name: "Assam", URL: "/section/assam"},
		Published: now.Add(-time.Hour), Lang: locale.English, Authors: []link{{Name: "Ana", URL: "/author/ana"}},
		Image: &imageView{Src: "/m/1.jpg", Width: 640, Height: 360, Alt: "alt"}}
	key := cardKey(p, base, "card", false)
	variants := map[string]func(c *card) (web.Page, string, bool){
		"url":        func(c *card) (web.Page, string, bool) { c.URL = "/news/1/b"; return p, "card", false },
		"headline":   func(c *card) (web.Page, string, bool) { c.Headline = "B"; return p, "card", false },
		"standfirst": func(c *card) (web.Page, string, bool) { c.Standfirst = ""; return p, "card", false },
		"section":    func(c *card) (web.Page, string, bool) { c.Section.Name = "Sports"; return p, "card", false },
		"published":  func(c *card) (web.Page, string, bool) { c.Published = now.Add(-2 * time.Hour); return p, "card", false },
		"lang":       func(c *card) (web.Page, string, bool) { c.Lang = locale.Assamese; return p, "card", false },
		"live":       func(c *card) (web.Page, string, bool) { c.Live = true; return p, "card", false },
		"comments":   func(c *card) (web.Page, string, bool) { c.Comments = 3; return p, "card", false },
		"authors": func(c *card) (web.Page, string, bool) {
			c.Authors = append(c.Authors, link{Name: "Bo"})
			return p, "card", false
		},
		"author name": func(c *card) (web.Page, string, bool) {
			c.Authors = []link{{Name: "Anu", URL: "/author/ana"}}
			return p, "card", false
		},
		"no image": func(c *card) (web.Page, string, bool) { c.Image = nil; return p, "card", false },
		"image copies": func(c *card) (web.Page, string, bool) {
			c.Image = &imageView{Src: "/m/1.jpg", Width: 640, Height: 360, Alt: "alt", Srcset: "/m/1-320.jpg 320w"}
			return p, "card", false
		},
		"image alt": func(c *card) (web.Page, string, bool) {
			c.Image = &imageView{Src: "/m/1.jpg", Width: 640, Height: 360, Alt: "other"}
			return p, "card", false
		},
		"partial":   func(c *card) (web.Page, string, bool) { return p, "card-small", false },
		"h2":        func(c *card) (web.Page, string, bool) { return p, "card", true },
		"page lang": func(c *card) (web.Page, string, bool) { return page(locale.Assamese, "", now), "card", false },
		"digits": func(c *card) (web.Page, string, bool) {
			return page(locale.Assamese, locale.LatinDigits, now), "card", false
		},
		"clock": func(c *card) (web.Page, string, bool) {
			return page(locale.English, "", now.Add(time.Hour)), "card", false
		},
	}
	for name, change := range variants {
		c := base
		c.Authors = append([]link(nil), base.Authors...)
		vp, part, h2 := change(&c)
		if name == "digits" {
			// Assamese pages with native and Latin digits print the same card differently.
			if cardKey(page(locale.Assamese, "", now), base, "card", false) == cardKey(vp, c, part, h2) {
				t.Errorf("%s: same key", name)
			}
			continue
		}
		if cardKey(vp, c, part, h2) == key {
			t.Errorf("a card differing in %s has the same key", name)
		}
	}
	if again := cardKey(p, base, "card", false); again != key {
		t.Error("the same card on the same page made another key")
	}

	var g memo.Gen
	k := cardHTML{gen: &g}
	_, _, gen := k.get([]byte(key))
	k.put([]byte(key), "<article>A</article>", gen)
	if h, ok, _ := k.get([]byte(key)); !ok || h != "<article>A</article>" {
		t.Fatalf("kept card = %q, %v", h, ok)
	}
	g.Forget()
	if _, ok, _ := k.get([]byte(key)); ok {
		t.Error("a card kept before the generation was forgotten is still kept")
	}
	_, _, gen = k.get([]byte(key))
	g.Forget() // an invalidation while the card was rendered
	k.put([]byte(key), "<article>A</article>", gen)
	if _, ok, _ := k.get([]byte(key)); ok {
		t.Error("a card rendered across an invalidation was kept")
	}
}

// cardKey is everything card c's HTML in part follows from on page p, as renderCards keys it.
func cardKey(p web.Page, c card, part string, h2 bool) string {
	return string(cardKeyOf(nil, cardKeyPrefix(p, part, h2), p, c))
}
