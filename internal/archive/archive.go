// Package archive writes a whole site to one file and reads it back into an empty site:
// `batori export ARCHIVE` and `batori import batori ARCHIVE`.
//
// The archive is a zip. manifest.json says what it is (format "batori-archive", its version,
// the schema version of the database it came from, the dialect) and lists every other entry
// with its size and SHA-256. tables/NAME.jsonl holds a table's rows, one JSON object per line
// (column → value; booleans as 0 or 1, times as RFC 3339 strings in UTC, blobs in base64), in primary-key order.
// files/FOLDER/... holds the data folder's files: media/ (the pictures' originals and
// variants) and enquiries/ (readers' attachments). tables/users.jsonl holds the accounts'
// password hashes (argon2id) and sealed two-factor secrets: keep the archive as secret as the
// database, and the secret key (BATORI_SECRET_KEY or secret.key) with it.
//
// Every table the schema has is written (the page cache and jobs in flight included), so an
// archive made by SQLite and read into PostgreSQL, or the other way round, is the same site.
// It is read inside one snapshot, consistent while the site serves.
package archive

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
)

// Format names the archive's kind in its manifest.
const Format = "batori-archive"

// Version is the archive layout this code writes and the newest it reads.
const Version = 1

// Manifest is manifest.json.
type Manifest struct {
	Format        string    `json:"format"`
	Version       int       `json:"version"`
	SchemaVersion int       `json:"schema_version"`
	Dialect       string    `json:"dialect"`
	CreatedAt     time.Time `json:"created_at"`
	Notice        string    `json:"notice"`
	Entries       []Entry   `json:"entries"`
}

