// Package backup makes and restores copies of a Batori site: the database (SQLite through
// VACUUM INTO, PostgreSQL through pg_dump) and the files of the data folder (media,
// attachments, the secret key), each copy verified against a manifest of checksums.
package backup

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/media"
)

// Folders are the data folder's subfolders of files that belong with the database.
var Folders = []string{"media", "enquiries"}

// keyFile is the data folder's secret key (internal/secretbox); without it two-factor logins
// cannot be checked after a restore.
const keyFile = "secret.key"

// The database's file in a backup, by dialect.
const (
	sqliteFile   = "batori.db"
	postgresFile = "batori.pgdump"
	manifestFile = "manifest.json"
)

// Source is what a backup copies.
type Source struct {
	DB *db.DB
	// DatabaseURL is the PostgreSQL the DB was opened on; empty for SQLite.
	DatabaseURL string
	DataDir     string
	// Files are the stores of Folders (folder name → store); nil takes the data folder's
	// folders. With S3 the bucket's objects are copied into the backup like local files.
	Files map[string]media.Store
}

// stores returns files, or the data folder's folders when it is nil.
func stores(files map[string]media.Store, dataDir string) map[string]media.Store {
	if files != nil {
		return files
	}
	out := map[string]media.Store{}
	for _, f := range Folders {
		out[f] = media.NewFolderStore(filepath.Join(dataDir, f), 0o640)
	}
	return out
}

// Manifest describes a backup; it is written last, so a backup without one is incomplete.
type Manifest struct {
	Created  time.Time `json:"created"`
	Dialect  string    `json:"dialect"`
	Database File      `json:"database"`
	// Schema is the PostgreSQL schema dumped, when not the default.
	Schema string `json:"schema,omitempty"`
	Files  []File `json:"files"`
}

// File is one file of a backup: its path inside it, size and SHA-256.
type File struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// Bytes is the backup's total size.
func (m Manifest) Bytes() int64 {
	n := m.Database.Bytes
	for _, f := range m.Files {
		n += f.Bytes
	}
	return n
}

// Make writes a backup of src into dest, a folder that must not exist or be empty, while the
// site goes on serving, and verifies it. The database is copied first, then the files:
// files are never changed once written and a row's file is in place before anyone can read
// the row, so every file the copied database refers to is there.
func Make(ctx context.Context, src Source, dest string) (Manifest, error) {
	if err := emptyDir(dest); err != nil {
		return Manifest{}, err
	}
	m := Manifest{Created: time.Now().UTC(), Dialect: string(src.DB.Dialect)}
	var err error
	if src.DB.Dialect == db.SQLite {
		err = src.DB.SnapshotInto(ctx, filepath.Join(dest, sqliteFile))
		m.Database.Path = sqliteFile
	} else {
		m.Schema, err = pgDump(ctx, src.DatabaseURL, filepath.Join(dest, postgresFile))
		m.Database.Path = postgresFile
	}
	if err != nil {
		return m, err
	}
	if m.Database, err = describe(dest, m.Database.Path); err != nil {
		return m, err
	}
	all := stores(src.Files, src.DataDir)
	for _, folder := range Folders {
		st := all[folder]
		if st == nil {
			continue
		}
		files, err := copyStore(ctx, st, dest, folder)
		if err != nil {
			return m, err
		}
		m.Files = append(m.Files, files...)
	}
	if _, err := os.Stat(filepath.Join(src.DataDir, keyFile)); err == nil {
		f, err := copyFile(filepath.Join(src.DataDir, keyFile), dest, keyFile)
		if err != nil {
			return m, err
		}
		m.Files = append(m.Files, f)
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := writeSynced(filepath.Join(dest, manifestFile), b); err != nil {
		return m, err
	}
	return m, Verify(ctx, dest)
}

// Verify reads a backup back: every file against its checksum, the SQLite copy through
// integrity_check with every file its rows refer to present, a PostgreSQL dump through
// pg_restore --list.
func Verify(ctx context.Context, dir string) error {
	m, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	for _, f := range append([]File{m.Database}, m.Files...) {
		got, err := describe(dir, f.Path)
		if err != nil {
			return err
		}
		if got != f {
			return fmt.Errorf("backup %s: %s does not match its manifest", dir, f.Path)
		}
	}
	if m.Dialect == string(db.Postgres) {
		out, err := exec.CommandContext(ctx, "pg_restore", "--list", filepath.Join(dir, postgresFile)).CombinedOutput()
		if err != nil {
			return fmt.Errorf("backup %s: pg_restore cannot read the dump: %v %s", dir, err, out)
		}
		return nil
	}
	c, err := sql.Open("sqlite", "file:"+filepath.Join(dir, sqliteFile)+"?mode=ro")
	if err != nil {
		return err
	}
	defer c.Close()
	var check string
	if err := c.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		return fmt.Errorf("backup %s: integrity check: %q %v", dir, check, err)
	}
	have := map[string]bool{}
	for _, f := range m.Files {
		have[f.Path] = true
	}
	for _, q := range []struct{ folder, query string }{
		{"media", "SELECT storage_key FROM media UNION SELECT storage_key FROM media_variants"},
		{"enquiries", "SELECT attachment_key FROM enquiries WHERE attachment_key <> ''"},
	} {
		rows, err := c.QueryContext(ctx, q.query)
		if err != nil {
			return fmt.Errorf("backup %s: %w", dir, err)
		}
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				rows.Close()
				return err
			}
			if !have[q.folder+"/"+k] && !have[q.folder+"/.upload-"+k] {
				rows.Close()
				return fmt.Errorf("backup %s: %s/%s is referenced but missing", dir, q.folder, k)
			}
		}
		rows.Close()
	}
	return nil
}

