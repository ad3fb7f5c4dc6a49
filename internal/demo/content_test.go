package demo

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func load(t *testing.T) *Content {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

var tagPattern = regexp.MustCompile(`<[^>]*>`)

// words counts the words of an HTML body's text.
func words(body string) int {
	return len(strings.Fields(tagPattern.ReplaceAllString(body, " ")))
}

func TestLoadCounts(t *testing.T) {
	c := load(t)

	if n := len(c.Stories); n < 34 {
		t.Errorf("%d stories, want at least 34", n)
	}
	if n := len(c.Authors); n < 5 {
		t.Errorf("%d authors, want at least 5", n)
	}
	if n := len(c.Tags); n < 10 {
		t.Errorf("%d tags, want at least 10", n)
	}

	perSection := make(map[string]int)
	for _, s := range c.Stories {
		perSection[s.Section]++
	}
	for _, slug := range []string{"assam", "northeast", "india", "world", "sports", "business", "culture"} {
		if !slices.ContainsFunc(c.Sections, func(s Section) bool { return s.Slug == slug }) {
			t.Errorf("section %q missing", slug)
		}
		if perSection[slug] < 4 {
			t.Errorf("section %q has %d stories, want at least 4", slug, perSection[slug])
		}
	}

	var bilingual, long, featured, noImage, updated int
	minHours, maxHours := 1<<30, 0
	for _, s := range c.Stories {
		if s.AS != nil {
			bilingual++
		}
		if words(s.EN.Body) > 900 && strings.Contains(s.EN.Body, "<h2>") {
			long++
		}
		if s.Featured {
			featured++
		}
		if s.Image == nil {
			noImage++
		}
		if s.UpdatedHoursAgo > 0 {
			updated++
		}
		minHours = min(minHours, s.HoursAgo)
		maxHours = max(maxHours, s.HoursAgo)
	}
	if bilingual < 12 {
		t.Errorf("%d stories with an Assamese edition, want at least 12", bilingual)
	}
	if long < 5 {
		t.Errorf("%d long stories (over 900 words, with <h2>), want at least 5", long)
	}
	if featured < 2 || featured > 3 {
		t.Errorf("%d featured stories, want 2 or 3", featured)
	}
	if noImage < 1 {
		t.Errorf("every story has an image; want a few without")
	}
	if updated < 3 {
		t.Errorf("%d updated stories, want a handful", updated)
	}
	if minHours < 1 || maxHours > 400 || maxHours-minHours < 300 {
		t.Errorf("stories published %d..%d hours ago; want a spread over about 16 days within 1..400", minHours, maxHours)
	}
}

func TestStoryShape(t *testing.T) {
	c := load(t)
	for _, s := range c.Stories {
		name := s.EN.Headline
		if n := utf8.RuneCountInString(s.EN.Headline); n < 50 || n > 100 {
			t.Errorf("%q: headline is %d characters, want 50..100", name, n)
		}
		if w := words(s.EN.Body); w < 200 || (w > 500 && !strings.Contains(s.EN.Body, "<h2>")) {
			t.Errorf("%q: body has %d words; want 200..500, or a long story with subheads", name, w)
		}
		if s.AS != nil {
			if n := strings.Count(s.AS.Body, "<p>"); n < 3 {
				t.Errorf("%q: Assamese body has %d paragraphs, want at least 3", name, n)
			}
			if s.Image != nil && (s.Image.AltAS == "" || s.Image.CaptionAS == "") {
				t.Errorf("%q: bilingual story's image lacks Assamese alt text or caption", name)
			}
		}
		if s.Image != nil && !hasPicture(s.Image.Dir()) {
			t.Errorf("%q: no picture in pictures/%s", name, s.Image.Dir())
		}
	}
}

// assameseTexts returns every Assamese string in the content with a label saying where it is.
func assameseTexts(c *Content) map[string]string {
	m := make(map[string]string)
	for _, s := range c.Sections {
		m["section "+s.Slug] = s.NameAS
	}
	for _, a := range c.Authors {
		m["author name "+a.Slug] = a.NameAS
		m["author bio "+a.Slug] = a.BioAS
	}
	for _, t := range c.Tags {
		m["tag "+t.Slug] = t.NameAS
	}
	for _, s := range c.Stories {
		if s.Image != nil && s.Image.AltAS != "" {
			m["alt "+s.EN.Headline] = s.Image.AltAS
			m["caption "+s.EN.Headline] = s.Image.CaptionAS
		}
		if s.AS != nil {
			m["headline "+s.EN.Headline] = s.AS.Headline
			m["standfirst "+s.EN.Headline] = s.AS.Standfirst
			m["body "+s.EN.Headline] = s.AS.Body
		}
	}
	return m
}

func TestAssameseSpelling(t *testing.T) {
	if i := strings.IndexRune(string(contentJSON), bengaliRa); i >= 0 {
		t.Errorf("content.json contains Bengali র (U+09B0) at byte %d", i)
	}
	c := load(t)
	bengaliBlock := &unicode.RangeTable{R16: []unicode.Range16{{Lo: 0x0980, Hi: 0x09FF, Stride: 1}}}
	for where, text := range assameseTexts(c) {
		if strings.ContainsRune(text, bengaliRa) {
			t.Errorf("%s: contains Bengali র (U+09B0); Assamese uses ৰ (U+09F0)", where)
		}
		var script, latin int
		for _, r := range tagPattern.ReplaceAllString(text, " ") {
			switch {
			case unicode.Is(bengaliBlock, r):
				script++
			case r < 0x80 && unicode.IsLetter(r):
				latin++
			}
		}
		// Assamese text may quote an English name or two, but must be mostly in Assamese script.
		if script == 0 || latin > script/5 {
			t.Errorf("%s: %d Assamese-script and %d Latin letters; is it Assamese?", where, script, latin)
		}
	}
}

var (
	htmlTag    = regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s[^<>]*)?)>`)
	hrefAttr   = regexp.MustCompile(`^ href="https://[^"\s<>]+"$`)
	entity     = regexp.MustCompile(`&(amp|lt|gt|quot|#39|#[0-9]+|#x[0-9a-fA-F]+);`)
	blockTags  = []string{"p", "h2", "blockquote", "ul"}
	inlineTags = []string{"strong", "em", "a"}
)