// Entry is one file of the archive with its checksum.
type Entry struct {
	Path   string `json:"path"`
	Rows   int    `json:"rows,omitempty"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

const notice = "tables/users.jsonl holds password hashes (argon2id) and two-factor secrets sealed with the site's secret key: keep this archive secret, and bring the key (BATORI_SECRET_KEY or the data folder's secret.key) to the new site apart from it."

// Export writes the site in d, and the files of the stores in dirs (folder name → store, a
// folder of the data folder or a prefix of the S3 bucket), to w.
func Export(ctx context.Context, d *db.DB, dirs map[string]media.Store, w io.Writer) (*Manifest, error) {
	tables, err := d.Tables(ctx)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Format: Format, Version: Version, SchemaVersion: d.LatestVersion(), Dialect: string(d.Dialect),
		CreatedAt: time.Now().UTC().Truncate(time.Second), Notice: notice}
	zw := zip.NewWriter(w)
	err = d.Snapshot(ctx, func(q db.Querier) error {
		for _, t := range tables {
			e, err := writeTable(ctx, zw, q, t)
			if err != nil {
				return err
			}
			m.Entries = append(m.Entries, e)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(dirs))
	for n := range dirs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		files, err := writeFiles(ctx, zw, n, dirs[n])
		if err != nil {
			return nil, err
		}
		m.Entries = append(m.Entries, files...)
	}
	mw, err := zw.Create("manifest.json")
	if err != nil {
		return nil, err
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return m, zw.Close()
}

// hashWriter counts and hashes what passes through it.
type hashWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func (hw *hashWriter) Write(p []byte) (int, error) {
	n, err := hw.w.Write(p)
	hw.h.Write(p[:n])
	hw.n += int64(n)
	return n, err
}

func writeTable(ctx context.Context, zw *zip.Writer, q db.Querier, t db.Table) (Entry, error) {
	name := "tables/" + t.Name + ".jsonl"
	fw, err := zw.Create(name)
	if err != nil {
		return Entry{}, err
	}
	hw := &hashWriter{w: fw, h: sha256.New()}
	bw := bufio.NewWriterSize(hw, 1<<16)
	cols := make([]string, len(t.Columns))
	order := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i] = quote(c.Name)
		order[i] = strconv.Itoa(i + 1)
	}
	rows, err := q.Query(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+quote(t.Name)+" ORDER BY "+strings.Join(order, ", "))
	if err != nil {
		return Entry{}, fmt.Errorf("read %s: %w", t.Name, err)
	}
	defer rows.Close()
	vals := make([]any, len(t.Columns))
	ptrs := make([]any, len(t.Columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return Entry{}, fmt.Errorf("read %s: %w", t.Name, err)
		}
		bw.WriteByte('{')
		for i, c := range t.Columns {
			if i > 0 {
				bw.WriteByte(',')
			}
			k, _ := json.Marshal(c.Name)
			bw.Write(k)
			bw.WriteByte(':')
			v, err := json.Marshal(encode(vals[i], c.Kind))
			if err != nil {
				return Entry{}, err
			}
			bw.Write(v)
		}
		bw.WriteString("}\n")
		n++
	}
	if err := rows.Err(); err != nil {
		return Entry{}, fmt.Errorf("read %s: %w", t.Name, err)
	}
	if err := bw.Flush(); err != nil {
		return Entry{}, err
	}
	return Entry{Path: name, Rows: n, Bytes: hw.n, SHA256: hex.EncodeToString(hw.h.Sum(nil))}, nil
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// encode turns a scanned value into its JSON form.
func encode(v any, kind db.ColumnKind) any {
	switch x := v.(type) {
	case nil:
		return nil
	case bool:
		// SQLite keeps a boolean as 0 or 1 in an INTEGER column, and its schema cannot tell
		// it from a number: written as 0 or 1 from PostgreSQL too, an archive is the same
		// whichever database wrote it.
		if x {
			return 1
		}
		return 0
	case time.Time:
		// PostgreSQL keeps microseconds: so does the archive, whichever database wrote it.
		return x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
	case []byte:
		if kind == db.KindBlob {
			return base64.StdEncoding.EncodeToString(x)
		}
		return string(x)
	case string:
		if kind == db.KindTime {
			// SQLite hands back a time it could not parse as its text.
			if t, err := parseTime(x); err == nil {
				return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano)
			}
		}
		return x
	}
	return v
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a time: %q", s)
}

// writeFiles writes the files of st under files/name/, in key order so that two exports of
// one site list them alike.
func writeFiles(ctx context.Context, zw *zip.Writer, name string, st media.Store) ([]Entry, error) {
	var keys []string
	err := st.List(ctx, func(f media.FileInfo) error {
		keys = append(keys, f.Key)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(keys)
	var out []Entry
	for _, k := range keys {
		f, err := st.Open(ctx, k)
		if errors.Is(err, media.ErrNotFound) {
			continue // removed meanwhile: no row refers to it
		}
		if err != nil {
			return nil, err
		}
		entry := "files/" + name + "/" + k
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: entry, Method: zip.Store})
		if err != nil {
			f.Close()
			return nil, err
		}
		hw := &hashWriter{w: fw, h: sha256.New()}
		_, err = io.Copy(hw, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, Entry{Path: entry, Bytes: hw.n, SHA256: hex.EncodeToString(hw.h.Sum(nil))})
	}
	return out, nil
}

// ErrRefused wraps the reasons an archive is refused before anything is written.
var ErrRefused = errors.New("archive refused")

// ErrNotEmpty is returned when the site to import into has content already.
var ErrNotEmpty = errors.New("the site is not empty: import an archive only into a new site (no accounts, stories or pages)")

// Check opens the archive and verifies its manifest and every entry's checksum, without
// writing anything.
func Check(r io.ReaderAt, size int64, schema int) (*zip.Reader, *Manifest, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: not a zip archive: %v", ErrRefused, err)
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	mf, ok := files["manifest.json"]
	if !ok {
		return nil, nil, fmt.Errorf("%w: no manifest.json; not a Batori archive", ErrRefused)
	}
	var m Manifest
	rc, err := mf.Open()
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrRefused, err)
	}
	err = json.NewDecoder(io.LimitReader(rc, 64<<20)).Decode(&m)
	rc.Close()
	if err != nil || m.Format != Format {
		return nil, nil, fmt.Errorf("%w: manifest.json is not a Batori archive's", ErrRefused)
	}
	if m.Version > Version {
		return nil, nil, fmt.Errorf("%w: archive version %d is newer than this Batori reads (%d); upgrade Batori first", ErrRefused, m.Version, Version)
	}
	if m.SchemaVersion > schema {
		return nil, nil, fmt.Errorf("%w: the archive's database is at schema version %d, this Batori's at %d; upgrade Batori first", ErrRefused, m.SchemaVersion, schema)
	}
	listed := map[string]bool{"manifest.json": true}
	for _, e := range m.Entries {
		listed[e.Path] = true
		f, ok := files[e.Path]
		if !ok {
			return nil, nil, fmt.Errorf("%w: %s is listed in the manifest but missing", ErrRefused, e.Path)
		}
		rc, err := f.Open()
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %s: %v", ErrRefused, e.Path, err)
		}
		h := sha256.New()
		n, err := io.Copy(h, rc)
		rc.Close()
		if err != nil || n != e.Bytes || hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
			return nil, nil, fmt.Errorf("%w: %s does not match its checksum (damaged archive?)", ErrRefused, e.Path)
		}
		if strings.Contains(e.Path, "..") || path.IsAbs(e.Path) {
			return nil, nil, fmt.Errorf("%w: bad entry name %q", ErrRefused, e.Path)
		}
	}
	for name := range files {
		if !listed[name] {
			return nil, nil, fmt.Errorf("%w: %s is not in the manifest", ErrRefused, name)
		}
	}
	return zr, &m, nil
}

// Import reads the archive into d, an empty site, and its files into the stores of dirs.
// A damaged archive, a newer one, or a site with content is refused before anything is
// written; the rows are written in one transaction.
func Import(ctx context.Context, d *db.DB, dirs map[string]media.Store, r io.ReaderAt, size int64) (*Manifest, error) {
	zr, m, err := Check(r, size, d.LatestVersion())
	if err != nil {
		return nil, err
	}
	var n int
	for _, t := range []string{"users", "stories", "pages"} {
		var c int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM "+t).Scan(&c); err != nil {
			return nil, err
		}
		n += c
	}
	if n > 0 {
		return nil, ErrNotEmpty
	}
	tables, err := d.Tables(ctx)
	if err != nil {
		return nil, err
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	// Files first: the rows point at them.
	for _, e := range m.Entries {
		rest, ok := strings.CutPrefix(e.Path, "files/")
		if !ok {
			continue
		}
		folder, rel, _ := strings.Cut(rest, "/")
		st, ok := dirs[folder]
		if !ok || !media.ValidKey(rel) {
			continue // an older export's temporary file, or nothing of ours
		}
		if err := extract(ctx, files[e.Path], st, rel); err != nil {
			return nil, err
		}
	}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		// An empty site still has rows its migrations seeded (the glossary): the archive's
		// replace them.
		for i := len(tables) - 1; i >= 0; i-- {
			if _, err := tx.Exec(ctx, "DELETE FROM "+quote(tables[i].Name)); err != nil {
				return fmt.Errorf("clear %s: %w", tables[i].Name, err)
			}
		}
		for _, t := range tables {
			f, ok := files["tables/"+t.Name+".jsonl"]
			if !ok {
				continue
			}
			if err := readTable(ctx, tx, t, f); err != nil {
				return err
			}
			if d.Dialect == db.Postgres && hasColumn(t, "id") {
				if _, err := tx.Exec(ctx, "SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE((SELECT MAX(id) FROM "+quote(t.Name)+"), 0) + 1, false)", t.Name); err != nil {
					return fmt.Errorf("sequence of %s: %w", t.Name, err)
				}
			}
		}
		// Every page is rendered afresh.
		tx.Record(news.SectionsChanged{})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func hasColumn(t db.Table, name string) bool {
	for _, c := range t.Columns {
		if c.Name == name {
			return true
		}
	}
	return false
}

// extract stores f under key in st, unless a file is there already (files are named by
// their content or a random key, so it is the same one).
func extract(ctx context.Context, f *zip.File, st media.Store, key string) error {
	if _, err := st.Stat(ctx, key); err == nil {
		return nil
	} else if !errors.Is(err, media.ErrNotFound) {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return media.PutFrom(ctx, st, key, rc)
}

func readTable(ctx context.Context, tx *db.Tx, t db.Table, f *zip.File) error {
	kinds := map[string]db.ColumnKind{}
	for _, c := range t.Columns {
		kinds[c.Name] = c.Kind
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	dec := json.NewDecoder(rc)
	dec.UseNumber()
	line := 0
	var cols []string
	var insert string
	for {
		var row map[string]any
		err := dec.Decode(&row)
		if err == io.EOF {
			return nil
		}
		line++
		if err != nil {
			return fmt.Errorf("%s line %d: %w", f.Name, line, err)
		}
		if cols == nil {
			for k := range row {
				if _, ok := kinds[k]; !ok {
					return fmt.Errorf("%s: column %s is not in this site's schema", f.Name, k)
				}
				cols = append(cols, k)
			}
			sort.Strings(cols)
			q := make([]string, len(cols))
			for i, c := range cols {
				q[i] = quote(c)
			}
			insert = "INSERT INTO " + quote(t.Name) + " (" + strings.Join(q, ", ") + ") VALUES (" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
		}
		args := make([]any, len(cols))
		for i, c := range cols {
			v, err := decode(row[c], kinds[c])
			if err != nil {
				return fmt.Errorf("%s line %d, %s: %w", f.Name, line, c, err)
			}
			args[i] = v
		}
		if _, err := tx.Exec(ctx, insert, args...); err != nil {
			return fmt.Errorf("%s line %d: %w", f.Name, line, err)
		}
	}
}

// decode turns a JSON value into what a column of kind takes.
func decode(v any, kind db.ColumnKind) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch kind {
	case db.KindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case json.Number:
			return x.String() != "0", nil
		}
	case db.KindInt:
		switch x := v.(type) {
		case json.Number:
			return x.Int64()
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case db.KindReal:
		if x, ok := v.(json.Number); ok {
			return x.Float64()
		}
	case db.KindTime:
		if x, ok := v.(string); ok {
			t, err := parseTime(x)
			// A time whose UTC year has not four digits could not be written back out.
			if y := t.UTC().Year(); err == nil && (y < 0 || y > 9999) {
				return nil, fmt.Errorf("time out of range: %q", x)
			}
			return t, err
		}
	case db.KindBlob:
		if x, ok := v.(string); ok {
			return base64.StdEncoding.DecodeString(x)
		}
	default:
		switch x := v.(type) {
		case string:
			return x, nil
		case json.Number:
			return x.String(), nil
		case bool:
			return strconv.FormatBool(x), nil
		}
	}
	return nil, fmt.Errorf("a %T where a %s belongs", v, kind)
}
