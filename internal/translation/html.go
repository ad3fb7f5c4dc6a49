package translation

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A story body is translated block by block. Each run of inline content inside a block-level
// element (a paragraph, heading, list item, caption, or the loose text of any other block)
// is one segment. For engines that only take text, the run's inline elements become numbered
// placeholders: "Read the ⟦1⟧report⟦/1⟧ from ⟦2⟧Dispur⟦/2⟧", and anything that must not be
// translated (code, images, translate="no") a self-closing one, ⟦3/⟧, kept aside verbatim
// together with every element's attributes. Engines with an HTML mode get the run's inner HTML
// instead. Either way the answer is read back into the same sequence of pieces, checked, and
// built into nodes from the originals, so an engine can neither lose a link's address nor
// inject markup.

// phOpen starts a placeholder; placeholders are written in U+27E6 and U+27E7, MATHEMATICAL
// WHITE SQUARE BRACKETS, which stories hardly use and engines copy through.
const phOpen = '⟦'

// inlineTags are the elements that stay inside a segment.
var inlineTags = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Bdi: true, atom.Bdo: true, atom.Big: true,
	atom.Br: true, atom.Cite: true, atom.Code: true, atom.Data: true, atom.Del: true, atom.Dfn: true,
	atom.Em: true, atom.Font: true, atom.I: true, atom.Img: true, atom.Ins: true, atom.Kbd: true,
	atom.Label: true, atom.Mark: true, atom.Nobr: true, atom.Q: true, atom.Rp: true, atom.Rt: true,
	atom.Ruby: true, atom.S: true, atom.Samp: true, atom.Small: true, atom.Span: true,
	atom.Strike: true, atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true,
	atom.Tt: true, atom.U: true, atom.Var: true, atom.Wbr: true,
}

// keptTags are never sent to an engine: code, media and embeds, form controls, scripts.
var keptTags = map[atom.Atom]bool{
	atom.Code: true, atom.Pre: true, atom.Kbd: true, atom.Samp: true, atom.Img: true,
	atom.Picture: true, atom.Video: true, atom.Audio: true, atom.Iframe: true, atom.Embed: true,
	atom.Object: true, atom.Canvas: true, atom.Svg: true, atom.Math: true, atom.Script: true,
	atom.Style: true, atom.Template: true, atom.Noscript: true, atom.Textarea: true,
	atom.Select: true, atom.Button: true, atom.Input: true, atom.Title: true, atom.Xmp: true,
	atom.Noembed: true, atom.Noframes: true, atom.Plaintext: true,
}

// kept reports whether n goes through translation untouched.
func kept(n *html.Node) bool {
	switch n.Type {
	case html.CommentNode, html.DoctypeNode:
		return true
	case html.ElementNode:
	default:
		return false
	}
	if n.Namespace != "" || keptTags[n.DataAtom] {
		return true
	}
	for _, a := range n.Attr {
		switch {
		case a.Key == "translate" && strings.EqualFold(strings.TrimSpace(a.Val), "no"):
			return true
		case a.Key == "class" && slices.Contains(strings.Fields(a.Val), "notranslate"):
			return true
		}
	}
	return false
}

// atomKind is what a placeholder stands for.
type atomKind int

const (
	atomElem    atomKind = iota // an inline element around text: ⟦k⟧…⟦/k⟧
	atomVoid                    // an empty inline element such as <br>: ⟦k/⟧
	atomKeep                    // something kept verbatim: ⟦k/⟧
	atomLiteral                 // a ⟦ or ⟧ in the story's own text: ⟦k/⟧
)

type phAtom struct {
	kind atomKind
	node *html.Node
	// text is the bracket an atomLiteral stands for.
	text string
}

type pieceKind int

const (
	pieceText pieceKind = iota
	pieceOpen
	pieceClose
	pieceSelf
)

// piece is one step of a segment: text, or placeholder number n (1-based) opening, closing or
// standing alone.
type piece struct {
	kind pieceKind
	n    int
	text string
}

