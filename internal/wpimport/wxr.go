// Package wpimport reads a WordPress eXtended RSS export (WXR 1.0 to 1.2, as WordPress's own
// exporter writes it) as a stream and imports it: posts become stories with their language
// editions, pages static pages, categories sections, tags tags, authors author profiles with
// disabled accounts, comments comments, attachments pictures; every old address gets a
// permanent redirect to its new home. A second run updates what changed and duplicates
// nothing (wp_items keys each item by the export's site and its WordPress id, with its GUID).
//
// Nested categories: Batori's sections are the paper's menu, one level deep. A top-level
// category becomes a section; a category below it becomes a tag, and its posts go to the
// section of their top-level ancestor with that tag, so /category/assam/jorhat/ redirects to
// /tag/jorhat and nothing is lost. A post's second top-level category becomes a tag too.
package wpimport

import (
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// ErrNotWXR is returned for a file that is XML but not a WordPress export.
var ErrNotWXR = errors.New("not a WordPress export (WXR): no <rss> with a <channel> and wp:wxr_version")

// MaxItemBytes bounds the text of one item (a post with its comments); a larger one is
// skipped with a message rather than held in memory.
const MaxItemBytes = 32 << 20

// Channel is the export's header: where the site lived and which WXR version wrote it.
type Channel struct {
	Title       string
	Link        string
	BaseSiteURL string
	BaseBlogURL string
	Version     string
	Language    string
}

// Author is a wp:author of the header.
type Author struct {
	ID          int64
	Login       string
	Email       string
	DisplayName string
	FirstName   string
	LastName    string
}

// Term is a wp:category, wp:tag or wp:term of the header. Taxonomy is "category",
// "post_tag" or the wp:term's own (language, post_translations, nav_menu...).
type Term struct {
	ID          int64
	Taxonomy    string
	Slug        string
	Parent      string
	Name        string
	Description string
}

// ItemTerm is a <category domain="..." nicename="..."> of an item.
type ItemTerm struct {
	Domain string
	Slug   string
	Name   string
}

// Meta is a wp:postmeta or wp:commentmeta.
type Meta struct{ Key, Value string }

// Comment is a wp:comment of an item.
type Comment struct {
	ID          int64
	Author      string
	AuthorEmail string
	AuthorURL   string
	Date        string
	DateGMT     string
	Content     string
	Approved    string
	Type        string
	Parent      int64
	UserID      int64
}

// Item is an <item>: a post, page, attachment or any other post type.
type Item struct {
	// Line is where the item starts in the file, for messages.
	Line          int
	Title         string
	Link          string
	PubDate       string
	Creator       string
	GUID          string
	Content       string
	Excerpt       string
	PostID        int64
	PostDate      string
	PostDateGMT   string
	Modified      string
	ModifiedGMT   string
	CommentStatus string
	PostName      string
	Status        string
	Parent        int64
	MenuOrder     int
	PostType      string
	Password      string
	Sticky        bool
	AttachmentURL string
	// Repairs are the fixes the reader made to the item's bytes (and to any before it
	// since the last item).
	Repairs  []Repair
	Terms    []ItemTerm
	Meta     []Meta
	Comments []Comment
}

// MetaValue returns the item's first meta value under key.
func (it *Item) MetaValue(key string) string {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

// Record is one thing read from the export: exactly one field is set.
type Record struct {
	Channel *Channel
	Author  *Author
	Term    *Term
	Item    *Item
}

// SyntaxError is malformed or truncated XML, with the line where reading stopped.
type SyntaxError struct {
	Line int
	Msg  string
	// Item names the item the break is in, when it is in one.
	Item string
}

func (e *SyntaxError) Error() string {
	if e.Item != "" {
		return fmt.Sprintf("line %d: malformed XML in %s: %s", e.Line, e.Item, e.Msg)
	}
	return fmt.Sprintf("line %d: malformed XML: %s", e.Line, e.Msg)
}

// ItemError is a problem with one item that does not stop the rest: an item too large, or
// broken XML inside an item that another item follows (reading goes on from that one).
type ItemError struct {
	Line int
	Msg  string
}

func (e *ItemError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// Reader reads an export record by record, holding one item in memory at a time.
type Reader struct {
	d         *xml.Decoder
	started   bool
	inChannel bool
	channel   Channel
	sentChan  bool
	wxr       bool
	count     *countingReader
	repair    *repairReader
	// pending is a record read while the channel record went out first.
	pending *Record
	// rss is the export's <rss> element, whose namespaces a decoder that reads on after a
	// break needs; lineOffset is the line of the file where that decoder's first line is.
	rss        xml.StartElement
	lineOffset int
}

// countingReader counts the bytes read, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// NewReader returns a reader of the export in r. Exports declared in ISO-8859-1 or
// Windows-1252 are decoded to UTF-8; in a UTF-8 export, bytes that are not UTF-8 and
// control characters XML forbids are repaired (each item tells its repairs).
func NewReader(r io.Reader) *Reader {
	c := &countingReader{r: r}
	rep := newRepairReader(c)
	return &Reader{d: newDecoder(rep), count: c, repair: rep}
}

func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = true
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8", "us-ascii", "ascii":
			return in, nil
		case "iso-8859-1", "latin1", "latin-1":
			return charmap.ISO8859_1.NewDecoder().Reader(in), nil
		case "windows-1252", "cp1252":
			return charmap.Windows1252.NewDecoder().Reader(in), nil
		}
		return nil, fmt.Errorf("the encoding %q is not supported; save the export as UTF-8", label)
	}
	// WordPress writes HTML entities in some fields; the XML decoder knows the common ones.
	d.Entity = xml.HTMLEntity
	return d
}

