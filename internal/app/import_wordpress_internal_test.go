package app

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/wpimport"
)

// TestImportProgressAndSummary: the terminal's progress line redraws itself in place, and the
// summary gives the counts per kind, each warning and each skipped item with its reason.
func TestImportProgressAndSummary(t *testing.T) {
	var bar bytes.Buffer
	draw := progressBar(&bar, 1000)
	draw(1, 250, 10)
	draw(2, 1000, 120)
	draw(2, 5000, 130) // a file that grew while read: never past 100%
	want := "\rpictures [#######.......................]  25%  10 items" +
		"\rposts    [##############################] 100%  120 items" +
		"\rposts    [##############################] 100%  130 items"
	if bar.String() != want {
		t.Errorf("progress:\n%q\nwant\n%q", bar.String(), want)
	}
	if isTerminal(&bar) {
		t.Error("a buffer is a terminal")
	}

	var out bytes.Buffer
	printSummary(&out, &wpimport.Summary{
		Counts:   map[string]int{"posts": 90, "comments": 12},
		Warnings: []string{`line 9, post 3 "A": the sanitiser removed script`},
		Skipped:  []string{`line 20, post 7 "B": in the trash`},
	}, false, 2*time.Second)
	for _, want := range []string{"Imported in 2s:", "  comments           12\n  posts              90\n", "posts per second   45",
		"Warnings (1):\n  line 9, post 3 \"A\": the sanitiser removed script", "Skipped (1):\n  line 20, post 7 \"B\": in the trash"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, out.String())
		}
	}
}
