package translation

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// Glossary holds how names must be written in each language: the newsroom edits it, requests
// carry the terms they contain to engines that take a glossary, and every translation is
// checked against it. The migration seeds it with the proper nouns of the Assamese style notes.
type Glossary struct {
	db  *db.DB
	now func() time.Time
}

// NewGlossary returns the glossary in d.
func NewGlossary(d *db.DB) *Glossary { return &Glossary{db: d, now: time.Now} }

// Entry is one glossary term in both languages.
type Entry struct {
	ID        int64
	English   string
	Assamese  string
	UpdatedAt time.Time
}

// BengaliRa reports whether the Assamese spelling has Bengali র (U+09B0), a likely typo for ৰ.
func (e Entry) BengaliRa() bool { return locale.BengaliRa(e.Assamese) != nil }

// Term returns the entry as a term from src to tgt.
func (e Entry) Term(src, tgt locale.Lang) Term {
	if src == locale.Assamese && tgt == locale.English {
		return Term{Source: e.Assamese, Target: e.English}
	}
	return Term{Source: e.English, Target: e.Assamese}
}

// ErrGlossaryNotFound is returned for an entry that does not exist.
var ErrGlossaryNotFound = errors.New("glossary entry not found")

// maxTermLen bounds a term, in characters.
const maxTermLen = 100

// clean normalises an entry as typed (spaces collapsed, NFC) and checks it.
func (e *Entry) clean() error {
	e.English = strings.Join(strings.Fields(locale.Normalize(e.English)), " ")
	e.Assamese = strings.Join(strings.Fields(locale.Normalize(e.Assamese)), " ")
	var v fielderr.Error
	if v.Required("english", e.English) {
		v.MaxLen("english", e.English, maxTermLen)
	}
	if v.Required("assamese", e.Assamese) {
		v.MaxLen("assamese", e.Assamese, maxTermLen)
	}
	return v.OrNil()
}

func termKey(english string) string { return strings.ToLower(english) }

// List returns every entry, by English term.
func (g *Glossary) List(ctx context.Context) ([]Entry, error) {
	rows, err := g.db.Query(ctx, "SELECT id, term_en, term_as, updated_at FROM mt_glossary ORDER BY term_key")
	if err != nil {
		return nil, fmt.Errorf("read glossary: %w", err)
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.English, &e.Assamese, &e.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Get returns one entry.
func (g *Glossary) Get(ctx context.Context, id int64) (Entry, error) {
	var e Entry
	err := g.db.QueryRow(ctx, "SELECT id, term_en, term_as, updated_at FROM mt_glossary WHERE id = ?", id).
		Scan(&e.ID, &e.English, &e.Assamese, &e.UpdatedAt)
	if errors.Is(err, db.ErrNoRows) {
		return e, ErrGlossaryNotFound
	}
	return e, err
}

// Add stores a new entry; an English term already present (in any case) is a field error
// (english: taken).
func (g *Glossary) Add(ctx context.Context, e Entry) (Entry, error) {
	if err := e.clean(); err != nil {
		return e, err
	}
	e.UpdatedAt = g.now().UTC()
	err := g.db.InTx(ctx, func(tx *db.Tx) error {
		if err := g.unique(ctx, tx, e.English, 0); err != nil {
			return err
		}
		id, err := tx.InsertID(ctx, "INSERT INTO mt_glossary (term_en, term_as, term_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
			e.English, e.Assamese, termKey(e.English), e.UpdatedAt, e.UpdatedAt)
		e.ID = id
		return err
	})
	return e, err
}

// Update changes an entry's spellings.
func (g *Glossary) Update(ctx context.Context, e Entry) (Entry, error) {
	if err := e.clean(); err != nil {
		return e, err
	}
	e.UpdatedAt = g.now().UTC()
	err := g.db.InTx(ctx, func(tx *db.Tx) error {
		if err := g.unique(ctx, tx, e.English, e.ID); err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE mt_glossary SET term_en = ?, term_as = ?, term_key = ?, updated_at = ? WHERE id = ?",
			e.English, e.Assamese, termKey(e.English), e.UpdatedAt, e.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrGlossaryNotFound
		}
		return nil
	})
	return e, err
}

func (g *Glossary) unique(ctx context.Context, tx *db.Tx, english string, id int64) error {
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM mt_glossary WHERE term_key = ? AND id <> ?", termKey(english), id).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fielderr.New("english", fielderr.Taken)
	}
	return nil
}

// Delete removes an entry.
func (g *Glossary) Delete(ctx context.Context, id int64) error {
	res, err := g.db.Exec(ctx, "DELETE FROM mt_glossary WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("delete glossary entry: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrGlossaryNotFound
	}
	return nil
}

// Terms returns the glossary as terms from src to tgt, longest source first so that
// "United States" is found before a shorter term inside it.
func (g *Glossary) Terms(ctx context.Context, src, tgt locale.Lang) ([]Term, error) {
	list, err := g.List(ctx)
	if err != nil {
		return nil, err
	}
	terms := make([]Term, len(list))
	for i, e := range list {
		terms[i] = e.Term(src, tgt)
	}
	sort.SliceStable(terms, func(i, j int) bool {
		return utf8.RuneCountInString(terms[i].Source) > utf8.RuneCountInString(terms[j].Source)
	})
	return terms, nil
}

// TermsIn returns the terms whose source spelling occurs in any of texts, written in src.
func TermsIn(terms []Term, src locale.Lang, texts ...string) []Term {
	var out []Term
	for _, t := range terms {
		for _, s := range texts {
			if containsTerm(s, t.Source, src) {
				out = append(out, t)
				break
			}
		}
	}
	return out
}
