package seed

import (
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/locale"
)

// TestWordsAreNormalAssamese checks every word list once, so stories built from them need no
// normalising: NFC, and ৰ (never the Bengali র) in the Assamese.
func TestWordsAreNormalAssamese(t *testing.T) {
	for _, list := range [][]pair{places, subjects, actions, days, remarks, standfirsts, firstNames, surnames, opinions} {
		for _, p := range list {
			if p.en == "" || p.as == "" {
				t.Errorf("incomplete pair %q / %q", p.en, p.as)
			}
			if locale.Normalize(p.as) != p.as {
				t.Errorf("%q is not normalised", p.as)
			}
			if strings.ContainsRune(p.as, 'র') {
				t.Errorf("%q has the Bengali র", p.as)
			}
		}
	}
}