// BytesRead is how much of the file has been read.
func (r *Reader) BytesRead() int64 { return r.count.n }

func (r *Reader) line() int {
	l, _ := r.d.InputPos()
	return l + r.lineOffset
}

func (r *Reader) syntax(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := se.Msg
		if msg == "unexpected EOF" {
			msg = "the file ends in the middle of an element (truncated?)"
		}
		return &SyntaxError{Line: se.Line + r.lineOffset, Msg: msg}
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return &SyntaxError{Line: r.line(), Msg: "the file ends in the middle (truncated?)"}
	}
	return &SyntaxError{Line: r.line(), Msg: err.Error()}
}

// Next returns the next record, io.EOF at the end of a complete export, ErrNotWXR for another
// kind of file, a *SyntaxError for broken XML that nothing readable follows (a truncated
// file, a break outside the items, or one in a non-UTF-8 export) and an *ItemError for an
// item that was skipped (reading goes on).
func (r *Reader) Next() (Record, error) {
	if r.pending != nil {
		rec := *r.pending
		r.pending = nil
		return rec, nil
	}
	for {
		tok, err := r.d.Token()
		if err == io.EOF {
			if !r.started {
				return Record{}, ErrNotWXR
			}
			if r.inChannel {
				return Record{}, &SyntaxError{Line: r.line(), Msg: "the file ends before </channel> (truncated?)"}
			}
			if !r.wxr {
				return Record{}, ErrNotWXR
			}
			if !r.sentChan {
				r.sentChan = true
				ch := r.channel
				return Record{Channel: &ch}, nil
			}
			return Record{}, io.EOF
		}
		if err != nil {
			return Record{}, r.syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if !r.started {
				if t.Name.Local != "rss" {
					return Record{}, ErrNotWXR
				}
				r.started = true
				r.rss = t.Copy()
				continue
			}
			if !r.inChannel {
				if t.Name.Local != "channel" {
					if err := r.d.Skip(); err != nil {
						return Record{}, r.syntax(err)
					}
					continue
				}
				r.inChannel = true
				continue
			}
			if rec, ok, err := r.channelChild(t); err != nil || ok {
				return rec, err
			}
		case xml.EndElement:
			if t.Name.Local == "channel" {
				r.inChannel = false
			}
		}
	}
}

// isWP reports whether a name is in a WordPress export namespace (any WXR version).
func isWP(n xml.Name) bool { return strings.HasPrefix(n.Space, "http://wordpress.org/export/") }

func (r *Reader) channelChild(t xml.StartElement) (Record, bool, error) {
	line := r.line()
	if t.Name.Local == "item" && t.Name.Space == "" {
		if !r.wxr {
			return Record{}, false, ErrNotWXR
		}
		rec, err := r.item(t, line)
		if err == nil {
			return r.first(rec), true, nil
		}
		return rec, true, err
	}
	n, err := r.node(t, MaxItemBytes)
	if err != nil {
		return Record{}, false, err
	}
	wp := isWP(t.Name)
	switch {
	case wp && t.Name.Local == "wxr_version":
		r.wxr = true
		r.channel.Version = n.text
	case wp && t.Name.Local == "base_site_url":
		r.channel.BaseSiteURL = n.text
	case wp && t.Name.Local == "base_blog_url":
		r.channel.BaseBlogURL = n.text
	case t.Name.Space == "" && t.Name.Local == "title":
		r.channel.Title = n.text
	case t.Name.Space == "" && t.Name.Local == "link":
		r.channel.Link = n.text
	case t.Name.Space == "" && t.Name.Local == "language":
		r.channel.Language = n.text
	case wp && t.Name.Local == "author":
		return r.first(Record{Author: authorOf(n)}), true, nil
	case wp && (t.Name.Local == "category" || t.Name.Local == "tag" || t.Name.Local == "term"):
		return r.first(Record{Term: termOf(t.Name.Local, n)}), true, nil
	}
	return Record{}, false, nil
}

