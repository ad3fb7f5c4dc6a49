package translation_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/translation"
)

// story is a body with every kind of content the translator must handle.
const story = `<h2>Floods in <em>Assam</em></h2>
<p>Read the <a href="https://example.org/report" title="Report">report</a> from <strong>Dispur</strong>.</p>
<p>Run <code>make &lt;all&gt;</code> to build; <span translate="no">Batori</span> stays.</p>
<figure><img src="/media/0a1b.jpg" alt="A boat" width="640" height="480"><figcaption>A boat on the <b>Brahmaputra</b></figcaption></figure>
<ul><li>First <i>point</i></li><li>Second<ul><li>Nested</li></ul></li></ul>
<blockquote>Loose text<p>Quoted paragraph</p>tail words</blockquote>
<pre>keep   this
  as is</pre>
<p>Line one<br>line two &amp; ⟦brackets⟧ of our own</p>
<p>  2024  </p>
<hr>
<p class="notranslate">Never sent</p>`

func identity(s translation.Segment) string { return s.Text }

func TestSegments(t *testing.T) {
	segs, err := translation.SplitSegments(story, false)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range segs {
		got = append(got, s.Text)
		if s.IsHTML {
			t.Errorf("%s: IsHTML set for a text engine", s.ID)
		}
	}
	want := []string{
		"Floods in ⟦1⟧Assam⟦/1⟧",
		"Read the ⟦1⟧report⟦/1⟧ from ⟦2⟧Dispur⟦/2⟧.",
		"Run ⟦1/⟧ to build; ⟦2/⟧ stays.",
		"A boat on the ⟦1⟧Brahmaputra⟦/1⟧",
		"First ⟦1⟧point⟦/1⟧",
		"Second",
		"Nested",
		"Loose text",
		"Quoted paragraph",
		"tail words",
		"Line one⟦1/⟧line two & ⟦2/⟧brackets⟦3/⟧ of our own",
	}
	if !slices.Equal(got, want) {
		t.Errorf("segments:\n%q\nwant\n%q", got, want)
	}
	for i, s := range segs {
		if want := "s" + string(rune('1'+i)); i < 9 && s.ID != want {
			t.Errorf("segment %d has ID %q, want %q", i, s.ID, want)
		}
	}

	segs, err = translation.SplitSegments(story, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := segs[1].Text; got != `Read the <a href="https://example.org/report" title="Report">report</a> from <strong>Dispur</strong>.` {
		t.Errorf("HTML segment %q", got)
	}
	if got := segs[2].Text; got != `Run <code>make &lt;all&gt;</code> to build; <span translate="no">Batori</span> stays.` {
		t.Errorf("HTML segment with kept parts %q", got)
	}
	for _, s := range segs {
		if !s.IsHTML {
			t.Errorf("%s: IsHTML not set for an HTML engine", s.ID)
		}
		if strings.Contains(s.Text, "Never sent") || strings.Contains(s.Text, "keep") {
			t.Errorf("%s: kept content sent: %q", s.ID, s.Text)
		}
	}
}

func TestIdentity(t *testing.T) {
	want, err := translation.CanonicalHTML(story)
	if err != nil {
		t.Fatal(err)
	}
	for _, htmlMode := range []bool{false, true} {
		got, mangled, err := translation.RoundTrip(story, htmlMode, identity)
		if err != nil {
			t.Fatal(err)
		}
		if got != want || mangled != nil {
			t.Errorf("html=%v: identity changed the body (mangled %v):\n%s\nwant\n%s", htmlMode, mangled, got, want)
		}
	}
}

// placeholderRE finds placeholders, which engines must leave alone.
var placeholderRE = regexp.MustCompile(`⟦[^⟧]*⟧`)

// upper is an engine that upper-cases the text around the placeholders.
func upper(s translation.Segment) string {
	if s.IsHTML {
		return upperHTMLText(s.Text)
	}
	var b strings.Builder
	at := 0
	for _, m := range placeholderRE.FindAllStringIndex(s.Text, -1) {
		b.WriteString(strings.ToUpper(s.Text[at:m[0]]) + s.Text[m[0]:m[1]])
		at = m[1]
	}
	return b.String() + strings.ToUpper(s.Text[at:])
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// upperHTMLText upper-cases the text between tags.
func upperHTMLText(s string) string {
	var b strings.Builder
	at := 0
	for _, m := range tagRE.FindAllStringIndex(s, -1) {
		b.WriteString(strings.ToUpper(s[at:m[0]]) + s[m[0]:m[1]])
		at = m[1]
	}
	return b.String() + strings.ToUpper(s[at:])
}

func TestEngines(t *testing.T) {
	const body = `<p>Read the <a href="/r" title="t">report</a> from <strong>Dispur</strong>, <code>x&lt;y</code>.</p>`
	tests := []struct {
		name     string
		html     bool
		engine   func(translation.Segment) string
		want     string
		wantWarn bool
	}{
		{name: "upper-case", engine: upper,
			want: `<p>READ THE <a href="/r" title="t">REPORT</a> FROM <strong>DISPUR</strong>, <code>x&lt;y</code>.</p>`},
		{name: "upper-case HTML", html: true, engine: upper,
			want: `<p>READ THE <a href="/r" title="t">REPORT</a> FROM <strong>DISPUR</strong>, <code>x&lt;y</code>.</p>`},
		{name: "inline tags reordered", engine: func(s translation.Segment) string {
			return "⟦2⟧Dispur⟦/2⟧ ⟦1⟧report⟦/1⟧ ⟦3/⟧ read"
		}, want: `<p><strong>Dispur</strong> <a href="/r" title="t">report</a> <code>x&lt;y</code> read</p>`},
		{name: "inline tags reordered in HTML", html: true, engine: func(s translation.Segment) string {
			return `<strong>Dispur</strong> <a title="t" href="/r">report</a> <code>x&lt;y</code> read`
		}, want: `<p><strong>Dispur</strong> <a href="/r" title="t">report</a> <code>x&lt;y</code> read</p>`},
		{name: "spaces inside placeholders", engine: func(s translation.Segment) string {
			if !strings.Contains(s.Text, "⟦") {
				return s.Text
			}
			return "A ⟦ 1 ⟧b⟦/ 1⟧ ⟦2⟧c⟦ /2 ⟧ ⟦3 /⟧"
		}, want: `<p>A <a href="/r" title="t">b</a> <strong>c</strong> <code>x&lt;y</code></p>`},
		{name: "placeholder dropped", engine: func(s translation.Segment) string {
			return strings.ToUpper(strings.Replace(s.Text, "⟦/1⟧", "", 1))
		}, want: `<p>READ THE REPORT FROM DISPUR, <code>x&lt;y</code>.</p>`, wantWarn: true},
		{name: "placeholders misnested", engine: func(s translation.Segment) string {
			if !strings.Contains(s.Text, "⟦") {
				return s.Text
			}
			return "⟦1⟧a ⟦2⟧b⟦/1⟧ c⟦/2⟧ ⟦3/⟧"
		}, want: `<p>Read the report from Dispur, <code>x&lt;y</code>.</p>`, wantWarn: true},
		{name: "placeholder doubled", engine: func(s translation.Segment) string {
			if !strings.Contains(s.Text, "⟦") {
				return s.Text
			}
			return s.Text + " ⟦3/⟧"
		}, want: `<p>Read the report from Dispur, <code>x&lt;y</code>.</p>`, wantWarn: true},
		{name: "unknown placeholder", engine: func(s translation.Segment) string {
			if !strings.Contains(s.Text, "⟦") {
				return s.Text
			}
			return s.Text + " ⟦9⟧x⟦/9⟧"
		}, want: `<p>Read the report from Dispur, <code>x&lt;y</code>.</p>`, wantWarn: true},
		{name: "markup in a text answer is text", engine: func(s translation.Segment) string {
			return strings.Replace(s.Text, "Read", `<script>alert(1)</script>`, 1)
		}, want: `<p>&lt;script&gt;alert(1)&lt;/script&gt; the <a href="/r" title="t">report</a> from <strong>Dispur</strong>, <code>x&lt;y</code>.</p>`},
		{name: "HTML answer with a new tag", html: true, engine: func(s translation.Segment) string {
			if !s.IsHTML {
				return strings.ToUpper(s.Text)
			}
			return s.Text + `<img src=x onerror="alert(1)">`
		}, want: `<p>READ THE REPORT FROM DISPUR, <code>x&lt;y</code>.</p>`, wantWarn: true},
		{name: "HTML answer with a changed address", html: true, engine: func(s translation.Segment) string {
			if !s.IsHTML {
				return s.Text
			}
			return strings.Replace(s.Text, `href="/r"`, `href="javascript:alert(1)"`, 1)
		}, want: `<p>Read the report from Dispur, <code>x&lt;y</code>.</p>`, wantWarn: true},
		{name: "HTML answer with an unclosed tag", html: true, engine: func(s translation.Segment) string {
			if !s.IsHTML {
				return s.Text
			}
			return strings.Replace(s.Text, `</strong>`, ``, 1)
		}, want: `<p>Read the report from Dispur, <code>x&lt;y</code>.</p>`, wantWarn: true},
		{name: "kept element translated anyway", html: true, engine: func(s translation.Segment) string {
			return strings.Replace(s.Text, "x&lt;y", "X", 1)
		}, want: `<p>Read the <a href="/r" title="t">report</a> from <strong>Dispur</strong>, <code>x&lt;y</code>.</p>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, mangled, err := translation.RoundTrip(body, tt.html, tt.engine)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
			if (mangled != nil) != tt.wantWarn {
				t.Errorf("mangled segments %v, want a warning: %v", mangled, tt.wantWarn)
			}
		})
	}
}

// TestHTMLEngineTranslatesKeptParts: an HTML engine that translates an inline image's alt
// text or the content of a kept element gets the original back, without a fallback; kept
// elements it moves are told apart by their content.
func TestHTMLEngineTranslatesKeptParts(t *testing.T) {
	body := `<p>See <img src="/media/ab.png" alt="a boat"> and <code>ls</code> or <code>cd</code>.</p>`
	for _, tt := range []struct{ engine, want string }{
		{`চাওক <img src="/media/ab.png" alt="এখন নাও"> আৰু <code>এলএছ</code> বা <code>cd</code>।`,
			`<p>চাওক <img src="/media/ab.png" alt="a boat"/> আৰু <code>ls</code> বা <code>cd</code>।</p>`},
		{`<code>cd</code> বা <code>ls</code> আৰু <img src="/media/ab.png" alt="a boat"> চাওক।`,
			`<p><code>cd</code> বা <code>ls</code> আৰু <img src="/media/ab.png" alt="a boat"/> চাওক।</p>`},
	} {
		got, mangled, err := translation.RoundTrip(body, true, func(s translation.Segment) string { return tt.engine })
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want || mangled != nil {
			t.Errorf("got %s (mangled %v), want %s", got, mangled, tt.want)
		}
	}
}

// TestFallbackKeepsOtherBlocks: one mangled paragraph loses its markup; the others keep theirs.
func TestFallbackKeepsOtherBlocks(t *testing.T) {
	body := `<p>One <em>a</em></p><p>Two <em>b</em></p>`
	got, mangled, err := translation.RoundTrip(body, false, func(s translation.Segment) string {
		if strings.HasPrefix(s.Text, "Two") {
			return "Two b"
		}
		return s.Text
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := `<p>One <em>a</em></p><p>Two b</p>`; got != want || !slices.Equal(mangled, []string{"s2"}) {
		t.Errorf("got %s (mangled %v), want %s", got, mangled, want)
	}
}

// TestWhiteSpaceKept: what an engine trims at the ends of a segment comes back.
func TestWhiteSpaceKept(t *testing.T) {
	body := "<p>\n  Hello <b>there</b>  \n</p>"
	segs, err := translation.SplitSegments(body, false)
	if err != nil {
		t.Fatal(err)
	}
	if segs[0].Text != "Hello ⟦1⟧there⟦/1⟧" {
		t.Errorf("segment %q", segs[0].Text)
	}
	got, _, err := translation.RoundTrip(body, false, func(s translation.Segment) string { return " নমস্কাৰ ⟦1⟧তাত⟦/1⟧ " })
	if err != nil {
		t.Fatal(err)
	}
	if want := "<p>\n   নমস্কাৰ <b>তাত</b>   \n</p>"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzIdentity: whatever a story body holds, an engine that answers with its input gives back
// the sanitised body exactly, in canonical form (parsed as the content of <body> and rendered
// again), with no segment mangled, in both modes.
func FuzzIdentity(f *testing.F) {
	for _, s := range []string{
		story,
		"",
		"plain text",
		"<p>a<b>b<i>c</i></b>d</p>",
		"<b><p>misnested</b></p>",
		"<p>⟦1⟧ not ours ⟦/1⟧ ⟧⟦</p>",
		"<ul><li>one<li>two</ul>",
		"<p>x<br/>y<br>z</p>",
		"<blockquote>a<h2>b</h2>c<em>d</em></blockquote>",
		"<p>&amp;&lt;&gt;&quot;&#39;&nbsp;</p>",
		"<p translate=no>keep</p><p lang=as>অসমৰ <strong>গুৱাহাটী</strong>৷</p>",
		"<pre>\ncode</pre><p>\ntext</p>",
		"<a href=\"https://x.org\">link<p>in</p>block</a>",
		"<figure><img src=\"/media/ab.png\"><figcaption>cap <em>tion</em></figcaption></figure>",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	san := news.NewSanitizer()
	f.Fuzz(func(t *testing.T, body string, htmlMode bool) {
		in := san.Body(body)
		want, err := translation.CanonicalHTML(in)
		if err != nil {
			// Nesting deeper than the parser takes (512 open elements): refused, not garbled.
			if _, _, err := translation.RoundTrip(in, htmlMode, identity); err == nil {
				t.Errorf("canonical form refused %q but translation went ahead", in)
			}
			t.Skip(err)
		}
		got, mangled, err := translation.RoundTrip(in, htmlMode, identity)
		if err != nil {
			t.Fatal(err)
		}
		if mangled != nil {
			t.Errorf("identity mangled %v of %q", mangled, in)
		}
		if got != want {
			t.Errorf("identity changed %q:\n got %q\nwant %q", in, got, want)
		}
		if san.Body(got) != san.Body(want) {
			t.Errorf("sanitised output differs for %q", in)
		}
	})
}

// FuzzEngineAnswer: whatever an engine answers, the translation has no element the story did
// not have (an answer cannot inject markup), and a segment either keeps its structure or
// falls back to plain text.
func FuzzEngineAnswer(f *testing.F) {
	f.Add("⟦1⟧x⟦/1⟧ ⟦2⟧y⟦/2⟧", false)
	f.Add(`<a href="/r" title="t">x</a><script>alert(1)</script>`, true)
	f.Add(`⟦2/⟧</p><iframe src=//evil>`, false)
	f.Add(`<strong>a<a href="/r" title="t">b</strong></a>`, true)
	body := `<p>Read the <a href="/r" title="t">report</a> from <strong>Dispur</strong>, <code>x&lt;y</code>.</p><p>Second <em>one</em><br>line</p>`
	tagsOf := func(s string) map[string]int {
		n := map[string]int{}
		for _, m := range regexp.MustCompile(`<([a-z0-9]+)`).FindAllStringSubmatch(s, -1) {
			n[m[1]]++
		}
		return n
	}
	in := tagsOf(body)
	f.Fuzz(func(t *testing.T, answer string, htmlMode bool) {
		got, _, err := translation.RoundTrip(body, htmlMode, func(translation.Segment) string { return answer })
		if err != nil {
			t.Fatal(err)
		}
		for tag, n := range tagsOf(got) {
			if n > in[tag] {
				t.Errorf("answer %q gave %d <%s>, the story has %d:\n%s", answer, n, tag, in[tag], got)
			}
		}
		if !strings.Contains(got, `<code>x&lt;y</code>`) {
			t.Errorf("kept code lost for answer %q: %s", answer, got)
		}
	})
}
