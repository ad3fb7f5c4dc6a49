package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Piece is a run of a headline or snippet; Mark says it is a word the query matched. Templates
// write Text escaped, inside <mark> when Mark is set.
type Piece struct {
	Text string
	Mark bool
}

// snippetWords is about how many words a snippet shows.
const snippetWords = 30

// matches reports whether word w (its key) is one the query looks for.
func matches(key string, want map[string]bool) bool {
	for _, f := range forms(key) {
		if want[f] {
			return true
		}
	}
	return false
}

// marker finds the query's words in the texts of one page of results, folding each spelling
// once: those texts repeat the same words again and again, and folding an Assamese word (and
// finding its stems) costs more than looking it up.
type marker struct {
	forms map[string]bool
	keys  map[string]string // a word as written → its key
	hits  map[string]bool   // a key → whether the query looks for it
}

func newMarker(forms map[string]bool) *marker {
	return &marker{forms: forms, keys: map[string]string{}, hits: map[string]bool{}}
}

func (m *marker) key(w string) string {
	k, ok := m.keys[w]
	if !ok {
		k = wordKey(w)
		m.keys[w] = k
	}
	return k
}

func (m *marker) words(text string) []span { return splitWords(text, m.key) }

func (m *marker) matches(key string) bool {
	hit, ok := m.hits[key]
	if !ok {
		hit = matches(key, m.forms)
		m.hits[key] = hit
	}
	return hit
}

// highlight cuts text into pieces, marking the words the query matched.
func highlight(text string, m *marker) []Piece {
	return pieces(text, m.words(text), 0, len(text), m)
}

// pieces cuts text[from:to] at the matched words among ws.
func pieces(text string, ws []span, from, to int, m *marker) []Piece {
	var out []Piece
	at := from
	for _, w := range ws {
		if w.start < from || w.end > to || !m.matches(w.key) {
			continue
		}
		if w.start > at {
			out = append(out, Piece{Text: text[at:w.start]})
		}
		out = append(out, Piece{Text: text[w.start:w.end], Mark: true})
		at = w.end
	}
	if at < to {
		out = append(out, Piece{Text: text[at:to]})
	}
	return out
}

// snippet is the passage of the body with the most matched words, about snippetWords long; the
// standfirst (or the body's start) when the body holds none.
func snippet(m *marker, standfirst, body string) []Piece {
	ws := m.words(body)
	var hits []int // indexes into ws
	for i, w := range ws {
		if m.matches(w.key) {
			hits = append(hits, i)
		}
	}
	if len(hits) == 0 {
		if standfirst != "" {
			return highlight(standfirst, m)
		}
		if len(ws) == 0 {
			return nil
		}
		return window(body, ws, 0, m)
	}
	// The window of snippetWords words holding the most hits, starting a few words before
	// its first.
	best, bestN := hits[0], 0
	for i, j := 0, 0; i < len(hits); i++ {
		for j < len(hits) && hits[j] < hits[i]+snippetWords {
			j++
		}
		if j-i > bestN {
			best, bestN = hits[i], j-i
		}
	}
	return window(body, ws, max(0, best-snippetWords/5), m)
}

// window is the snippet of body starting at word first, with an ellipsis where it cuts.
func window(body string, ws []span, first int, m *marker) []Piece {
	last := min(len(ws), first+snippetWords) - 1
	from, to := ws[first].start, ws[last].end
	if first == 0 {
		from = 0
	}
	if last == len(ws)-1 {
		to = len(body)
	}
	out := pieces(body, ws, from, to, m)
	for i := range out {
		// Line breaks between paragraphs read as spaces in one line.
		out[i].Text = squash(out[i].Text)
	}
	if from > 0 {
		out = append([]Piece{{Text: "… "}}, out...)
	}
	if to < len(body) {
		out = append(out, Piece{Text: " …"})
	}
	return out
}

// squash writes each run of white space in s as one space.
func squash(s string) string {
	if s == "" {
		return s
	}
	out := strings.Join(strings.Fields(s), " ")
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsSpace(first) {
		out = " " + out
	}
	if unicode.IsSpace(last) && out != " " {
		out += " "
	}
	return out
}