// first returns the channel record before the first other record, keeping rec for the next
// call.
func (r *Reader) first(rec Record) Record {
	if r.sentChan {
		return rec
	}
	r.sentChan = true
	r.pending = &rec
	ch := r.channel
	return Record{Channel: &ch}
}

// node is an element read whole: its text (character data and CDATA, concatenated) and its
// child elements.
type node struct {
	name     xml.Name
	attrs    []xml.Attr
	text     string
	children []*node
}

// child returns the first child named local (in any namespace), or an empty node.
func (n *node) child(local string) *node {
	for _, c := range n.children {
		if c.name.Local == local {
			return c
		}
	}
	return &node{}
}

func (n *node) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// node reads the element started by start whole, refusing more than limit bytes of text.
func (r *Reader) node(start xml.StartElement, limit int) (*node, error) {
	root := &node{name: start.Name, attrs: start.Attr}
	stack := []*node{root}
	var texts []strings.Builder = make([]strings.Builder, 1, 8)
	size := 0
	for {
		tok, err := r.d.Token()
		if err != nil {
			return root, r.syntax(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			c := &node{name: t.Name, attrs: t.Attr}
			top := stack[len(stack)-1]
			top.children = append(top.children, c)
			stack = append(stack, c)
			texts = append(texts, strings.Builder{})
		case xml.CharData:
			size += len(t)
			if size > limit {
				return nil, errTooLarge
			}
			texts[len(texts)-1].Write(t)
		case xml.EndElement:
			top := stack[len(stack)-1]
			top.text = strings.TrimSpace(texts[len(texts)-1].String())
			stack, texts = stack[:len(stack)-1], texts[:len(texts)-1]
			if len(stack) == 0 {
				return root, nil
			}
		}
	}
}

var errTooLarge = errors.New("too large")

func authorOf(n *node) *Author {
	return &Author{
		ID: atoi(n.child("author_id").text), Login: n.child("author_login").text, Email: n.child("author_email").text,
		DisplayName: n.child("author_display_name").text, FirstName: n.child("author_first_name").text, LastName: n.child("author_last_name").text,
	}
}

// termOf reads a header term. Names are stored by WordPress with & as &amp; (and other
// characters as entities), which the XML's own decoding leaves in place: they are decoded
// here.
func termOf(kind string, n *node) *Term {
	t := &Term{ID: atoi(n.child("term_id").text)}
	switch kind {
	case "category":
		t.Taxonomy, t.Slug, t.Parent, t.Name = "category", n.child("category_nicename").text, n.child("category_parent").text, n.child("cat_name").text
		t.Description = n.child("category_description").text
	case "tag":
		t.Taxonomy, t.Slug, t.Name, t.Description = "post_tag", n.child("tag_slug").text, n.child("tag_name").text, n.child("tag_description").text
	default:
		t.Taxonomy, t.Slug, t.Parent, t.Name = n.child("term_taxonomy").text, n.child("term_slug").text, n.child("term_parent").text, n.child("term_name").text
		t.Description = n.child("term_description").text
	}
	t.Name = html.UnescapeString(t.Name)
	t.Slug, t.Parent = decodeSlug(t.Slug), decodeSlug(t.Parent)
	return t
}

func (r *Reader) item(start xml.StartElement, line int) (Record, error) {
	n, err := r.node(start, MaxItemBytes)
	if errors.Is(err, errTooLarge) {
		if err := r.d.Skip(); err != nil {
			return Record{}, r.syntax(err)
		}
		return Record{}, &ItemError{Line: line, Msg: fmt.Sprintf("item skipped: more than %d MB of text", MaxItemBytes>>20)}
	}
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) && n != nil {
			// Name the item by what was read of it before the break.
			what := "the item"
			if id := atoi(n.child("post_id").text); id != 0 {
				what = fmt.Sprintf("post %d %q", id, html.UnescapeString(n.child("title").text))
			}
			se.Item = fmt.Sprintf("%s that starts at line %d", what, line)
			if at, ok := r.resume(se.Line); ok {
				return Record{}, &ItemError{Line: line, Msg: fmt.Sprintf("%s: malformed XML at line %d: %s; skipped, reading went on at line %d", what, se.Line, se.Msg, at)}
			}
		}
		return Record{}, err
	}
	it := &Item{Line: line, Repairs: r.repair.take(r.line())}
	for _, c := range n.children {
		wp := isWP(c.name)
		switch l := c.name.Local; {
		case l == "encoded" && strings.Contains(c.name.Space, "/excerpt/"):
			it.Excerpt = c.text
		case !wp && l == "title":
			it.Title = c.text
		case !wp && l == "link":
			it.Link = c.text
		case !wp && l == "pubDate":
			it.PubDate = c.text
		case !wp && l == "creator":
			it.Creator = c.text
		case !wp && l == "guid":
			it.GUID = c.text
		case !wp && l == "encoded":
			it.Content = c.text
		case !wp && l == "category":
			it.Terms = append(it.Terms, ItemTerm{Domain: c.attr("domain"), Slug: decodeSlug(c.attr("nicename")), Name: html.UnescapeString(c.text)})
		case wp && l == "post_id":
			it.PostID = atoi(c.text)
		case wp && l == "post_date":
			it.PostDate = c.text
		case wp && l == "post_date_gmt":
			it.PostDateGMT = c.text
		case wp && l == "post_modified":
			it.Modified = c.text
		case wp && l == "post_modified_gmt":
			it.ModifiedGMT = c.text
		case wp && l == "comment_status":
			it.CommentStatus = c.text
		case wp && l == "post_name":
			it.PostName = decodeSlug(c.text)
		case wp && l == "status":
			it.Status = c.text
		case wp && l == "post_parent":
			it.Parent = atoi(c.text)
		case wp && l == "menu_order":
			it.MenuOrder = int(atoi(c.text))
		case wp && l == "post_type":
			it.PostType = c.text
		case wp && l == "post_password":
			it.Password = c.text
		case wp && l == "is_sticky":
			it.Sticky = c.text == "1"
		case wp && l == "attachment_url":
			it.AttachmentURL = c.text
		case wp && l == "postmeta":
			it.Meta = append(it.Meta, Meta{Key: c.child("meta_key").text, Value: c.child("meta_value").text})
		case wp && l == "comment":
			it.Comments = append(it.Comments, Comment{
				ID: atoi(c.child("comment_id").text), Author: c.child("comment_author").text, AuthorEmail: c.child("comment_author_email").text,
				AuthorURL: c.child("comment_author_url").text, Date: c.child("comment_date").text, DateGMT: c.child("comment_date_gmt").text,
				Content: c.child("comment_content").text, Approved: c.child("comment_approved").text, Type: c.child("comment_type").text,
				Parent: atoi(c.child("comment_parent").text), UserID: atoi(c.child("comment_user_id").text),
			})
		}
	}
	return Record{Item: it}, nil
}

