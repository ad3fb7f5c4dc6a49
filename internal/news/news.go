// Package news holds stories and their language editions, sections, tags and author profiles,
// and the rules for saving, revising and publishing them. It owns its SQL.
package news

import (
	"context"
	"errors"
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
	// lists, when set (KeepLists), holds counts and page boundaries of published lists
	// between publications (listing_kept.go).
	lists *listMemo
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
