package settings

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/batori-news/batori/internal/db"
)

// The settings table is a key-value store shared by the whole application: the site's identity
// (site.*), the comment settings (comments.*), machine translation's set-up (mt.*), the
// form guard's secret and the first-admin marker. This file is the only code that writes SQL
// against it; every other package goes through Store or Tx.

// runner is what both the database and a transaction offer.
type runner interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
}

// Tx reads and writes settings inside a transaction the caller already holds, so a setting
// changes together with the rows it belongs with.
type Tx struct{ r runner }

// In returns the settings as seen by tx.
func In(tx *db.Tx) Tx { return Tx{r: tx} }

// Get returns the value stored under key; ok is false when there is none.
func (t Tx) Get(ctx context.Context, key string) (value string, ok bool, err error) {
	return get(ctx, t.r, key)
}

// GetMany returns the values stored under keys; keys without a value are left out.
func (t Tx) GetMany(ctx context.Context, keys ...string) (map[string]string, error) {
	return getMany(ctx, t.r, keys)
}

// Prefix returns every value whose key starts with prefix, by key.
func (t Tx) Prefix(ctx context.Context, prefix string) (map[string]string, error) {
	return withPrefix(ctx, t.r, prefix)
}

// Set stores value under key, replacing any value there.
func (t Tx) Set(ctx context.Context, key, value string) error { return set(ctx, t.r, key, value) }

// Add stores value under key unless key already has a value, and reports whether it did. Two
// transactions adding the same key at once: the second waits for the first and adds nothing.
func (t Tx) Add(ctx context.Context, key, value string) (bool, error) {
	res, err := t.r.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", key, value)
	if err != nil {
		return false, fmt.Errorf("add setting %s: %w", key, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// ReplacePrefix deletes every key starting with prefix and stores values in their place, so
// no key of an earlier set-up lingers. Keys of values must start with prefix.
func (t Tx) ReplacePrefix(ctx context.Context, prefix string, values map[string]string) error {
	if _, err := t.r.Exec(ctx, "DELETE FROM settings WHERE key LIKE ? ESCAPE '\\'", likePrefix(prefix)); err != nil {
		return fmt.Errorf("clear settings %s*: %w", prefix, err)
	}
	for k, v := range values {
		if !strings.HasPrefix(k, prefix) {
			return fmt.Errorf("setting %q outside %q", k, prefix)
		}
		if err := set(ctx, t.r, k, v); err != nil {
			return err
		}
	}
	return nil
}

// Get returns the value stored under key; ok is false when there is none.
func (st *Store) Get(ctx context.Context, key string) (value string, ok bool, err error) {
	return get(ctx, st.db, key)
}

// GetMany returns the values stored under keys; keys without a value are left out.
func (st *Store) GetMany(ctx context.Context, keys ...string) (map[string]string, error) {
	return getMany(ctx, st.db, keys)
}

// Prefix returns every value whose key starts with prefix, by key.
func (st *Store) Prefix(ctx context.Context, prefix string) (map[string]string, error) {
	return withPrefix(ctx, st.db, prefix)
}

// Set stores value under key, replacing any value there.
func (st *Store) Set(ctx context.Context, key, value string) error {
	return set(ctx, st.db, key, value)
}

// SetMany stores values in one transaction.
func (st *Store) SetMany(ctx context.Context, values map[string]string) error {
	return st.db.InTx(ctx, func(tx *db.Tx) error {
		for k, v := range values {
			if err := set(ctx, tx, k, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// Update runs fn in a transaction; the settings it writes through its Tx are stored together
// or not at all.
func (st *Store) Update(ctx context.Context, fn func(Tx) error) error {
	return st.db.InTx(ctx, func(tx *db.Tx) error { return fn(In(tx)) })
}

// Secret returns the random secret stored under key, making a 32-byte one on first use. Every
// node sharing the database gets the one stored first: the read after the insert goes to the
// writer, which has seen it.
func (st *Store) Secret(ctx context.Context, key string) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	if _, err := st.db.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
		key, hex.EncodeToString(fresh)); err != nil {
		return nil, fmt.Errorf("create secret %s: %w", key, err)
	}
	var v string
	if err := st.db.Writer().QueryRowContext(ctx, st.db.Rebind("SELECT value FROM settings WHERE key = ?"), key).Scan(&v); err != nil {
		return nil, fmt.Errorf("read secret %s: %w", key, err)
	}
	secret, err := hex.DecodeString(v)
	if err != nil || len(secret) < 16 {
		return nil, fmt.Errorf("secret %s in the settings table is malformed", key)
	}
	return secret, nil
}

func get(ctx context.Context, r runner, key string) (string, bool, error) {
	var v string
	err := r.QueryRow(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, db.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("read setting %s: %w", key, err)
	}
	return v, true, nil
}

func getMany(ctx context.Context, r runner, keys []string) (map[string]string, error) {
	if len(keys) == 0 {
		return map[string]string{}, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := r.Query(ctx, "SELECT key, value FROM settings WHERE key IN ("+db.In(len(keys))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	return collect(rows)
}

func withPrefix(ctx context.Context, r runner, prefix string) (map[string]string, error) {
	rows, err := r.Query(ctx, "SELECT key, value FROM settings WHERE key LIKE ? ESCAPE '\\'", likePrefix(prefix))
	if err != nil {
		return nil, fmt.Errorf("read settings %s*: %w", prefix, err)
	}
	return collect(rows)
}

func collect(rows *sql.Rows) (map[string]string, error) {
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

func set(ctx context.Context, r runner, key, value string) error {
	_, err := r.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	if err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	return nil
}

// likePrefix is the LIKE pattern (with ESCAPE '\') of keys starting with prefix.
func likePrefix(prefix string) string {
	return strings.NewReplacer("\\", "\\\\", "%", "\\%", "_", "\\_").Replace(prefix) + "%"
}

// Delete removes the value stored under key, if any.
func (t Tx) Delete(ctx context.Context, key string) error {
	if _, err := t.r.Exec(ctx, "DELETE FROM settings WHERE key = ?", key); err != nil {
		return fmt.Errorf("delete setting %s: %w", key, err)
	}
	return nil
}
