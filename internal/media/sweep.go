package media

import (
	"context"
	"errors"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// SweepFiles removes what a crash left behind: temporary files in the staging folder (placing,
// instead, those whose rows committed), and stored files no picture or variant refers to, once
// last written before cutoff (an hour ago, so that uploads in progress, staged before their
// rows commit, are left alone). With S3 the bucket is shared: whichever node sweeps, an upload
// in progress on another is as young. It returns the names removed.
func (l *Library) SweepFiles(ctx context.Context, cutoff time.Time) ([]string, error) {
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
	// An upload whose rows committed before a crash placed its files: place them now.
	entries, _ := os.ReadDir(l.files.Staging())
	for _, e := range entries {
		key, ok := stagedKey(e.Name())
		if !ok || !refs[key] || !e.Type().IsRegular() {
			continue
		}
		staged := filepath.Join(l.files.Staging(), e.Name())
		if _, err := l.files.Stat(ctx, key); errors.Is(err, ErrNotFound) {
			l.place(ctx, staged, key)
		} else if err == nil {
			os.Remove(staged) // placed by another upload of the same picture
		}
	}
	// Crops have no rows: one is kept while the copy it was cut from is.
	bases := map[string]bool{}
	for k := range refs {
		bases[strings.TrimSuffix(k, path.Ext(k))] = true
	}
	removed := SweepStaging(l.files, cutoff, func(name string) bool {
		// A committed file that could not be placed just now: the next sweep tries again.
		key, ok := stagedKey(name)
		return ok && refs[key]
	})
	var stale []string
	err := l.files.List(ctx, func(f FileInfo) error {
		if !refs[f.Key] && !bases[cropOf(f.Key)] && f.ModTime.Before(cutoff) {
			stale = append(stale, f.Key)
		}
		return nil
	})
	if err != nil {
		return removed, err
	}
	for _, k := range stale {
		if l.files.Delete(ctx, k) == nil {
			removed = append(removed, k)
		}
	}
	return removed, nil
}
