package channels_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/channels"
)

// TestMessageHTML: Telegram's HTML parse mode gets the headline and link escaped, and a long
// headline is cut (never the link) to fit the limit as Telegram counts it, entities read.
func TestMessageHTML(t *testing.T) {
	m := channels.Message{Headline: `Tom & Jerry's <b>"flood"</b>`, URL: `https://news.example.org/news/1/a?x=1&y="2"`, LinkText: "Read"}
	want := "<b>Tom &amp; Jerry&#39;s &lt;b&gt;&#34;flood&#34;&lt;/b&gt;</b>\n\n" +
		`<a href="https://news.example.org/news/1/a?x=1&amp;y=&#34;2&#34;">Read</a>`
	if got := m.HTML(1024); got != want {
		t.Errorf("HTML\n%q\nwant\n%q", got, want)
	}
	long := channels.Message{Headline: strings.Repeat("ব্ৰহ্মপুত্ৰ ", 200), URL: "https://news.example.org/as/news/1/x", LinkText: "বাতৰিটো পঢ়ক"}
	got := long.HTML(1024)
	text := strings.NewReplacer("<b>", "", "</b>", "", `<a href="https://news.example.org/as/news/1/x">`, "", "</a>", "").Replace(got)
	if n := utf8.RuneCountInString(text); n > 1024 {
		t.Errorf("caption of %d characters, over 1024", n)
	}
	if !strings.Contains(got, "…</b>") || !strings.HasSuffix(got, "বাতৰিটো পঢ়ক</a>") {
		t.Errorf("long headline not cut before the link: %q", got[len(got)-200:])
	}
}
