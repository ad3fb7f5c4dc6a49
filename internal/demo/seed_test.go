package demo

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/settings"
)

// pictureFiles returns the bytes of every file in the embedded picture folder dir.
func pictureFiles(t *testing.T, dir string) [][]byte {
	t.Helper()
	entries, err := fs.ReadDir(pictures, path.Join("pictures", dir))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, e := range entries {
		b, err := fs.ReadFile(pictures, path.Join("pictures", dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// keys returns the storage keys of vs.
func keys(vs []media.Variant) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Key)
	}
	return out
}

// hasPicture reports whether the picture folder dir holds a master.
func hasPicture(dir string) bool {
	entries, err := fs.ReadDir(pictures, path.Join("pictures", dir))
	if err != nil {
		return false
	}
	for _, e := range entries {
		if strings.TrimSuffix(e.Name(), path.Ext(e.Name())) == MasterName {
			return true
		}
	}
	return false
}

// mediaIDs returns the ids a query of one column finds.
func mediaIDs(t *testing.T, d *db.DB, query string) []int64 {
	t.Helper()
	rows, err := d.Query(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// TestSeedPictures seeds the demo and checks that every story picture and portrait is in the
// library with the variants an upload of it would get, recorded in the database and stored
// on disk byte for byte as committed.
func TestSeedPictures(t *testing.T) {
	c := load(t)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dir := filepath.Join(t.TempDir(), "media")
		lib := media.NewLibrary(d, dir)
		start := time.Now()
		n, err := Seed(ctx, Stores{News: news.NewStore(d), Settings: settings.NewStore(d), Media: lib}, Options{})
		if err != nil || n != len(c.Stories) {
			t.Fatalf("Seed = %d, %v; want %d stories", n, err, len(c.Stories))
		}
		t.Logf("seeded in %v", time.Since(start))

		check := func(kind string, ids []int64, widths []int, dirs []string) {
			t.Helper()
			if len(ids) != len(dirs) {
				t.Fatalf("%d %s pictures recorded, want %d", len(ids), kind, len(dirs))
			}
			var from []string
			for _, id := range ids {
				m, err := lib.Get(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				var got []int
				for _, v := range m.Variants {
					if v.Format == "jpeg" {
						got = append(got, v.Width)
					}
				}
				if !slices.Equal(got, widths) || len(m.Variants) != 2*len(widths) {
					t.Errorf("%s %d (%s): variants %+v, want JPEG and WebP at %v", kind, id, m.OriginalName, m.Variants, widths)
				}
				// The files recorded (the master doubling as the widest JPEG variant) are on
				// disk and are the committed files of one picture folder, no more, no fewer.
				stored := map[string][]byte{}
				for _, key := range append([]string{m.Key}, keys(m.Variants)...) {
					b, err := os.ReadFile(filepath.Join(dir, key))
					if err != nil {
						t.Fatalf("%s %d: %v", kind, id, err)
					}
					stored[key] = b
				}
				i := slices.IndexFunc(dirs, func(d string) bool {
					return slices.ContainsFunc(pictureFiles(t, d), func(f []byte) bool { return bytes.Equal(f, stored[m.Key]) })
				})
				if i < 0 {
					t.Errorf("%s %d: master %s is no committed picture", kind, id, m.Key)
					continue
				}
				from = append(from, dirs[i])
				committed := pictureFiles(t, dirs[i])
				for key, b := range stored {
					if !slices.ContainsFunc(committed, func(f []byte) bool { return bytes.Equal(f, b) }) {
						t.Errorf("%s %d: file %s is not among the committed files of %s", kind, id, key, dirs[i])
					}
				}
				if len(stored) != len(committed) {
					t.Errorf("%s %d: %d files stored, %d committed in %s", kind, id, len(stored), len(committed), dirs[i])
				}
			}
			slices.Sort(from)
			if !slices.Equal(from, slices.Sorted(slices.Values(dirs))) {
				t.Errorf("%s pictures seeded from %v, want each of %v once", kind, from, dirs)
			}
		}
		var storyDirs, authorDirs []string
		for _, s := range c.Stories {
			if s.Image != nil {
				storyDirs = append(storyDirs, s.Image.Dir())
			}
		}
		for _, a := range c.Authors {
			authorDirs = append(authorDirs, a.PhotoDir())
		}
		check("story", mediaIDs(t, d, "SELECT DISTINCT image_id FROM editions WHERE image_id IS NOT NULL"),
			[]int{320, 640, 960}, storyDirs)
		check("author", mediaIDs(t, d, "SELECT photo_id FROM authors WHERE photo_id IS NOT NULL"),
			[]int{320}, authorDirs)
	})
}

// TestPicturesMatchContent checks that the committed picture folders are exactly those the
// content names, so that none is missing and none lingers after its story went.
func TestPicturesMatchContent(t *testing.T) {
	c := load(t)
	want := []string{}
	for _, s := range c.Stories {
		if s.Image != nil {
			want = append(want, s.Image.Dir())
		}
	}
	for _, a := range c.Authors {
		want = append(want, a.PhotoDir())
	}
	var got []string
	for _, top := range []string{StoriesDir, AuthorsDir} {
		entries, err := fs.ReadDir(pictures, path.Join("pictures", top))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			got = append(got, path.Join(top, e.Name()))
			if !hasPicture(path.Join(top, e.Name())) {
				t.Errorf("pictures/%s/%s has no master", top, e.Name())
			}
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("picture folders %v, content names %v (run make demo-pictures)", got, want)
	}
}
