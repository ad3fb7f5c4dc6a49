package archive_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/jpeg"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/archive"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/redirects"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/wpimport"
	"github.com/batori-news/batori/internal/wpimport/wxrgen"
)

// site is a database with its data folders.
type site struct {
	d    *db.DB
	dirs map[string]string
}

func newSite(t *testing.T, dialect db.Dialect) site {
	dir := t.TempDir()
	return site{d: dbtest.Open(t, dialect), dirs: map[string]string{"media": filepath.Join(dir, "media"), "enquiries": filepath.Join(dir, "enquiries")}}
}

func (s site) export(t *testing.T) ([]byte, *archive.Manifest) {
	t.Helper()
	var buf bytes.Buffer
	m, err := archive.Export(context.Background(), s.d, stores(s.dirs), &buf)
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return buf.Bytes(), m
}

func (s site) load(t *testing.T, data []byte) {
	t.Helper()
	if _, err := archive.Import(context.Background(), s.d, stores(s.dirs), bytes.NewReader(data), int64(len(data))); err != nil {
		t.Fatalf("import into %s: %v", s.d.Dialect, err)
	}
}

// sums are an archive's entries by path.
func sums(m *archive.Manifest) map[string]archive.Entry {
	out := map[string]archive.Entry{}
	for _, e := range m.Entries {
		out[e.Path] = e
	}
	return out
}

