package enquiries

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/media"
)

// Swept is what SweepFiles did: files removed (temporary ones left by an interrupted upload,
// attachments no enquiry refers to) and temporary files of committed enquiries put in place.
type Swept struct {
	Removed []string
	Placed  []string
}

// SweepFiles tidies the attachments after crashes: a temporary file (in this node's staging
// folder) whose enquiry was committed is put in place; temporary files and stored attachments
// no enquiry refers to are removed once last written before cutoff (an hour ago, so that
// uploads in progress are left alone).
func (s *Store) SweepFiles(ctx context.Context, cutoff time.Time) (Swept, error) {
	var done Swept
	refs := map[string]bool{}
	rows, err := s.db.Query(ctx, "SELECT attachment_key FROM enquiries WHERE attachment_key <> ''")
	if err != nil {
		return done, err
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return done, err
		}
		refs[k] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return done, err
	}
	entries, err := os.ReadDir(s.files.Staging())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return done, err
	}
	var placeErr error
	for _, e := range entries {
		key, temp := strings.CutPrefix(e.Name(), tempPrefix)
		if temp && e.Type().IsRegular() && refs[key] && validKey(key) {
			if err := s.placeFile(ctx, key); err == nil {
				done.Placed = append(done.Placed, key)
			} else {
				placeErr = err
			}
		}
	}
	// Those just placed are in refs; the failed ones are still young or still referred to.
	done.Removed = media.SweepStaging(s.files, cutoff, func(name string) bool {
		return refs[strings.TrimPrefix(name, tempPrefix)]
	})
	var stale []string
	err = s.files.List(ctx, func(f media.FileInfo) error {
		if !refs[f.Key] && validKey(f.Key) && f.ModTime.Before(cutoff) {
			stale = append(stale, f.Key)
		}
		return nil
	})
	for _, k := range stale {
		if s.files.Delete(ctx, k) == nil {
			done.Removed = append(done.Removed, k)
		}
	}
	return done, errors.Join(err, placeErr)
}
