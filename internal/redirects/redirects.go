// Package redirects keeps the old addresses of an imported site (WordPress permalinks,
// ?p=ID, archives, feeds) and the paths they live at now; the reader site answers them with
// a permanent redirect. It owns the redirects table.
package redirects

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// ErrNotFound is returned for an address the table does not know.
var ErrNotFound = errors.New("no redirect")

// Store reads and writes the redirects table.
type Store struct {
	db  *db.DB
	now func() time.Time
}

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d, now: time.Now} }

// Key is how an old address is stored: its path without a trailing slash ("/" for the root),
// decoded, lower-cased, and, when it has one of WordPress's addressing parameters, those
// parameters sorted (?p=12). Other query parameters (utm_source...) are dropped, so a shared
// link with tracking still finds its way.
func Key(pathAndQuery string) string {
	u, err := url.Parse(pathAndQuery)
	if err != nil {
		return ""
	}
	p := u.Path
	if dec, err := url.PathUnescape(u.EscapedPath()); err == nil {
		p = dec
	}
	p = strings.ToLower(strings.TrimRight(p, "/"))
	if p == "" {
		p = "/"
	}
	q := u.Query()
	var keep []string
	for _, k := range []string{"p", "page_id", "attachment_id", "cat", "tag", "author", "feed", "preview"} {
		if v := q.Get(k); v != "" && k != "preview" {
			keep = append(keep, k+"="+strings.ToLower(v))
		}
	}
	sort.Strings(keep)
	if len(keep) > 0 {
		p += "?" + strings.Join(keep, "&")
	}
	return p
}

// Find returns the path an old address now lives at, ok false when it is not known.
func (s *Store) Find(ctx context.Context, pathAndQuery string) (to string, ok bool, err error) {
	to, err = s.Redirect(ctx, pathAndQuery)
	if errors.Is(err, ErrNotFound) {
		return "", false, nil
	}
	return to, err == nil, err
}

// Redirect returns the path that the old address now lives at. An address ending in /feed
// (a post's or an archive's feed) that is not stored itself goes where its page goes.
func (s *Store) Redirect(ctx context.Context, pathAndQuery string) (string, error) {
	key := Key(pathAndQuery)
	if key == "" {
		return "", ErrNotFound
	}
	to, err := s.lookup(ctx, key)
	if errors.Is(err, ErrNotFound) {
		for _, suffix := range []string{"/feed/rss2", "/feed/atom", "/feed/rss", "/feed", "/amp"} {
			if base, ok := strings.CutSuffix(key, suffix); ok && base != "" {
				return s.lookup(ctx, base)
			}
		}
	}
	return to, err
}

func (s *Store) lookup(ctx context.Context, key string) (string, error) {
	var to string
	err := s.db.QueryRow(ctx, "SELECT new_path FROM redirects WHERE old_path = ?", key).Scan(&to)
	if errors.Is(err, db.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("redirect %s: %w", key, err)
	}
	return to, nil
}

// Put stores (or replaces) the redirect of an old address inside tx; source says which import
// made it. An old address that differs from the new one only by a trailing slash is stored
// too: the reader site answers it only when no route matched (see site.fallback).
func Put(ctx context.Context, tx *db.Tx, oldPathAndQuery, newPath, source string, now time.Time) error {
	key := Key(oldPathAndQuery)
	if key == "" || key == "/" {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO redirects (old_path, new_path, source, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (old_path) DO UPDATE SET new_path = excluded.new_path, source = excluded.source`, key, newPath, source, now.UTC())
	return err
}

// Count returns how many redirects are stored.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM redirects").Scan(&n)
	return n, err
}
