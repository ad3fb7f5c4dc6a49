package locale

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAssameseTerminology holds every Assamese message to the catalog's word list.
func TestAssameseTerminology(t *testing.T) {
	for _, term := range Terminology {
		if term.Use == "" || term.Why == "" || len(term.Avoid) == 0 {
			t.Errorf("term %q lacks its word, its reason or its variants", term.Idea)
		}
		used := false
		for _, k := range Keys() {
			msg := messagesAS[k]
			if strings.Contains(msg, term.Use) {
				used = true
			}
			if !keyIn(k, term.Keys) {
				continue
			}
			for _, bad := range term.Avoid {
				if at := avoided(msg, bad, term); at >= 0 {
					t.Errorf("%s: %q writes %q for %s; the catalog writes %q (%s)", k, msg, bad, term.Idea, term.Use, term.Why)
				}
			}
		}
		if !used {
			t.Errorf("no message uses %q for %s: drop the term or use it", term.Use, term.Idea)
		}
	}
}

// avoided returns the byte offset of the first occurrence of bad in msg that the term
// forbids, or -1.
func avoided(msg, bad string, term Term) int {
	for from := 0; ; {
		i := strings.Index(msg[from:], bad)
		if i < 0 {
			return -1
		}
		i += from
		from = i + len(bad)
		if strings.HasPrefix(term.Use, bad) && strings.HasPrefix(msg[i:], term.Use) {
			continue
		}
		excepted := false
		for _, ok := range term.Except {
			for j := max(0, i-len(ok)); j <= i && !excepted; j++ {
				excepted = strings.HasPrefix(msg[j:], ok) && j+len(ok) >= i+len(bad)
			}
		}
		if !excepted {
			return i
		}
	}
}

func keyIn(key string, parts []string) bool {
	if len(parts) == 0 {
		return true
	}
	for _, p := range parts {
		if strings.Contains(key, p) {
			return true
		}
	}
	return false
}

// siteNameArgs are the messages that insert the site's name, with its placeholder. The
// default Assamese name বাতৰি is also the word for news, so an unquoted name reads as part
// of the sentence ("বাতৰিলৈ বাতৰি পঠিয়াওক"): Assamese messages quote it «…».
var siteNameArgs = map[string]string{
	"footer_about":              "{0}",
	"copyright":                 "{1}",
	"nr_view_site":              "{0}",
	"nr_register_intro":         "{0}",
	"contact_intro":             "{0}",
	"contact_description":       "{0}",
	"enquiry_description":       "{0}",
	"nr_mail_signature":         "{0}",
	"comments_mail_signature":   "{0}",
	"nr_enq_mail_reply_footer":  "{1}",
	"digest_intro":              "{0}",
	"digest_mail_confirm_body":  "{0}",
	"digest_mail_confirm_intro": "{0}",
	"digest_mail_intro":         "{0}",
	"digest_mail_more_button":   "{0}",
	"digest_mail_why":           "{0}",
	"enquiry_mail_ack_body":     "{0}",
	"enquiry_mail_signature":    "{0}",
}

// siteNameTitles are messages given the site's name that are titles, not sentences: the name
// stands apart from the words (a feed named "বাতৰি — অসম"), so it needs no quotes.
var siteNameTitles = map[string]bool{"feed_of": true, "feed_title_all": true}

func TestAssameseQuotesSiteName(t *testing.T) {
	for k, ph := range siteNameArgs {
		msg, ok := messagesAS[k]
		if !ok {
			t.Errorf("no message %s", k)
			continue
		}
		if !strings.Contains(msg, "«"+ph+"»") {
			t.Errorf("%s: %q inserts the site name %s unquoted; write «%s»", k, msg, ph, ph)
		}
		if strings.Count(msg, ph) != strings.Count(msg, "«"+ph+"»") {
			t.Errorf("%s: %q inserts the site name unquoted somewhere", k, msg)
		}
	}
	// The catalog's own words for the product name it as a name too.
	for _, k := range Keys() {
		msg := messagesAS[k]
		for _, bad := range []string{"বাতৰিয়ে", "বাতৰিলৈ যাওক"} {
			if strings.Contains(msg, bad) {
				t.Errorf("%s: %q uses বাতৰি as a name without quotes", k, msg)
			}
		}
	}
}

// TestSiteNameArgsListed reads the code and the templates for every message they give the
// site's name to (p.Site.Name, site.Name(...), or the name the mail composer takes from it),
// so that a new message that inserts the name cannot escape TestAssameseQuotesSiteName.
func TestSiteNameArgsListed(t *testing.T) {
	found := map[string]string{}
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, "_test.go") {
			return err
		}
		goFile, tmpl := strings.HasSuffix(path, ".go"), strings.HasSuffix(path, ".html")
		if !goFile && !tmpl {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		src := string(b)
		// The mail composer names the site `name` (name := site.Name(lang)).
		nameIsSite := goFile && strings.Contains(src, "name := site.Name(")
		call := `.T("`
		if tmpl {
			call = `.T "`
		}
		for i := strings.Index(src, call); i >= 0; i = next(src, call, i) {
			rest := src[i+len(call):]
			end := strings.IndexByte(rest, '"')
			key := rest[:end]
			for n, arg := range callArgs(rest[end+1:], tmpl) {
				if strings.Contains(arg, "Site.Name") || strings.HasPrefix(arg, "site.Name(") || (nameIsSite && arg == "name") {
					found[key] = fmt.Sprintf("{%d}", n-1)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < len(siteNameArgs) {
		t.Fatalf("found only %d messages given the site's name (%v): the scan is broken", len(found), found)
	}
	for k, ph := range found {
		if siteNameTitles[k] {
			continue
		}
		if got, ok := siteNameArgs[k]; !ok || got != ph {
			t.Errorf("%s is given the site's name as %s: list it in siteNameArgs", k, ph)
		}
	}
}

func next(src, call string, i int) int {
	j := strings.Index(src[i+1:], call)
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// callArgs splits the arguments that follow a message key: a Go call's up to its closing
// parenthesis, a template call's up to the end of its pipeline.
func callArgs(s string, tmpl bool) []string {
	var args []string
	depth, start := 0, 0
	sep := byte(',')
	if tmpl {
		sep = ' '
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(' || c == '[' || c == '{' && !tmpl:
			depth++
		case c == ')' || c == ']' || c == '}' && !tmpl:
			if depth == 0 {
				return append(args, strings.TrimSpace(s[start:i]))
			}
			depth--
		case c == '}' && tmpl && depth == 0:
			return append(args, strings.TrimSpace(s[start:i]))
		case c == sep && depth == 0:
			args = append(args, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	return args
}
