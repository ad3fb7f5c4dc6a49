package site

import (
	"testing"

	"github.com/batori-news/batori/internal/demo"
)

// TestReadingTimeAcrossLanguages reads every demo story that has both editions: the English
// and the Assamese text of one story must promise the same reading time, although Assamese
// has fewer, longer words.
func TestReadingTimeAcrossLanguages(t *testing.T) {
	c, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	minutes := func(body string) int { return readingMinutes(letterCount(body)) }
	pairs := 0
	for _, s := range c.Stories {
		if s.AS == nil {
			continue
		}
		pairs++
		if en, as := minutes(s.EN.Body), minutes(s.AS.Body); en != as {
			t.Errorf("%q reads in %d min in English and %d in Assamese", s.EN.Headline, en, as)
		}
	}
	if pairs == 0 {
		t.Fatal("the demo has no story in both languages")
	}
	if n := letterCount("<p>অসমৰ ২০২৪।</p><p><b>Two</b> words.</p>"); n != 4+4+3+5 {
		t.Errorf("letterCount = %d, want 16 (no spaces, danda or full stop)", n)
	}
}