// checkBody reports what is wrong with an article body: tags outside the allowed set,
// attributes other than an https href on <a>, unbalanced or misnested tags, text outside
// a block, list items outside a list, and stray angle brackets or ampersands.
func checkBody(body string) []string {
	var problems []string
	var stack []string
	parent := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1]
	}
	text := func(s string) {
		if strings.ContainsAny(s, "<>") {
			problems = append(problems, "stray < or > in text")
		}
		if strings.Count(s, "&") != len(entity.FindAllString(s, -1)) {
			problems = append(problems, "bare & in text")
		}
		if strings.TrimSpace(s) != "" && (parent() == "" || parent() == "ul") {
			problems = append(problems, "text outside a paragraph: "+strings.TrimSpace(s))
		}
	}
	pos := 0
	for _, m := range htmlTag.FindAllStringSubmatchIndex(body, -1) {
		text(body[pos:m[0]])
		pos = m[1]
		closing := body[m[2]:m[3]] == "/"
		name := body[m[4]:m[5]]
		attrs := body[m[6]:m[7]]
		switch {
		case !slices.Contains(blockTags, name) && !slices.Contains(inlineTags, name) && name != "li":
			problems = append(problems, "tag <"+name+"> not allowed")
			continue
		case closing:
			if attrs != "" || parent() != name {
				problems = append(problems, "unexpected </"+name+">")
				continue
			}
			stack = stack[:len(stack)-1]
			continue
		case name == "a":
			if !hrefAttr.MatchString(attrs) {
				problems = append(problems, "<a> needs exactly an https href, got"+attrs)
			}
		case attrs != "":
			problems = append(problems, "<"+name+"> has attributes"+attrs)
		}
		switch {
		case slices.Contains(blockTags, name) && parent() != "":
			problems = append(problems, "<"+name+"> inside <"+parent()+">")
		case name == "li" && parent() != "ul":
			problems = append(problems, "<li> outside <ul>")
		case slices.Contains(inlineTags, name) && (parent() == "" || parent() == "ul"):
			problems = append(problems, "<"+name+"> outside a block")
		}
		stack = append(stack, name)
	}
	text(body[pos:])
	if len(stack) > 0 {
		problems = append(problems, "unclosed <"+strings.Join(stack, "><")+">")
	}
	return problems
}

