package settings

import (
	"context"
	"fmt"
)

// originKey holds the site's public origin when --base-url does not give it: stored once, by
// the first-admin setup, and read by every node.
const originKey = "origin"

// Origin returns the stored public origin, "" when none is stored.
func (st *Store) Origin(ctx context.Context) (string, error) {
	v, _, err := get(ctx, st.db, originKey)
	return v, err
}

// AddOrigin stores origin unless one is stored already, and returns the one stored: the first
// set-up decides, and a later one cannot move the site.
func (st *Store) AddOrigin(ctx context.Context, origin string) (string, error) {
	if _, err := st.db.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", originKey, origin); err != nil {
		return "", fmt.Errorf("store origin: %w", err)
	}
	var v string
	if err := st.db.Writer().QueryRowContext(ctx, st.db.Rebind("SELECT value FROM settings WHERE key = ?"), originKey).Scan(&v); err != nil {
		return "", fmt.Errorf("read origin: %w", err)
	}
	return v, nil
}
