package people

import (
	"context"
	"errors"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// ErrThrottled is returned while a login key is blocked after repeated failures.
type ErrThrottled struct{ RetryAfter time.Duration }

func (e ErrThrottled) Error() string {
	return "too many failed attempts; try again in " + e.RetryAfter.Round(time.Second).String()
}

// delayAfter is the wait imposed after n consecutive failures: none for the first three, then
// doubling from two seconds up to fifteen minutes. The table is shared by every node, so an
// attacker gains nothing by spreading guesses over the load balancer.
func delayAfter(n int) time.Duration {
	if n <= 3 {
		return 0
	}
	d := 2 * time.Second << min(n-4, 10)
	return min(d, 15*time.Minute)
}

// CheckThrottle returns ErrThrottled while any of keys is blocked.
func (s *Store) CheckThrottle(ctx context.Context, keys ...string) error {
	now := s.clock()
	for _, k := range keys {
		var until time.Time
		err := s.db.QueryRow(ctx, "SELECT blocked_until FROM login_throttle WHERE key = ?", k).Scan(&until)
		if errors.Is(err, db.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		if until.After(now) {
			return ErrThrottled{RetryAfter: until.Sub(now)}
		}
	}
	return nil
}

// RecordFailure counts a failed attempt against each key and blocks it for a growing delay.
func (s *Store) RecordFailure(ctx context.Context, keys ...string) error {
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		for _, k := range keys {
			var n int
			var last time.Time
			err := tx.QueryRow(ctx, "SELECT failures, last_failure FROM login_throttle WHERE key = ?", k).Scan(&n, &last)
			switch {
			case errors.Is(err, db.ErrNoRows):
				n = 0
			case err != nil:
				return err
			case now.Sub(last) > 24*time.Hour:
				n = 0 // old failures are forgiven
			}
			n++
			if _, err := tx.Exec(ctx, "DELETE FROM login_throttle WHERE key = ?", k); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "INSERT INTO login_throttle (key, failures, last_failure, blocked_until) VALUES (?, ?, ?, ?)",
				k, n, now, now.Add(delayAfter(n))); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearThrottle forgets the failures of keys after a successful login.
func (s *Store) ClearThrottle(ctx context.Context, keys ...string) error {
	for _, k := range keys {
		if _, err := s.db.Exec(ctx, "DELETE FROM login_throttle WHERE key = ?", k); err != nil {
			return err
		}
	}
	return nil
}