// ReadManifest reads a backup's manifest.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	b, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if err != nil {
		return m, fmt.Errorf("%s is not a complete backup: %w", dir, err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, fmt.Errorf("%s: manifest: %w", dir, err)
	}
	return m, nil
}

// Restore puts the backup in src into an empty data folder (and, for PostgreSQL, an empty
// database at databaseURL), after verifying it. Files go into the stores of files (folder
// name → store: an empty S3 prefix, say), or the data folder's folders when it is nil.
func Restore(ctx context.Context, src, dataDir, databaseURL string, files map[string]media.Store) error {
	if err := Verify(ctx, src); err != nil {
		return err
	}
	m, err := ReadManifest(src)
	if err != nil {
		return err
	}
	if (m.Dialect == string(db.Postgres)) != (databaseURL != "") {
		return fmt.Errorf("this backup is of a %s database: restore it with%s --database-url", m.Dialect,
			map[bool]string{true: "", false: "out"}[m.Dialect == string(db.Postgres)])
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dataDir, sqliteFile)); err == nil {
		return fmt.Errorf("%s already holds a database: restore into an empty data folder", dataDir)
	}
	all := stores(files, dataDir)
	for _, folder := range Folders {
		if entries, _ := os.ReadDir(filepath.Join(dataDir, folder)); len(entries) > 0 {
			return fmt.Errorf("%s/%s is not empty: restore into an empty data folder", dataDir, folder)
		}
		if st := all[folder]; st != nil {
			if err := st.List(ctx, func(media.FileInfo) error { return errNotEmpty }); errors.Is(err, errNotEmpty) {
				return fmt.Errorf("%s is not empty: restore into empty storage", st)
			} else if err != nil {
				return err
			}
		}
	}
	if m.Dialect == string(db.Postgres) {
		if err := pgRestore(ctx, filepath.Join(src, postgresFile), databaseURL); err != nil {
			return err
		}
	} else if _, err := copyFile(filepath.Join(src, sqliteFile), dataDir, sqliteFile); err != nil {
		return err
	}
	for _, f := range m.Files {
		folder, key, _ := strings.Cut(f.Path, "/")
		st := all[folder]
		if st == nil || !media.ValidKey(key) {
			// The key file; or a temporary file, which goes to the staging folder for the
			// janitor to place (an attachment whose enquiry committed) or remove.
			dest := dataDir
			if st != nil {
				dest, f.Path = st.Staging(), key
			}
			if _, err := copyFile(filepath.Join(src, folder, key), dest, f.Path); err != nil {
				return err
			}
			continue
		}
		in, err := os.Open(filepath.Join(src, filepath.FromSlash(f.Path)))
		if err != nil {
			return err
		}
		err = media.PutFrom(ctx, st, key, in)
		in.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

var errNotEmpty = errors.New("not empty")

// Prune keeps the newest keep backups named batori-* in dir and removes the others; it
// returns the names removed.
func Prune(dir string, keep int) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), "batori-") {
			names = append(names, e.Name())
		}
	}
	slices.Sort(names) // batori-YYYYMMDD-HHMMSS: oldest first
	var removed []string
	for len(names) > max(keep, 1) {
		if err := os.RemoveAll(filepath.Join(dir, names[0])); err != nil {
			return removed, err
		}
		removed = append(removed, names[0])
		names = names[1:]
	}
	return removed, nil
}

