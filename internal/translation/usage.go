package translation

import (
	"context"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// Usage counts what was sent to each engine per calendar month (UTC), the way engines bill:
// characters (Unicode code points) of the segments actually sent; answers from the memory
// cost nothing and are not counted.
type Usage struct{ db *db.DB }

// NewUsage returns the usage counters in d.
func NewUsage(d *db.DB) *Usage { return &Usage{db: d} }

// UsageRow is one engine's use in one month.
type UsageRow struct {
	Provider string
	// Month is the month's first day, UTC.
	Month    time.Time
	Chars    int64
	Segments int64
	Requests int64
}

// monthKey is how months are stored: YYYY-MM in UTC.
func monthKey(t time.Time) string { return t.UTC().Format("2006-01") }

// Add counts one request of segments segments and chars characters to provider in the month
// of now.
func (u *Usage) Add(ctx context.Context, provider string, chars, segments int, now time.Time) error {
	return u.db.InTx(ctx, func(tx *db.Tx) error { return addUsage(ctx, tx, provider, chars, segments, now) })
}

func addUsage(ctx context.Context, tx *db.Tx, provider string, chars, segments int, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO mt_usage (provider, month, chars, segments, requests) VALUES (?, ?, ?, ?, 1)
		ON CONFLICT (provider, month) DO UPDATE SET chars = mt_usage.chars + excluded.chars,
			segments = mt_usage.segments + excluded.segments, requests = mt_usage.requests + 1`,
		provider, monthKey(now), chars, segments)
	if err != nil {
		return fmt.Errorf("count translation usage: %w", err)
	}
	return nil
}

// List returns the use per engine per month, newest month first, then by engine.
func (u *Usage) List(ctx context.Context) ([]UsageRow, error) {
	rows, err := u.db.Query(ctx, "SELECT provider, month, chars, segments, requests FROM mt_usage ORDER BY month DESC, provider")
	if err != nil {
		return nil, fmt.Errorf("read translation usage: %w", err)
	}
	defer rows.Close()
	var out []UsageRow
	for rows.Next() {
		var r UsageRow
		var month string
		if err := rows.Scan(&r.Provider, &month, &r.Chars, &r.Segments, &r.Requests); err != nil {
			return nil, err
		}
		if r.Month, err = time.Parse("2006-01", month); err != nil {
			return nil, fmt.Errorf("translation usage month %q: %w", month, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// CharsByProvider totals the characters sent to each engine over every month.
func (u *Usage) CharsByProvider(ctx context.Context) (map[string]int64, error) {
	rows, err := u.db.Query(ctx, "SELECT provider, SUM(chars) FROM mt_usage GROUP BY provider")
	if err != nil {
		return nil, fmt.Errorf("read translation usage: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var p string
		var n int64
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		out[p] = n
	}
	return out, rows.Err()
}
