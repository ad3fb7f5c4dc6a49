package formguard

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// Limit is how many posts one subject may make in a window.
type Limit struct {
	Max    int
	Window time.Duration
}

// LimitError says a subject has used up its limit, and when it may post again.
type LimitError struct {
	// Scope names what was counted ("enquiry-addr", "register"…).
	Scope      string
	RetryAfter time.Duration
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("too many posts (%s), try again in %s", e.Scope, e.RetryAfter.Round(time.Second))
}

// Is makes every LimitError match ErrLimited.
func (e *LimitError) Is(target error) bool { return target == ErrLimited }

// pruneEvery is how often a node deletes expired counters.
const pruneEvery = 10 * time.Minute

// Hit counts one post by who (a ClientKey, an e-mail address…) in scope, inside tx, and
// returns a *LimitError when the post would exceed l; a Max of 0 or less counts nothing. The
// count is a fixed window that opens with the first post; it belongs to tx, so a post that is
// refused later, or rolled back, is not counted. The upsert is atomic on both databases, so
// concurrent posts cannot all slip under the limit, and every node sees the same counts. The
// stored key is a hash: the table holds no address.
func (g *Guard) Hit(ctx context.Context, tx *db.Tx, scope, who string, l Limit) error {
	if l.Max <= 0 {
		return nil
	}
	key := limitKey(scope, who)
	// Whole seconds: SQLite compares the stored times as text.
	now := g.clock().Truncate(time.Second)
	var hits int
	var expires time.Time
	err := tx.QueryRow(ctx, `INSERT INTO form_limits (key, hits, expires_at) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN form_limits.expires_at <= ? THEN 1 ELSE form_limits.hits + 1 END,
			expires_at = CASE WHEN form_limits.expires_at <= ? THEN excluded.expires_at ELSE form_limits.expires_at END
		RETURNING hits, expires_at`, key, now.Add(l.Window).Truncate(time.Second), now, now).Scan(&hits, &expires)
	if err != nil {
		return fmt.Errorf("count post for rate limit: %w", err)
	}
	if hits <= l.Max {
		return nil
	}
	return &LimitError{Scope: scope, RetryAfter: max(expires.Sub(now), time.Second)}
}

// Allow is Hit in a transaction of its own, for forms whose post is not stored with the count.
func (g *Guard) Allow(ctx context.Context, scope, who string, l Limit) error {
	err := g.db.InTx(ctx, func(tx *db.Tx) error { return g.Hit(ctx, tx, scope, who, l) })
	g.Prune(ctx)
	return err
}

// Prune deletes expired counters, at most every ten minutes per node. Callers of Hit call it
// after their transaction, not inside it.
func (g *Guard) Prune(ctx context.Context) {
	now := g.clock()
	last := g.shared.lastPrune.Load()
	if now.Unix()-last < int64(pruneEvery/time.Second) || !g.shared.lastPrune.CompareAndSwap(last, now.Unix()) {
		return
	}
	// Best effort: a counter left behind is reset by its next hit anyway.
	g.db.Exec(ctx, "DELETE FROM form_limits WHERE expires_at <= ?", now.Truncate(time.Second))
}

// limitKey is the stored key of who's count in scope. It is a plain hash, not a keyed one:
// reading the secret inside the caller's transaction would wait for it on SQLite, and subjects
// are either client keys (already keyed hashes) or e-mail addresses, which the posts they
// count are stored with anyway.
func limitKey(scope, who string) string {
	sum := sha256.Sum256([]byte(scope + "\x00" + who))
	return scope + ":" + base64.RawURLEncoding.EncodeToString(sum[:18])
}
