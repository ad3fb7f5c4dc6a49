package media

import (
	"context"
	"path"
	"strings"
	"time"
)

// SweepFiles removes what a crash left behind: temporary files in the staging folder, and
// stored files no picture or variant refers to, once last written before cutoff (an hour ago,
// so that uploads in progress, stored before their rows commit, are left alone). With S3 the
// bucket is shared: whichever node sweeps, an upload in progress on another is as young. It
// returns the names removed.
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
	// Crops have no rows: one is kept while the copy it was cut from is.
	bases := map[string]bool{}
	for k := range refs {
		bases[strings.TrimSuffix(k, path.Ext(k))] = true
	}
	removed := SweepStaging(l.files, cutoff, nil)
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
