package search

import (
	"database/sql"
	"errors"
	"strings"
	"testing"
	"unicode"

	_ "modernc.org/sqlite"

	"github.com/batori-news/batori/internal/fielderr"
)

// FuzzParseQuery feeds the query parser anything a search box can send: it must not panic,
// must refuse only with the query's field errors, must give words of letters, marks and digits
// alone, must read its own key back the same, and must make an FTS5 expression that SQLite
// accepts.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "flood", "Guwahati floods", "গুৱাহাটীত অসমৰ", "অসমর -নৱেম্বৰ", "২০২৪ 1,234,567", `"quoted phrase" OR NEAR(a b)`,
		"-", "--x", "− minus", "a*b^c:d", "don't India's হ’ল", "\u200Dক\u200C্", "ে", "NOT AND OR", "'); DROP TABLE x; --",
	} {
		f.Add(s)
	}
	conn, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		f.Fatal(err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.Exec(`CREATE VIRTUAL TABLE t USING fts5(head, meta, body, facets, content='', contentless_delete=1,
		tokenize="unicode61 categories 'L* N* M* Co' remove_diacritics 0")`); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := ParseQuery(in)
		if err != nil {
			var fe *fielderr.Error
			if !errors.As(err, &fe) || (fe.Code("q") != fielderr.TooLong && fe.Code("q") != fielderr.TooMany) {
				t.Fatalf("ParseQuery(%q): unexpected error %v", in, err)
			}
			return
		}
		for _, list := range [][][]string{q.Words, q.Without} {
			for _, forms := range list {
				if len(forms) == 0 {
					t.Fatalf("ParseQuery(%q): a word without forms", in)
				}
				for _, w := range forms {
					if w == "" || strings.IndexFunc(w, func(r rune) bool { return !isWordRune(r) }) >= 0 {
						t.Fatalf("ParseQuery(%q): form %q holds more than letters, marks and digits", in, w)
					}
				}
			}
		}
		again, err := ParseQuery(q.Key())
		if err == nil && again.Key() != q.Key() {
			t.Fatalf("ParseQuery(%q): key %q reads back as %q", in, q.Key(), again.Key())
		}
		if q.Empty() {
			return
		}
		rows, err := conn.Query("SELECT rowid FROM t WHERE t MATCH ?", q.fts()+` AND facets:"zzfacetlangen"`)
		if err != nil {
			t.Fatalf("ParseQuery(%q): FTS5 refuses %q: %v", in, q.fts(), err)
		}
		rows.Close()
		if strings.ContainsFunc(q.tsquery(), func(r rune) bool { return r == '\\' || unicode.IsControl(r) }) {
			t.Fatalf("ParseQuery(%q): tsquery %q", in, q.tsquery())
		}
	})
}
