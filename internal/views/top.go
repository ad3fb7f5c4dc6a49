package views

import (
	"context"
	"sync"
	"time"

	"github.com/batori-news/batori/internal/locale"
)

// Top remembers "Most read" rankings for a short while, so that rendering many article pages
// asks the database once per language and window, not once per page.
type Top struct {
	store *Store
	ttl   time.Duration
	now   func() time.Time

	mu   sync.Mutex
	memo map[topKey]topEntry
}

type topKey struct {
	lang   locale.Lang
	window time.Duration
	limit  int
}

type topEntry struct {
	ranks []Rank
	until time.Time
}

// NewTop returns rankings over store kept for ttl.
func NewTop(store *Store, ttl time.Duration, now func() time.Time) *Top {
	if now == nil {
		now = time.Now
	}
	return &Top{store: store, ttl: ttl, now: now, memo: map[topKey]topEntry{}}
}

// MostRead lists the stories in lang most read within window before now, at most limit.
func (t *Top) MostRead(ctx context.Context, lang locale.Lang, window time.Duration, limit int) ([]Rank, error) {
	k := topKey{lang, window, limit}
	now := t.now()
	t.mu.Lock()
	e, ok := t.memo[k]
	t.mu.Unlock()
	if ok && now.Before(e.until) {
		return e.ranks, nil
	}
	ranks, err := t.store.MostRead(ctx, lang, now.Add(-window), limit)
	if err != nil {
		return nil, err
	}
	t.mu.Lock()
	t.memo[k] = topEntry{ranks: ranks, until: now.Add(t.ttl)}
	t.mu.Unlock()
	return ranks, nil
}