// run is one segment of a document.
type run struct {
	id     string
	parent *html.Node
	nodes  []*html.Node
	atoms  []phAtom
	// pieces are the source's, without lead and trail.
	pieces      []piece
	lead, trail string
	wire        string
	isHTML      bool
	clean       func(string) string
}

// document is a story body split into segments.
type document struct {
	root     *html.Node
	htmlMode bool
	clean    func(string) string
	inline   map[*html.Node]bool
	runs     []*run
}

// errMangled says an engine's answer lost, added, or misnested placeholders or tags.
var errMangled = errors.New("placeholders lost or misnested")

// splitHTML parses body as the content of a <body> element and finds its segments; htmlMode
// sends each segment's inner HTML rather than placeholders. clean, when set, is applied to the
// text of the segments (not to what is kept verbatim, nor to attributes).
func splitHTML(body string, htmlMode bool, clean func(string) string) (*document, error) {
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(body), ctx)
	if err != nil {
		return nil, fmt.Errorf("parse story body: %w", err)
	}
	root := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	for _, n := range nodes {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
		root.AppendChild(n)
	}
	d := &document{root: root, htmlMode: htmlMode, clean: clean, inline: map[*html.Node]bool{}}
	d.markInline(root)
	d.walk(root)
	return d, nil
}

// markInline records which nodes may sit inside a segment: text, comments, kept inline-level
// elements, and inline elements holding nothing but such nodes.
func (d *document) markInline(n *html.Node) bool {
	all := true
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if !d.markInline(c) {
			all = false
		}
	}
	var ok bool
	switch n.Type {
	case html.TextNode, html.CommentNode:
		ok = true
	case html.ElementNode:
		ok = inlineTags[n.DataAtom] && n.Namespace == "" && (all || kept(n))
	}
	if ok {
		d.inline[n] = true
	}
	return ok
}

// walk makes a segment of every maximal run of inline children of a block and descends into
// the other blocks, leaving kept blocks alone.
func (d *document) walk(parent *html.Node) {
	var cur []*html.Node
	flush := func() {
		if len(cur) > 0 {
			d.addRun(parent, cur)
			cur = nil
		}
	}
	for c := parent.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case d.inline[c]:
			cur = append(cur, c)
		case kept(c):
			flush()
		default:
			flush()
			d.walk(c)
		}
	}
	flush()
}

func (d *document) addRun(parent *html.Node, nodes []*html.Node) {
	r := &run{parent: parent, nodes: nodes, isHTML: d.htmlMode, clean: d.clean}
	for _, n := range nodes {
		r.encode(n)
	}
	if !r.hasLetters() {
		return
	}
	r.trim()
	r.id = "s" + strconv.Itoa(len(d.runs)+1)
	r.wire = r.render(r.pieces)
	d.runs = append(d.runs, r)
}

func (r *run) add(kind atomKind, n *html.Node) int {
	r.atoms = append(r.atoms, phAtom{kind: kind, node: n})
	return len(r.atoms)
}

func (r *run) encode(n *html.Node) {
	switch {
	case n.Type == html.TextNode:
		text := n.Data
		if r.clean != nil {
			text = r.clean(text)
		}
		if r.isHTML {
			r.pieces = append(r.pieces, piece{kind: pieceText, text: text})
			return
		}
		// A bracket of the story's own is protected like markup, so every bracket in an
		// answer is one of ours.
		for {
			i := strings.IndexAny(text, "⟦⟧")
			if i < 0 {
				break
			}
			if i > 0 {
				r.pieces = append(r.pieces, piece{kind: pieceText, text: text[:i]})
			}
			bracket := text[i : i+len("⟦")]
			r.atoms = append(r.atoms, phAtom{kind: atomLiteral, text: bracket})
			r.pieces = append(r.pieces, piece{kind: pieceSelf, n: len(r.atoms)})
			text = text[i+len(bracket):]
		}
		if text != "" {
			r.pieces = append(r.pieces, piece{kind: pieceText, text: text})
		}
	case kept(n):
		r.pieces = append(r.pieces, piece{kind: pieceSelf, n: r.add(atomKeep, n)})
	case n.FirstChild == nil && (n.DataAtom == atom.Br || n.DataAtom == atom.Wbr):
		r.pieces = append(r.pieces, piece{kind: pieceSelf, n: r.add(atomVoid, n)})
	default:
		k := r.add(atomElem, n)
		r.pieces = append(r.pieces, piece{kind: pieceOpen, n: k})
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			r.encode(c)
		}
		r.pieces = append(r.pieces, piece{kind: pieceClose, n: k})
	}
}

