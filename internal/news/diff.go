package news

import (
	"context"
	"errors"
	"strings"

	"golang.org/x/net/html"

	"github.com/batori-news/batori/internal/db"
)

// DiffOp is one run of a word diff.
type DiffOp struct {
	// Kind is "equal", "insert" or "delete".
	Kind string
	Text string
}

// RevisionPair returns two revisions of an edition by number.
func (s *Store) RevisionPair(ctx context.Context, editionID int64, a, b int) (Revision, Revision, error) {
	get := func(n int) (Revision, error) {
		var r Revision
		err := s.db.QueryRow(ctx, `SELECT number, headline, standfirst, body, COALESCE(user_id, 0), created_at FROM revisions
			WHERE edition_id = ? AND number = ?`, editionID, n).Scan(&r.Number, &r.Headline, &r.Standfirst, &r.Body, &r.UserID, &r.CreatedAt)
		if errors.Is(err, db.ErrNoRows) {
			return r, ErrNotFound
		}
		return r, err
	}
	ra, err := get(a)
	if err != nil {
		return Revision{}, Revision{}, err
	}
	rb, err := get(b)
	return ra, rb, err
}

// Text returns the words of a revision as an editor reads them: headline, standfirst and
// the body's text with a blank line between blocks.
func (r Revision) Text() string {
	parts := []string{r.Headline}
	if r.Standfirst != "" {
		parts = append(parts, r.Standfirst)
	}
	return strings.Join(append(parts, htmlText(r.Body)), "\n\n")
}

// htmlText is the text of an HTML body with paragraph breaks kept.
func htmlText(body string) string {
	var b strings.Builder
	pending := false
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			t := string(z.Text())
			if pending {
				if t = strings.TrimLeft(t, " \n\t\r"); t == "" {
					continue
				}
				if b.Len() > 0 {
					b.WriteString("\n\n")
				}
				pending = false
			}
			b.WriteString(t)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p", "h2", "h3", "h4", "li", "blockquote", "figure", "figcaption", "br", "hr", "pre", "ul", "ol":
				pending = true
			}
		}
	}
}

// maxDiffCells bounds the word diff's table; beyond it the texts are shown as replaced whole,
// which only happens for bodies of many thousands of words.
const maxDiffCells = 4_000_000

// DiffWords compares two texts word by word (whitespace runs kept with the word before them,
// so paragraph breaks survive) and returns the runs of equal, inserted and deleted text.
func DiffWords(a, b string) []DiffOp {
	wa, wb := splitWords(a), splitWords(b)
	if len(wa)*len(wb) > maxDiffCells {
		return compact([]DiffOp{{"delete", a}, {"insert", b}})
	}
	// Longest common subsequence by dynamic programming over the word lists.
	n, m := len(wa), len(wb)
	lcs := make([][]int32, n+1)
	for i := range lcs {
		lcs[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if wa[i] == wb[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []DiffOp
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case wa[i] == wb[j]:
			ops = append(ops, DiffOp{"equal", wa[i]})
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			ops = append(ops, DiffOp{"delete", wa[i]})
			i++
		default:
			ops = append(ops, DiffOp{"insert", wb[j]})
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, DiffOp{"delete", wa[i]})
	}
	for ; j < m; j++ {
		ops = append(ops, DiffOp{"insert", wb[j]})
	}
	return compact(ops)
}

func splitWords(s string) []string {
	var words []string
	start := 0
	inSpace := false
	for i, r := range s {
		space := r == ' ' || r == '\n' || r == '\t' || r == '\r'
		if !space && inSpace {
			words = append(words, s[start:i])
			start = i
		}
		inSpace = space
	}
	if start < len(s) {
		words = append(words, s[start:])
	}
	return words
}

// compact joins neighbouring runs of the same kind and drops empty ones.
func compact(ops []DiffOp) []DiffOp {
	var out []DiffOp
	var b strings.Builder
	kind := ""
	flush := func() {
		if b.Len() > 0 {
			out = append(out, DiffOp{kind, b.String()})
			b.Reset()
		}
	}
	for _, op := range ops {
		if op.Text == "" {
			continue
		}
		if op.Kind != kind {
			flush()
			kind = op.Kind
		}
		b.WriteString(op.Text)
	}
	flush()
	return out
}
