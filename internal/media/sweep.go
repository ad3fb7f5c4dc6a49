package media

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// SweepFiles removes from the media folder what a crash left behind: temporary upload files
// (moving into place, instead, those whose rows committed), and files no picture or variant
// refers to, once last written before cutoff (an hour ago, so that uploads in progress,
// staged before their rows commit, are left alone). It returns the names removed.
func (l *Library) SweepFiles(ctx context.Context, cutoff time.Time) ([]string, error) {
	entries, err := os.ReadDir(l.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	refs := map[string]bool{}
	for _, q := range []string{"SELECT storage_key FROM media", "SELECT storage_key FROM media_variants"} {
		rows, err := l.db.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return nil, err
			}
			refs[k] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || refs[name] {
			continue
		}
		// An upload whose rows committed before a crash moved its files into place.
		if key, ok := stagedKey(name); ok && refs[key] {
			if _, err := os.Stat(filepath.Join(l.dir, key)); errors.Is(err, fs.ErrNotExist) &&
				l.place(filepath.Join(l.dir, name), key) == nil {
				continue
			}
		}
		if !strings.HasPrefix(name, ".upload-") && strings.HasPrefix(name, ".") {
			continue // not ours
		}
		info, err := e.Info()
		if err != nil || info.ModTime().After(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(l.dir, name)); err == nil {
			removed = append(removed, name)
		}
	}
	return removed, nil
}
