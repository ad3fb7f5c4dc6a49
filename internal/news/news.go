// Package news holds stories and their language editions, sections, tags and author profiles,
// and the rules for saving, revising and publishing them. It owns its SQL.
package news

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/memo"
)

// ErrNotFound is returned when a story, edition, section, tag or author does not exist (or,
// for readers, is not published).
var ErrNotFound = errors.New("not found")

// ErrConflict is returned when an edition was saved by someone else since the caller loaded it.
var ErrConflict = errors.New("edition was changed by someone else since you opened it")

// Status is an edition's place in the editorial workflow.
type Status string

// The workflow states of an edition.
const (
	Draft       Status = "draft"
	Submitted   Status = "submitted"
	Scheduled   Status = "scheduled"
	Published   Status = "published"
	Unpublished Status = "unpublished"
)

// Store reads and writes the newsroom's content.
type Store struct {
	db  *db.DB
	now func() time.Time
	// kept, when set (Keep), holds the sections between their changes.
	kept *memo.Value[[]Section]
	// counts, when set (KeepCounts), holds the counts of published lists between
	// publications.
	counts *countMemo
}

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d, now: time.Now} }

// WithClock returns a copy of the store that takes the time from now; the demo loader uses it
// to date stories in the past, tests to control "Updated On".
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

// Keep makes the store keep the sections in memory for KeptSections and the lists of
// teasers, until g is forgotten or for at most maxAge; call it before the store is used.
func (s *Store) Keep(g *memo.Gen, maxAge time.Duration) {
	s.kept = memo.New(g, maxAge, s.Sections)
}

// KeepCounts makes CountPublished keep each count until g is forgotten, which the owner does
// whenever a publication may have changed a list, or for at most maxAge (what no event tells:
// another process writing the same SQLite file); call it before the store is used.
func (s *Store) KeepCounts(g *memo.Gen, maxAge time.Duration) {
	s.counts = &countMemo{gen: g, maxAge: maxAge, kept: map[Filter]int{}}
}

// countMemo holds counts of published editions by filter.
type countMemo struct {
	gen    *memo.Gen
	maxAge time.Duration
	mu     sync.Mutex
	at     uint64    // the generation kept belongs to
	since  time.Time // when kept was started
	kept   map[Filter]int
}

// maxCounts bounds the filters kept; past it the memo starts over.
const maxCounts = 10000

func (c *countMemo) get(ctx context.Context, f Filter, count func(context.Context, Filter) (int, error)) (int, error) {
	gen := c.gen.Current()
	now := time.Now()
	c.mu.Lock()
	if c.at != gen || now.Sub(c.since) >= c.maxAge {
		c.at, c.since, c.kept = gen, now, map[Filter]int{}
	}
	n, ok := c.kept[f]
	c.mu.Unlock()
	if ok {
		return n, nil
	}
	n, err := count(ctx, f)
	if err != nil {
		return 0, err
	}
	c.mu.Lock()
	if c.at == gen && c.gen.Current() == gen {
		if len(c.kept) >= maxCounts {
			c.kept = map[Filter]int{}
		}
		c.kept[f] = n
	}
	c.mu.Unlock()
	return n, nil
}

// KeptSections are the sections as Keep holds them (read now when the store keeps nothing);
// the list is shared and must not be modified.
func (s *Store) KeptSections(ctx context.Context) ([]Section, error) {
	if s.kept == nil {
		return s.Sections(ctx)
	}
	return s.kept.Get(ctx)
}

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Names holds a name in each language.
type Names struct{ EN, AS string }

// In returns the name in lang, falling back to English.
func (n Names) In(lang locale.Lang) string {
	if lang == locale.Assamese && n.AS != "" {
		return n.AS
	}
	return n.EN
}

// ids runs a query returning one id column.
func (s *Store) ids(ctx context.Context, q string, args ...any) ([]int64, error) {
	return db.IDs(ctx, s.db, q, args...)
}
