package locale

import (
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
	"footer_about":             "{0}",
	"copyright":                "{1}",
	"nr_view_site":             "{0}",
	"nr_register_intro":        "{0}",
	"contact_intro":            "{0}",
	"contact_description":      "{0}",
	"enquiry_description":      "{0}",
	"nr_mail_signature":        "{0}",
	"comments_mail_signature":  "{0}",
	"nr_enq_mail_reply_footer": "{1}",
}

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