// hasLetters reports whether the run has anything to translate: a number or a dash alone
// stays as it is.
func (r *run) hasLetters() bool {
	for _, p := range r.pieces {
		if p.kind == pieceText && strings.IndexFunc(p.text, unicode.IsLetter) >= 0 {
			return true
		}
	}
	return false
}

// trim moves the white space at the ends of the run out of what is sent; it is put back
// around the translation.
func (r *run) trim() {
	if len(r.pieces) > 0 && r.pieces[0].kind == pieceText {
		t := r.pieces[0].text
		s := strings.TrimLeftFunc(t, unicode.IsSpace)
		r.lead = t[:len(t)-len(s)]
		r.pieces[0].text = s
	}
	if last := len(r.pieces) - 1; last >= 0 && r.pieces[last].kind == pieceText {
		t := r.pieces[last].text
		s := strings.TrimRightFunc(t, unicode.IsSpace)
		r.trail = t[len(s):]
		r.pieces[last].text = s
	}
	r.pieces = slices.DeleteFunc(r.pieces, func(p piece) bool { return p.kind == pieceText && p.text == "" })
}

// render writes pieces as sent: placeholders, or HTML.
func (r *run) render(pieces []piece) string {
	var b strings.Builder
	for _, p := range pieces {
		if !r.isHTML {
			switch p.kind {
			case pieceText:
				b.WriteString(p.text)
			case pieceOpen:
				fmt.Fprintf(&b, "⟦%d⟧", p.n)
			case pieceClose:
				fmt.Fprintf(&b, "⟦/%d⟧", p.n)
			case pieceSelf:
				fmt.Fprintf(&b, "⟦%d/⟧", p.n)
			}
			continue
		}
		switch p.kind {
		case pieceText:
			b.WriteString(html.EscapeString(p.text))
		case pieceOpen:
			n := r.atoms[p.n-1].node
			b.WriteString("<" + n.Data)
			for _, a := range n.Attr {
				b.WriteString(" " + a.Key + `="` + html.EscapeString(a.Val) + `"`)
			}
			b.WriteString(">")
		case pieceClose:
			b.WriteString("</" + r.atoms[p.n-1].node.Data + ">")
		case pieceSelf:
			html.Render(&b, r.atoms[p.n-1].node)
		}
	}
	return b.String()
}

// placeholderRE matches a placeholder, tolerating the spaces some engines put inside.
var placeholderRE = regexp.MustCompile(`⟦\s*(/?)\s*([0-9]{1,4})\s*(/?)\s*⟧`)

// decode reads an answer back into pieces and checks them against the source.
func (r *run) decode(answer string) ([]piece, error) {
	var pieces []piece
	var err error
	if r.isHTML {
		pieces, err = r.decodeHTML(answer)
	} else {
		pieces, err = r.decodeText(answer)
	}
	if err != nil {
		return nil, err
	}
	return pieces, r.check(pieces)
}

func (r *run) decodeText(s string) ([]piece, error) {
	var out []piece
	text := func(t string) error {
		if strings.ContainsAny(t, "⟦⟧") {
			return errMangled
		}
		if t != "" {
			out = append(out, piece{kind: pieceText, text: t})
		}
		return nil
	}
	at := 0
	for _, m := range placeholderRE.FindAllStringSubmatchIndex(s, -1) {
		if err := text(s[at:m[0]]); err != nil {
			return nil, err
		}
		at = m[1]
		n, _ := strconv.Atoi(s[m[4]:m[5]])
		closing, self := m[3] > m[2], m[7] > m[6]
		switch {
		case closing && self:
			return nil, errMangled
		case closing:
			out = append(out, piece{kind: pieceClose, n: n})
		case self:
			out = append(out, piece{kind: pieceSelf, n: n})
		default:
			out = append(out, piece{kind: pieceOpen, n: n})
		}
	}
	if err := text(s[at:]); err != nil {
		return nil, err
	}
	return out, nil
}