// Name is the folder name of a backup made at t.
func Name(t time.Time) string { return "batori-" + t.UTC().Format("20060102-150405") }

func emptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return os.MkdirAll(dir, 0o750)
	}
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty: back up into a new folder", dir)
	}
	return nil
}

// copyStore copies the files of st into dest/under, and the temporary files of its staging
// folder (an attachment whose enquiry committed but that is not yet in place).
func copyStore(ctx context.Context, st media.Store, dest, under string) ([]File, error) {
	var keys []string
	err := st.List(ctx, func(f media.FileInfo) error {
		keys = append(keys, f.Key)
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(keys)
	var files []File
	for _, k := range keys {
		in, err := st.Open(ctx, k)
		if errors.Is(err, media.ErrNotFound) {
			continue // removed meanwhile: no row refers to it
		}
		if err != nil {
			return nil, err
		}
		f, err := copyFrom(in, k, dest, under+"/"+k)
		in.Close()
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	entries, _ := os.ReadDir(st.Staging())
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.HasPrefix(e.Name(), media.TempPrefix) {
			continue
		}
		f, err := copyFile(filepath.Join(st.Staging(), e.Name()), dest, under+"/"+e.Name())
		if errors.Is(err, fs.ErrNotExist) {
			continue // placed or removed meanwhile
		}
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// copyFile copies src to dest/rel, synced, and describes the copy.
func copyFile(src, dest, rel string) (File, error) {
	in, err := os.Open(src)
	if err != nil {
		return File{}, err
	}
	defer in.Close()
	return copyFrom(in, src, dest, rel)
}

// copyFrom copies what in holds (src names it in errors) to dest/rel, synced.
func copyFrom(in io.Reader, src, dest, rel string) (File, error) {
	target := filepath.Join(dest, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
		return File{}, err
	}
	out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return File{}, err
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, h), in)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return File{}, fmt.Errorf("copy %s: %w", src, err)
	}
	return File{Path: rel, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func describe(dir, rel string) (File, error) {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(rel)))
	if err != nil {
		return File{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	return File{Path: rel, Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))}, err
}

func writeSynced(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	return errors.Join(err, f.Close())
}

// libpqURL turns a URL as Batori takes it into one pg_dump accepts: parameters libpq does
// not know (search_path, which pgx passes on to the server) are taken out, and the schema
// named by search_path is returned.
func libpqURL(raw string) (string, string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", "", err
	}
	q := u.Query()
	schema := q.Get("search_path")
	for k := range q {
		switch k {
		case "sslmode", "connect_timeout", "application_name", "sslrootcert", "sslcert", "sslkey", "options", "target_session_attrs":
		default:
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}

func pgDump(ctx context.Context, databaseURL, dest string) (string, error) {
	if _, err := exec.LookPath("pg_dump"); err != nil {
		return "", errors.New("pg_dump is not installed: install the PostgreSQL client (apt install postgresql-client) or back the database up with your provider's tools, then copy the data folder's media/, enquiries/ and secret.key")
	}
	u, schema, err := libpqURL(databaseURL)
	if err != nil {
		return "", err
	}
	args := []string{"--format=custom", "--no-owner", "--no-privileges", "--file", dest, "--dbname", u}
	if schema != "" {
		args = append(args, "--schema", schema)
	}
	// pg_dump takes one snapshot: the copy is consistent while the site writes.
	if out, err := exec.CommandContext(ctx, "pg_dump", args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("pg_dump: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return schema, nil
}

func pgRestore(ctx context.Context, dump, databaseURL string) error {
	u, _, err := libpqURL(databaseURL)
	if err != nil {
		return err
	}
	out, err := exec.CommandContext(ctx, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname", u, dump).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pg_restore: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
