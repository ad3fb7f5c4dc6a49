package enquiries

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Swept is what SweepFiles did: files removed (temporary ones left by an interrupted upload,
// attachments no enquiry refers to) and temporary files of committed enquiries moved into
// place.
type Swept struct {
	Removed []string
	Placed  []string
}

// SweepFiles tidies the attachment folder after crashes: a temporary file whose enquiry was
// committed is moved into place; temporary files and attachments no enquiry refers to are
// removed once last written before cutoff (an hour ago, so that uploads in progress are
// left alone).
func (s *Store) SweepFiles(ctx context.Context, cutoff time.Time) (Swept, error) {
	var done Swept
	entries, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return done, nil
	}
	if err != nil {
		return done, err
	}
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
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		name := e.Name()
		key, temp := strings.CutPrefix(name, tempPrefix)
		if temp && refs[key] && validKey(key) {
			if err := s.placeFile(key); err == nil {
				done.Placed = append(done.Placed, key)
			}
			continue
		}
		if refs[name] {
			continue
		}
		if !temp && !validKey(name) {
			continue // not ours: left alone
		}
		info, err := e.Info()
		if err != nil || info.ModTime().After(cutoff) {
			continue
		}
		if err := os.Remove(filepath.Join(s.dir, name)); err == nil {
			done.Removed = append(done.Removed, name)
		}
	}
	return done, nil
}