func TestBodiesUseAllowedHTML(t *testing.T) {
	c := load(t)
	for _, s := range c.Stories {
		editions := map[string]*Edition{"en": s.EN, "as": s.AS}
		for lang, e := range editions {
			if e == nil {
				continue
			}
			for _, p := range checkBody(e.Body) {
				t.Errorf("%q (%s): %s", s.EN.Headline, lang, p)
			}
			for _, plain := range []string{e.Headline, e.Standfirst} {
				if strings.ContainsAny(plain, "<>") {
					t.Errorf("%q (%s): markup in headline or standfirst", s.EN.Headline, lang)
				}
			}
		}
	}
}

func TestCheckBodyCatchesBadHTML(t *testing.T) {
	for _, bad := range []string{
		`<p>fine</p><div>no</div>`,
		`<p>unclosed`,
		`<p><strong>misnested</p></strong>`,
		`<p class="x">attrs</p>`,
		`<p><a href="http://insecure.example">x</a></p>`,
		`<p><a href="https://x.example" onclick="y">x</a></p>`,
		`loose text`,
		`<li>orphan</li>`,
		`<p>a < b</p>`,
		`<p>fish & chips</p>`,
		`<p><p>nested</p></p>`,
		`<script>alert(1)</script>`,
	} {
		if len(checkBody(bad)) == 0 {
			t.Errorf("checkBody accepted %q", bad)
		}
	}
	good := `<h2>Head</h2><p>Text with <strong>bold</strong>, <em>it</em> and <a href="https://example.org/x">a link</a> &amp; more.</p><ul><li>one</li><li>two</li></ul><blockquote>Quote</blockquote>`
	if p := checkBody(good); len(p) > 0 {
		t.Errorf("checkBody rejected valid body: %v", p)
	}
}

func TestValidateRejectsBrokenContent(t *testing.T) {
	base := func() *Content {
		return &Content{
			Sections: []Section{{Slug: "assam", NameEN: "Assam", NameAS: "অসম"}},
			Authors:  []Author{{Slug: "a", NameEN: "A", NameAS: "এ", BioEN: "Bio", BioAS: "পৰিচয়"}},
			Tags:     []Tag{{Slug: "tea", NameEN: "Tea", NameAS: "চাহ"}},
			Stories: []Story{{
				Section: "assam", Tags: []string{"tea"}, Authors: []string{"a"}, HoursAgo: 5,
				EN: &Edition{Headline: "H", Standfirst: "S", Body: "<p>B</p>"},
			}},
		}
	}
	if err := base().validate(); err != nil {
		t.Fatalf("valid content rejected: %v", err)
	}
	cases := map[string]func(c *Content){
		"unknown section":   func(c *Content) { c.Stories[0].Section = "sport" },
		"unknown tag":       func(c *Content) { c.Stories[0].Tags = []string{"coffee"} },
		"unknown author":    func(c *Content) { c.Stories[0].Authors = []string{"b"} },
		"no author":         func(c *Content) { c.Stories[0].Authors = nil },
		"three authors":     func(c *Content) { c.Stories[0].Authors = []string{"a", "a", "a"} },
		"duplicate section": func(c *Content) { c.Sections = append(c.Sections, c.Sections[0]) },
		"bad slug":          func(c *Content) { c.Tags[0].Slug = "Tea Leaves" },
		"missing English":   func(c *Content) { c.Stories[0].EN = nil },
		"empty headline":    func(c *Content) { c.Stories[0].EN.Headline = " " },
		"Bengali ra":        func(c *Content) { c.Sections[0].NameAS = "\u0985\u09B0" },
		"Bengali ra in AS edition": func(c *Content) {
			c.Stories[0].AS = &Edition{Headline: "\u09B0", Standfirst: "ক", Body: "<p>ক</p>"}
		},
		"updated when published": func(c *Content) { c.Stories[0].UpdatedHoursAgo = 5 },
		"published in future":    func(c *Content) { c.Stories[0].HoursAgo = 0 },
		// Whether a scene is one the generator draws is scripts/demo-pictures' test, and
		// whether its picture is committed TestPicturesMatchContent's.
		"bad scene": func(c *Content) {
			c.Stories[0].Image = &Image{Scene: "../beach", AltEN: "a", CaptionEN: "c", Credit: "x"}
		},
		"no image credit": func(c *Content) {
			c.Stories[0].Image = &Image{Scene: "beach", AltEN: "a", CaptionEN: "c"}
		},
	}
	for name, breakIt := range cases {
		c := base()
		breakIt(c)
		if c.validate() == nil {
			t.Errorf("%s: validate accepted broken content", name)
		}
	}
}
