package media

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

// TestFailedCommitLeavesNoFile makes the media rows impossible to write: the upload fails
// and the media folder holds no file, staged or placed; a committed upload's files are all in
// place and none is left staged.
func TestFailedCommitLeavesNoFile(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		if _, err := d.Writer().ExecContext(ctx, "ALTER TABLE media_variants RENAME TO media_variants_away"); err != nil {
			t.Fatal(err)
		}
		if _, err := lib.AddUpload(ctx, "flood.jpg", bytes.NewReader(testkit.JPEG(t, testkit.Picture(400, 300))), 0); err == nil {
			t.Fatal("upload stored without its variants table")
		}
		if files, _ := os.ReadDir(lib.dir); len(files) != 0 {
			t.Errorf("a failed commit left %d files: %v", len(files), files)
		}
		if _, err := d.Writer().ExecContext(ctx, "ALTER TABLE media_variants_away RENAME TO media_variants"); err != nil {
			t.Fatal(err)
		}
		m, err := lib.AddUpload(ctx, "flood.jpg", bytes.NewReader(testkit.JPEG(t, testkit.Picture(400, 300))), 0)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]bool{m.Key: true}
		for _, v := range m.Variants {
			want[v.Key] = true
		}
		files, _ := os.ReadDir(lib.dir)
		for _, f := range files {
			if !want[f.Name()] {
				t.Errorf("unexpected file %s after a committed upload", f.Name())
			}
			delete(want, f.Name())
		}
		if len(want) > 0 {
			t.Errorf("files not in place: %v", want)
		}
	})
}

// TestSweepPlacesStagedFileOfCommittedRow is a crash between the commit and the move: the
// janitor moves the staged file into place instead of removing it.
func TestSweepPlacesStagedFileOfCommittedRow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		m, err := lib.AddUpload(ctx, "ferry.jpg", bytes.NewReader(testkit.JPEG(t, testkit.Picture(200, 150))), 0)
		if err != nil {
			t.Fatal(err)
		}
		final := filepath.Join(lib.dir, m.Key)
		staged := filepath.Join(lib.dir, stagePrefix+"0a1b2c-"+m.Key)
		if err := os.Rename(final, staged); err != nil {
			t.Fatal(err)
		}
		removed, err := lib.SweepFiles(ctx, time.Now().Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(removed) != 0 {
			t.Errorf("removed %v", removed)
		}
		if _, err := os.Stat(final); err != nil {
			t.Errorf("staged file not moved into place: %v", err)
		}
	})
}