func (r *run) decodeHTML(s string) ([]piece, error) {
	var out []piece
	// Each tag in the answer is matched to an unused source element with the same name and
	// attributes; kept ones also by what they held, so a swapped pair of identical tags
	// gets its own content back.
	free := map[string][]int{}
	for i, a := range r.atoms {
		if a.node != nil {
			sig := signature(a.node.Type, a.node.Data, a.node.Attr)
			free[sig] = append(free[sig], i+1)
		}
	}
	take := func(sig, raw string) int {
		list := free[sig]
		if len(list) == 0 {
			return 0
		}
		j := 0
		if raw != "" {
			for i, k := range list {
				if renderNode(r.atoms[k-1].node) == raw {
					j = i
					break
				}
			}
		}
		k := list[j]
		free[sig] = slices.Delete(list, j, j+1)
		return k
	}
	keptByName := func(name string) string {
		first, firstSig := 0, ""
		for sig, list := range free {
			for _, k := range list {
				a := r.atoms[k-1]
				if a.kind == atomKeep && a.node.Type == html.ElementNode && a.node.Data == name && (first == 0 || k < first) {
					first, firstSig = k, sig
				}
			}
		}
		return firstSig
	}
	var open []int
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return out, nil
			}
			return nil, errMangled
		case html.TextToken:
			if t := string(z.Text()); t != "" {
				out = append(out, piece{kind: pieceText, text: t})
			}
		case html.CommentToken:
			k := take(signature(html.CommentNode, "", nil), string(z.Raw()))
			if k == 0 {
				return nil, errMangled
			}
			out = append(out, piece{kind: pieceSelf, n: k})
		case html.StartTagToken, html.SelfClosingTagToken:
			raw := string(z.Raw())
			tok := z.Token()
			sig := signature(html.ElementNode, tok.Data, tok.Attr)
			list := free[sig]
			if len(list) == 0 {
				// An engine may translate a kept element's attributes (an image's alt
				// text); the original comes back whole all the same.
				if sig = keptByName(tok.Data); sig == "" {
					return nil, errMangled
				}
				list = free[sig]
			}
			switch kind := r.atoms[list[0]-1].kind; {
			case kind == atomKeep:
				if tt == html.StartTagToken && !isVoid(tok.DataAtom) {
					rest, err := skipElement(z, tok.Data)
					if err != nil {
						return nil, err
					}
					raw += rest
				}
				out = append(out, piece{kind: pieceSelf, n: take(sig, raw)})
			case kind == atomVoid:
				out = append(out, piece{kind: pieceSelf, n: take(sig, "")})
			case tt == html.SelfClosingTagToken:
				return nil, errMangled
			default:
				k := take(sig, "")
				open = append(open, k)
				out = append(out, piece{kind: pieceOpen, n: k})
			}
		case html.EndTagToken:
			tok := z.Token()
			if len(open) == 0 {
				return nil, errMangled
			}
			k := open[len(open)-1]
			if r.atoms[k-1].node.Data != tok.Data {
				return nil, errMangled
			}
			open = open[:len(open)-1]
			out = append(out, piece{kind: pieceClose, n: k})
		default:
			return nil, errMangled
		}
	}
}

// signature identifies a tag by name and attributes, in any order.
func signature(t html.NodeType, name string, attrs []html.Attribute) string {
	if t == html.CommentNode {
		return "!--"
	}
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a.Namespace + "\x00" + a.Key + "\x00" + a.Val
	}
	slices.Sort(parts)
	return name + "\x01" + strings.Join(parts, "\x01")
}

