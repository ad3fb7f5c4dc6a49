package wpimport

import (
	"fmt"
	"html"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// picture is an imported attachment as bodies and featured images refer to it.
type picture struct {
	MediaID int64
	Key     string
	Width   int
	Height  int
	Alt     string
	Caption string
	Credit  string
}

func (p picture) img(alt string) string {
	if alt == "" {
		alt = p.Alt
	}
	return fmt.Sprintf(`<img src="/media/%s" alt="%s" width="%d" height="%d" data-media-id="%d">`,
		p.Key, html.EscapeString(alt), p.Width, p.Height, p.MediaID)
}

// pictures finds imported attachments by WordPress id and by file name (without WordPress's
// size suffix, -300x200).
type pictures interface {
	byID(id int64) (picture, bool)
	byFile(name string) (picture, bool)
	children(parent int64) []int64
}

// bodyResult is a converted body and what the conversion could not keep.
type bodyResult struct {
	HTML string
	// Missing lists pictures the body refers to that were not imported.
	Missing []string
	// Shortcodes counts shortcodes that had no equivalent and were removed, by name.
	Shortcodes map[string]int
}

var (
	reBlockComment = regexp.MustCompile(`<!--\s*/?wp:[\s\S]*?-->`)
	reCaption      = regexp.MustCompile(`(?s)\[caption([^\]]*)\](.*?)\[/caption\]`)
	reEmbed        = regexp.MustCompile(`(?s)\[embed[^\]]*\](.*?)\[/embed\]`)
	reGallery      = regexp.MustCompile(`\[gallery([^\]]*)\]`)
	reVideo        = regexp.MustCompile(`(?s)\[(video|audio)([^\]]*)\](?:(.*?)\[/(?:video|audio)\])?`)
	reShortcode    = regexp.MustCompile(`\[(/?)([a-z][a-z0-9_-]*)((?:\s+[a-z0-9_-]+="[^"\]]*")*|\s[^\]]*)?\]`)
	reImg          = regexp.MustCompile(`(?i)<img\b[^>]*>`)
	reAttr         = regexp.MustCompile(`(?i)\b([a-z][a-z0-9_-]*)\s*=\s*("([^"]*)"|'([^']*)')`)
	reWPImage      = regexp.MustCompile(`\bwp-image-([0-9]+)\b`)
	reSizeSuffix   = regexp.MustCompile(`-[0-9]+x[0-9]+(\.[a-zA-Z0-9]+)$`)
	reAnchorImg    = regexp.MustCompile(`(?is)<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>`)
	reBlockStart   = regexp.MustCompile(`(?i)^<(p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|hr|section|article|iframe|dl)\b`)
	reStartTag     = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)`)
	reParaBreak    = regexp.MustCompile(`\n\s*\n`)
	reTag          = regexp.MustCompile(`<[^>]*>`)
)

// shortcodeAttrs reads key="value" pairs of a shortcode.
func shortcodeAttrs(s string) map[string]string {
	out := map[string]string{}
	for _, m := range reAttr.FindAllStringSubmatch(s, -1) {
		v := m[3]
		if m[4] != "" {
			v = m[4]
		}
		out[strings.ToLower(m[1])] = v
	}
	return out
}

// convertBody turns a WordPress post's content into Batori's body markup: Gutenberg's block
// comments go, [caption] becomes a figure, [embed] and [video] links, [gallery] figures of its
// pictures, classic line breaks paragraphs, and every picture of the old site one of ours.
func convertBody(content string, postID int64, pics pictures) bodyResult {
	res := bodyResult{Shortcodes: map[string]int{}}
	s := reBlockComment.ReplaceAllString(content, "")
	s = reCaption.ReplaceAllStringFunc(s, func(m string) string {
		parts := reCaption.FindStringSubmatch(m)
		inner := parts[2]
		img := reImg.FindString(inner)
		capText := strings.TrimSpace(reImg.ReplaceAllString(reAnchorImg.ReplaceAllString(inner, ""), ""))
		if capText == "" {
			capText = shortcodeAttrs(parts[1])["caption"]
		}
		capText = strings.TrimSpace(stripTags(capText))
		out := "\n\n<figure>" + img
		if capText != "" {
			out += "<figcaption>" + html.EscapeString(html.UnescapeString(capText)) + "</figcaption>"
		}
		return out + "</figure>\n\n"
	})
	s = reEmbed.ReplaceAllStringFunc(s, func(m string) string {
		u := strings.TrimSpace(reEmbed.FindStringSubmatch(m)[1])
		return "\n\n" + linkPara(u) + "\n\n"
	})
	s = reGallery.ReplaceAllStringFunc(s, func(m string) string {
		a := shortcodeAttrs(reGallery.FindStringSubmatch(m)[1])
		var ids []int64
		if a["ids"] != "" {
			for _, f := range strings.Split(a["ids"], ",") {
				if id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
					ids = append(ids, id)
				}
			}
		} else if pics != nil {
			ids = pics.children(postID)
		}
		var b strings.Builder
		for _, id := range ids {
			p, ok := picOf(pics, id)
			if !ok {
				res.Missing = append(res.Missing, "attachment "+strconv.FormatInt(id, 10))
				continue
			}
			b.WriteString("\n\n<figure>" + p.img("") + "</figure>\n\n")
		}
		return b.String()
	})
	s = reVideo.ReplaceAllStringFunc(s, func(m string) string {
		parts := reVideo.FindStringSubmatch(m)
		a := shortcodeAttrs(parts[2])
		u := a["src"]
		for _, k := range []string{"mp4", "webm", "m4v", "ogv", "mp3", "ogg", "wav"} {
			if u == "" {
				u = a[k]
			}
		}
		if u == "" {
			u = strings.TrimSpace(parts[3])
		}
		if u == "" {
			return ""
		}
		return "\n\n" + linkPara(u) + "\n\n"
	})
	// Shortcodes of plugins with no equivalent: the tags go, their words stay.
	s = reShortcode.ReplaceAllStringFunc(s, func(m string) string {
		parts := reShortcode.FindStringSubmatch(m)
		if parts[1] == "" {
			res.Shortcodes[parts[2]]++
		}
		return ""
	})
	s = autop(s)
	s = reAnchorImg.ReplaceAllString(s, "$1")
	s = reImg.ReplaceAllStringFunc(s, func(tag string) string {
		a := shortcodeAttrs(tag)
		if strings.HasPrefix(a["src"], "/media/") {
			// One of ours already (a gallery's).
			return tag
		}
		var p picture
		var ok bool
		if m := reWPImage.FindStringSubmatch(a["class"]); m != nil {
			id, _ := strconv.ParseInt(m[1], 10, 64)
			p, ok = picOf(pics, id)
		}
		if !ok && pics != nil && a["src"] != "" {
			p, ok = pics.byFile(baseFile(a["src"]))
		}
		if !ok {
			res.Missing = append(res.Missing, a["src"])
			return ""
		}
		return p.img(html.UnescapeString(a["alt"]))
	})
	res.HTML = strings.TrimSpace(s)
	return res
}

func picOf(pics pictures, id int64) (picture, bool) {
	if pics == nil {
		return picture{}, false
	}
	return pics.byID(id)
}

func linkPara(u string) string {
	e := html.EscapeString(html.UnescapeString(u))
	return `<p><a href="` + e + `">` + e + `</a></p>`
}

// baseFile is an upload's file name without its folder, query and size suffix:
// https://old.example/wp-content/uploads/2020/05/flood-300x200.jpg → flood.jpg.
func baseFile(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	name := strings.ToLower(path.Base(u))
	name = strings.Replace(name, "-scaled.", ".", 1)
	return reSizeSuffix.ReplaceAllString(name, "$1")
}

// autop makes paragraphs of classic content: a blank line ends a paragraph, a single line
// break is a <br>. Blocks that are HTML elements already are left as they are.
func autop(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	var b strings.Builder
	for _, para := range reParaBreak.Split(s, -1) {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		if reBlockStart.MatchString(para) {
			b.WriteString(para + "\n")
			continue
		}
		b.WriteString("<p>" + strings.ReplaceAll(para, "\n", "<br>\n") + "</p>\n")
	}
	return b.String()
}

func stripTags(s string) string { return reTag.ReplaceAllString(s, "") }

// dropped compares the elements of a body before and after sanitising and reports those the
// sanitiser removed, with how many ("script ×2, iframe"), or "" when nothing went.
func dropped(before, after string) string {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, t := range reStartTag.FindAllStringSubmatch(s, -1) {
			m[strings.ToLower(t[1])]++
		}
		return m
	}
	a, b := count(before), count(after)
	var out []string
	for name, n := range a {
		if d := n - b[name]; d > 0 {
			if d == 1 {
				out = append(out, name)
			} else {
				out = append(out, fmt.Sprintf("%s ×%d", name, d))
			}
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}