// TestArchiveRoundTrip: a site on SQLite (the demo paper, an imported WordPress site with
// comments, accounts and redirects) exported, read into PostgreSQL, exported again and read
// into SQLite is the same site: every table and file alike.
func TestArchiveRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := newSite(t, db.SQLite)
	st := news.NewStore(src.d)
	lib := media.NewLibrary(src.d, src.dirs["media"])
	pg := pages.NewStore(src.d)
	if _, err := demo.Seed(ctx, demo.Stores{News: st, Settings: settings.NewStore(src.d), Media: lib, Pages: pg}, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	var export bytes.Buffer
	if err := wxrgen.Write(&export, wxrgen.Options{Groups: 3, Polylang: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := wpimport.Run(ctx, wpimport.Stores{DB: src.d, News: st, Pages: pg, People: people.NewStore(src.d), Media: lib, Redirects: redirects.NewStore(src.d)},
		func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(export.Bytes())), nil }, wpimport.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := people.NewStore(src.d).Create(ctx, people.NewUser{Email: "admin@example.org", Name: "Admin", Password: "a long enough passphrase", Role: people.Admin}); err != nil {
		t.Fatal(err)
	}
	first, m1 := src.export(t)
	if !strings.Contains(m1.Notice, "password hashes") || m1.Dialect != "sqlite" {
		t.Errorf("manifest %+v", m1)
	}

	mid := newSite(t, db.Postgres)
	mid.load(t, first)
	// The site on PostgreSQL works: a story reads back with its picture and byline, and new
	// rows get fresh ids.
	pst := news.NewStore(mid.d)
	list, err := pst.Published(ctx, news.Filter{Lang: "en"}, 5, 0)
	if err != nil || len(list) == 0 {
		t.Fatalf("published on postgres: %d %v", len(list), err)
	}
	if _, err := pst.CreateTag(ctx, "after-import", news.Names{EN: "After", AS: "পিছত"}); err != nil {
		t.Fatalf("a new row after the import: %v", err)
	}
	second, m2 := mid.export(t)
	if _, err := archive.Import(ctx, mid.d, stores(mid.dirs), bytes.NewReader(second), int64(len(second))); !errors.Is(err, archive.ErrNotEmpty) {
		t.Fatalf("import into a site with content: %v", err)
	}

	back := newSite(t, db.SQLite)
	back.load(t, second)
	third, m3 := back.export(t)
	_ = third
	a, b, c := sums(m1), sums(m2), sums(m3)
	for p, e := range a {
		if p == "tables/tags.jsonl" {
			continue // one tag was added on PostgreSQL
		}
		// The archive is the same whichever database wrote it (booleans, times alike).
		if got := b[p]; got.SHA256 != e.SHA256 {
			t.Errorf("%s differs between SQLite's export and PostgreSQL's (%d rows, %d)", p, e.Rows, got.Rows)
		}
		if got := c[p]; got.SHA256 != e.SHA256 {
			t.Errorf("%s differs after SQLite → PostgreSQL → SQLite (%d rows, now %d)", p, e.Rows, got.Rows)
		}
	}
	if c["tables/tags.jsonl"].Rows != a["tables/tags.jsonl"].Rows+1 {
		t.Error("the tag added on PostgreSQL did not come back")
	}
	if len(c) != len(a) {
		t.Errorf("%d entries, then %d", len(a), len(c))
	}
	for _, want := range []string{"tables/stories.jsonl", "tables/comments.jsonl", "tables/redirects.jsonl", "tables/page_editions.jsonl", "tables/users.jsonl"} {
		if a[want].Rows == 0 {
			t.Errorf("%s is empty", want)
		}
	}
	var files int
	for p := range a {
		if strings.HasPrefix(p, "files/media/") {
			files++
		}
	}
	if files == 0 {
		t.Error("no media files in the archive")
	}
}

// rewrite copies an archive, changing entries with fn.
func rewrite(t *testing.T, data []byte, fn func(name string, body []byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		w, _ := zw.Create(f.Name)
		w.Write(fn(f.Name, body))
	}
	zw.Close()
	return out.Bytes()
}

func TestArchiveRefusals(t *testing.T) {
	ctx := context.Background()
	src := newSite(t, db.SQLite)
	if _, err := pages.NewStore(src.d).Save(ctx, pages.Input{Lang: "en", Title: "About", Body: "<p>x</p>", Status: pages.Published}); err != nil {
		t.Fatal(err)
	}
	// A picture, so that a refused archive has files that must not be written either.
	var pic bytes.Buffer
	jpeg.Encode(&pic, image.NewGray(image.Rect(0, 0, 64, 48)), nil)
	if _, err := media.NewLibrary(src.d, src.dirs["media"]).AddImage(ctx, "a.jpg", pic.Bytes()); err != nil {
		t.Fatal(err)
	}
	data, _ := src.export(t)
	for name, bad := range map[string][]byte{
		"damaged": rewrite(t, data, func(n string, b []byte) []byte {
			if n == "tables/pages.jsonl" {
				return bytes.Replace(b, []byte(`"id":1`), []byte(`"id":2`), 1)
			}
			return b
		}),
		"newer": rewrite(t, data, func(n string, b []byte) []byte {
			if n == "manifest.json" {
				var m map[string]any
				json.Unmarshal(b, &m)
				m["version"] = archive.Version + 1
				b, _ = json.Marshal(m)
			}
			return b
		}),
		"newer schema": rewrite(t, data, func(n string, b []byte) []byte {
			if n == "manifest.json" {
				var m map[string]any
				json.Unmarshal(b, &m)
				m["schema_version"] = m["schema_version"].(float64) + 1
				b, _ = json.Marshal(m)
			}
			return b
		}),
		"not an archive": []byte("hello"),
	} {
		dst := newSite(t, db.SQLite)
		_, err := archive.Import(ctx, dst.d, stores(dst.dirs), bytes.NewReader(bad), int64(len(bad)))
		if !errors.Is(err, archive.ErrRefused) {
			t.Errorf("%s: %v", name, err)
		}
		var n int
		dst.d.QueryRow(ctx, "SELECT COUNT(*) FROM pages").Scan(&n)
		if n != 0 {
			t.Errorf("%s: rows written", name)
		}
		for _, dir := range dst.dirs {
			filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
				if err == nil && !e.IsDir() {
					t.Errorf("%s: %s written", name, p)
				}
				return nil
			})
		}
	}
	_ = time.Now
}

// stores are the folders of dirs as the stores Export and Import take.
func stores(dirs map[string]string) map[string]media.Store {
	out := map[string]media.Store{}
	for name, dir := range dirs {
		out[name] = media.NewFolderStore(dir, 0o644)
	}
	return out
}