// skipElement reads to the end tag closing an element named name and returns the raw text.
func skipElement(z *html.Tokenizer, name string) (string, error) {
	var b strings.Builder
	depth := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return "", errMangled
		}
		b.Write(z.Raw())
		tn, _ := z.TagName()
		switch {
		case tt == html.StartTagToken && string(tn) == name:
			depth++
		case tt == html.EndTagToken && string(tn) == name:
			depth--
			if depth == 0 {
				return b.String(), nil
			}
		}
	}
}

func isVoid(a atom.Atom) bool {
	switch a {
	case atom.Area, atom.Base, atom.Br, atom.Col, atom.Embed, atom.Hr, atom.Img, atom.Input,
		atom.Keygen, atom.Link, atom.Meta, atom.Param, atom.Source, atom.Track, atom.Wbr:
		return true
	}
	return false
}

// check holds the answer's placeholders to the source's: each element opened and closed once,
// properly nested, each self-closing one once, none added.
func (r *run) check(pieces []piece) error {
	seen := make([]int, len(r.atoms)) // 0 not yet, 1 opened, 2 done
	var stack []int
	for _, p := range pieces {
		if p.kind == pieceText {
			continue
		}
		if p.n < 1 || p.n > len(r.atoms) {
			return errMangled
		}
		i, elem := p.n-1, r.atoms[p.n-1].kind == atomElem
		switch p.kind {
		case pieceOpen:
			if !elem || seen[i] != 0 {
				return errMangled
			}
			seen[i] = 1
			stack = append(stack, p.n)
		case pieceClose:
			if !elem || seen[i] != 1 || stack[len(stack)-1] != p.n {
				return errMangled
			}
			seen[i] = 2
			stack = stack[:len(stack)-1]
		case pieceSelf:
			if elem || seen[i] != 0 {
				return errMangled
			}
			seen[i] = 2
		}
	}
	for _, s := range seen {
		if s != 2 {
			return errMangled
		}
	}
	return nil
}

// build turns checked pieces, with the source's lead and trail around them, into nodes: new
// text, copies of the source's elements, and the kept nodes as they were.
func (r *run) build(pieces []piece) []*html.Node {
	var out []*html.Node
	var stack []*html.Node
	add := func(n *html.Node) {
		if len(stack) == 0 {
			out = append(out, n)
		} else {
			stack[len(stack)-1].AppendChild(n)
		}
	}
	var text strings.Builder
	text.WriteString(r.lead)
	flush := func() {
		if text.Len() > 0 {
			add(&html.Node{Type: html.TextNode, Data: text.String()})
			text.Reset()
		}
	}
	for _, p := range pieces {
		if p.kind == pieceText {
			text.WriteString(p.text)
			continue
		}
		a := r.atoms[p.n-1]
		if a.kind == atomLiteral {
			text.WriteString(a.text)
			continue
		}
		flush()
		switch p.kind {
		case pieceOpen:
			n := cloneNode(a.node, false)
			add(n)
			stack = append(stack, n)
		case pieceClose:
			stack = stack[:len(stack)-1]
		case pieceSelf:
			add(cloneNode(a.node, true))
		}
	}
	text.WriteString(r.trail)
	flush()
	return out
}

// replace puts nodes where the run's source nodes were.
func (r *run) replace(nodes []*html.Node) {
	next := r.nodes[len(r.nodes)-1].NextSibling
	for _, n := range r.nodes {
		r.parent.RemoveChild(n)
	}
	for _, n := range nodes {
		r.parent.InsertBefore(n, next)
	}
	r.nodes = nodes
}

// apply reads an engine's answer for the run into the document, or returns errMangled and
// leaves the run as it was.
func (r *run) apply(answer string) error {
	pieces, err := r.decode(answer)
	if err != nil {
		return err
	}
	r.replace(r.build(pieces))
	return nil
}

// fallback is a run's plain text for a second try after an engine mangled its markup: the
// text between the kept nodes (and line breaks), which stay in place, one part each. Inline
// elements around the text are dropped.
type fallback struct {
	r *run
	// parts are text and kept atoms in order; the text parts with an id are translated.
	parts []fallbackPart
}