func atoi(s string) int64 {
	var n int64
	for _, c := range strings.TrimSpace(s) {
		if c < '0' || c > '9' || n > 1<<53 {
			return 0
		}
		n = n*10 + int64(c-'0')
	}
	return n
}

// decodeSlug turns a percent-encoded Unicode slug (how WordPress stores an Assamese slug)
// into its text.
func decodeSlug(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	if d, err := url.PathUnescape(s); err == nil && utf8.ValidString(d) {
		return d
	}
	return s
}

// resume reads on after a break in the XML inside an item: it finds the next line that
// starts an <item> and gives the rest of the file, behind the export's <rss> and <channel>
// start tags, to a new decoder. It returns that line, or false when no item follows (a
// truncated file) or the export is in an encoding the decoder converted (its position in
// the file is not known).
func (r *Reader) resume(line int) (int, bool) {
	if r.repair.legacy || r.rss.Name.Local == "" {
		return 0, false
	}
	const start = "<item>"
	var got []byte
	lineStart := false
	for {
		b, err := r.repair.ReadByte()
		if err != nil {
			return 0, false
		}
		switch {
		case b == '\n':
			line++
			lineStart, got = true, got[:0]
			continue
		case !lineStart:
			continue
		case len(got) == 0 && (b == ' ' || b == '\t'):
			continue
		}
		got = append(got, b)
		if !strings.HasPrefix(start, string(got)) {
			lineStart = false
		} else if len(got) == len(start) {
			break
		}
	}
	var p strings.Builder
	p.WriteString("<rss")
	for _, a := range r.rss.Attr {
		name := a.Name.Local
		switch a.Name.Space {
		case "":
		case "xmlns":
			name = "xmlns:" + name
		default:
			continue // xml:lang and the like: nothing the reader needs
		}
		p.WriteString(" " + name + `="`)
		xml.EscapeText(&p, []byte(a.Value))
		p.WriteString(`"`)
	}
	p.WriteString("><channel>" + start)
	d := newDecoder(&prefixed{prefix: []byte(p.String()), rest: r.repair})
	for i := 0; i < 2; i++ { // <rss> and <channel>
		if _, err := d.Token(); err != nil {
			return 0, false
		}
	}
	r.d, r.lineOffset = d, line-1
	return line, true
}
