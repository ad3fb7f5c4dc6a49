package site

import (
	"bytes"
	"html/template"
	"strconv"
	"sync"

	"github.com/batori-news/batori/internal/memo"
	"github.com/batori-news/batori/internal/web"
)

// cardHTML keeps cards rendered: a list page shows a dozen to three dozen cards, and rendering
// them through their partial was most of a fresh home page's time. A card's HTML follows from
// what it shows and from the page's language, digits and clock (the words, the counts and the
// times it prints), so it is kept under a key made of all of those: an edited headline, a new
// picture, a comment or a minute that changes "5 minutes ago" makes another key and the card
// is rendered again, and nothing kept can show a stale card. The cards are also dropped
// whenever every page is invalidated (gen, the site's kept generation) and when they pass
// maxCardBytes, so what is no longer shown does not stay.
type cardHTML struct {
	gen *memo.Gen // nil: cards are rendered every time

	mu    sync.Mutex
	at    uint64
	html  map[string]template.HTML
	bytes int

	// keys are key buffers used before: a page builds a few dozen keys (a section box's holds
	// its cards' HTML) only to look them up.
	keys sync.Pool
}

// maxKeyBuffer bounds the key buffers kept for reuse.
const maxKeyBuffer = 64 << 10

// key is an empty key buffer, used before when there is one.
func (k *cardHTML) key() keyOf {
	if b, ok := k.keys.Get().(*keyOf); ok {
		return (*b)[:0]
	}
	return make(keyOf, 0, 1024)
}

// free takes back a key buffer nothing uses any more (the kept HTML holds copies of keys).
func (k *cardHTML) free(b keyOf) {
	if b != nil && cap(b) <= maxKeyBuffer {
		k.keys.Put(&b)
	}
}

// maxCardBytes bounds the kept cards' HTML (about a kilobyte each); past it they start over.
const maxCardBytes = 4 << 20

// get looks key up without copying it (a string conversion in a map index allocates nothing).
func (k *cardHTML) get(key []byte) (template.HTML, bool, uint64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	gen := k.gen.Current()
	if k.at != gen || k.html == nil || k.bytes >= maxCardBytes {
		k.at, k.html, k.bytes = gen, map[string]template.HTML{}, 0
	}
	h, ok := k.html[string(key)]
	return h, ok, gen
}

func (k *cardHTML) put(key []byte, h template.HTML, gen uint64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.at != gen || k.gen.Current() != gen {
		return
	}
	if _, ok := k.html[string(key)]; !ok {
		k.html[string(key)] = h
		k.bytes += len(key) + len(h)
	}
}

// renderCards renders each of cards with the partial part ("card", "card-small") as page p
// shows it, h2 as the partial's "H2", into the cards' HTML.
func (s *Server) renderCards(p web.Page, cards []card, part string, h2 bool) error {
	var prefix keyOf
	if s.cardHTML.gen != nil && len(cards) > 0 {
		prefix = cardKeyPrefix(p, part, h2)
	}
	for i := range cards {
		c := &cards[i]
		var key keyOf
		if prefix != nil {
			key = cardKeyOf(s.cardHTML.key(), prefix, p, *c)
		}
		var err error
		c.HTML, err = s.keptPart(part, key, func() any {
			data := map[string]any{"C": *c, "P": p}
			if h2 {
				data["H2"] = true
			}
			return data
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// keptPart is the partial part rendered with data(), kept under key, which must name the part
// and everything its HTML follows from; with a nil key, or when nothing is kept, it is
// rendered every time.
func (s *Server) keptPart(part string, key keyOf, data func() any) (template.HTML, error) {
	defer s.cardHTML.free(key)
	var gen uint64
	if key != nil && s.cardHTML.gen != nil {
		h, ok, g := s.cardHTML.get(key)
		if ok {
			return h, nil
		}
		gen = g
	}
	var buf bytes.Buffer
	if err := s.templates.ExecutePart(&buf, part, data()); err != nil {
		return "", err
	}
	h := template.HTML(buf.String())
	if key != nil && s.cardHTML.gen != nil {
		s.cardHTML.put(key, h, gen)
	}
	return h, nil
}

// keyOf builds a kept part's key: each value preceded by its length, so that no two lists of
// values make the same key.
type keyOf []byte

func (k *keyOf) add(vs ...string) {
	for _, v := range vs {
		*k = strconv.AppendInt(*k, int64(len(v)), 10)
		*k = append(*k, ':')
		*k = append(*k, v...)
	}
}

// cardKeyPrefix is the part of a card's key that is the same for every card of a list: the
// partial and what the page's language prints around the card's own values.
func cardKeyPrefix(p web.Page, part string, h2 bool) keyOf {
	k := make(keyOf, 0, 128)
	l := p.L
	k.add(part, strconv.FormatBool(h2), l.HTMLLang(), l.Digits("0123456789"), l.T("by"), l.T("and"), l.T("live_badge"))
	return k
}

// cardKeyOf is card c's key on page p after the list's prefix, appended to into.
func cardKeyOf(into, prefix keyOf, p web.Page, c card) keyOf {
	k := append(into, prefix...)
	add := k.add
	l := p.L
	add(l.ISO(c.Published), l.Relative(c.Published, p.Now),
		c.URL, c.Headline, c.Standfirst, c.Section.Name, c.Section.URL, string(c.Lang), strconv.FormatBool(c.Live),
		strconv.Itoa(c.Comments))
	if c.Comments != 0 {
		add(l.TCount("comments_count", int64(c.Comments)))
	}
	add(strconv.Itoa(len(c.Authors)))
	for _, a := range c.Authors {
		add(a.Name, a.URL)
	}
	if img := c.Image; img != nil {
		add("image", img.Src, strconv.Itoa(img.Width), strconv.Itoa(img.Height), img.Alt, img.Caption, img.Credit,
			img.Srcset, img.SrcsetWebP, img.Sizes)
	}
	return k
}