type fallbackPart struct {
	text        string
	atom        int // 1-based; 0 for text
	lead, trail string
	id          string
}

func (r *run) fallback() *fallback {
	f := &fallback{r: r}
	var text strings.Builder
	text.WriteString(r.lead)
	flush := func() {
		if text.Len() > 0 {
			f.parts = append(f.parts, fallbackPart{text: text.String()})
			text.Reset()
		}
	}
	for _, p := range r.pieces {
		switch {
		case p.kind == pieceText:
			text.WriteString(p.text)
		case p.kind == pieceSelf && r.atoms[p.n-1].kind == atomLiteral:
			text.WriteString(r.atoms[p.n-1].text)
		case p.kind == pieceSelf:
			flush()
			f.parts = append(f.parts, fallbackPart{atom: p.n})
		}
	}
	text.WriteString(r.trail)
	flush()
	n := 0
	for i := range f.parts {
		p := &f.parts[i]
		if p.atom != 0 || strings.IndexFunc(p.text, unicode.IsLetter) < 0 {
			continue
		}
		t := strings.TrimLeftFunc(p.text, unicode.IsSpace)
		p.lead = p.text[:len(p.text)-len(t)]
		s := strings.TrimRightFunc(t, unicode.IsSpace)
		p.trail = t[len(s):]
		p.text = s
		n++
		p.id = r.id + "." + strconv.Itoa(n)
	}
	return f
}

// segments are the parts to translate.
func (f *fallback) segments() []Segment {
	var out []Segment
	for _, p := range f.parts {
		if p.id != "" {
			out = append(out, Segment{ID: p.id, Text: p.text})
		}
	}
	return out
}

// apply puts the translations of segments, in order, into the document.
func (f *fallback) apply(translations []string) {
	var nodes []*html.Node
	i := 0
	for _, p := range f.parts {
		switch {
		case p.atom != 0:
			nodes = append(nodes, cloneNode(f.r.atoms[p.atom-1].node, true))
		case p.id != "":
			nodes = append(nodes, &html.Node{Type: html.TextNode, Data: p.lead + translations[i] + p.trail})
			i++
		default:
			nodes = append(nodes, &html.Node{Type: html.TextNode, Data: p.text})
		}
	}
	f.r.replace(nodes)
}

// plainText is the run's source text without markup, for linting.
func (r *run) plainText() string {
	var b strings.Builder
	for _, p := range r.pieces {
		switch {
		case p.kind == pieceText:
			b.WriteString(p.text)
		case p.kind == pieceSelf && r.atoms[p.n-1].kind == atomLiteral:
			b.WriteString(r.atoms[p.n-1].text)
		}
	}
	return b.String()
}

// nodesText is the text of nodes as a reader sees it, without kept content.
func nodesText(nodes []*html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			return
		}
		if kept(n) {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

// render writes the document back out as HTML.
func (d *document) render() string {
	var b strings.Builder
	for c := d.root.FirstChild; c != nil; c = c.NextSibling {
		html.Render(&b, c)
	}
	return b.String()
}

// canonicalHTML is body as the translator writes it back when nothing changes: parsed as the
// content of <body> and rendered again (attributes quoted, entities as html.Render writes them,
// misnested tags repaired as a browser would).
func canonicalHTML(body string) (string, error) {
	d, err := splitHTML(body, false, nil)
	if err != nil {
		return "", err
	}
	return d.render(), nil
}

func renderNode(n *html.Node) string {
	var b strings.Builder
	html.Render(&b, n)
	return b.String()
}

// cloneNode copies n, with its descendants when deep.
func cloneNode(n *html.Node, deep bool) *html.Node {
	c := &html.Node{Type: n.Type, DataAtom: n.DataAtom, Data: n.Data, Namespace: n.Namespace,
		Attr: slices.Clone(n.Attr)}
	if deep {
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			c.AppendChild(cloneNode(ch, true))
		}
	}
	return c
}
