// Package media keeps the photo library: uploads checked by content, re-encoded without their
// metadata, stored in the data folder under content-addressed keys with responsive copies, and
// recorded with their alt text, caption and credit in the media and media_variants tables.
package media

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// ErrNotFound is returned for an unknown media id or key.
var ErrNotFound = errors.New("media not found")

// ErrNotImage is returned when bytes offered as an image are not a JPEG, PNG or WebP, whatever
// their file name says.
var ErrNotImage = errors.New("file is not a JPEG, PNG or WebP image")

// ErrTooLarge is returned for an upload of more than MaxUploadBytes.
var ErrTooLarge = errors.New("file is larger than 15 MiB")

// ErrTooManyPixels is returned, before any decoding, for an image whose header claims more
// than MaxPixels pixels or a side longer than MaxSide: a small file can decode into gigabytes.
var ErrTooManyPixels = errors.New("image has too many pixels")

// Limits on what AddUpload accepts.
const (
	// MaxUploadBytes bounds the bytes read from an upload; phone photos are 2–8 MB.
	MaxUploadBytes = 15 << 20
	// MaxPixels bounds width×height (40 megapixels; a 200 MP phone mode is refused).
	MaxPixels = 40_000_000
	// MaxSide bounds the longer side in pixels.
	MaxSide = 12000
)

// Media is one stored picture: the re-encoded master and, in Variants, its responsive copies.
type Media struct {
	ID           int64
	Key          string
	ContentType  string
	Width        int
	Height       int
	Bytes        int64
	OriginalName string
	Alt          string
	Caption      string
	Credit       string
	// UploadedBy is the uploader's user id, 0 for files added by the system (demo, import).
	UploadedBy int64
	CreatedAt  time.Time
	// Variants are the responsive copies, narrowest first; Get, Search and AddUpload fill it.
	Variants []Variant
}

// URL is the public path the file is served at; the key is content-addressed, so the URL
// never changes meaning and may be cached for ever.
func (m Media) URL() string { return "/media/" + m.Key }

// Library keeps files on disk under Dir and their records in the database.
type Library struct {
	db  *db.DB
	dir string
	// decoding bounds the uploads decoded at once: a 40 MP photo takes about 160 MB as
	// pixels, and a few reporters uploading together must not exhaust a small server.
	decoding chan struct{}
	opt      VariantOptions
	// queue leaves uploads' variants to the background job, which wake starts (queue.go).
	queue bool
	wake  func()
}

// NewLibrary returns a library storing files under dir.
func NewLibrary(d *db.DB, dir string) *Library {
	return &Library{db: d, dir: dir, decoding: make(chan struct{}, 2), opt: DefaultVariantOptions()}
}

// write puts the file in place atomically, so a reader never sees half a file. A file already
// there has the same content (the key is its hash) and is left alone.
func (l *Library) write(key string, data []byte) error {
	tmp, err := l.stage(key, data)
	if err != nil || tmp == "" {
		return err
	}
	return l.place(tmp, key)
}

// stagePrefix starts the name of a file written but not yet moved into place: an upload
// stages its files, commits its rows, then places them, so a failed commit leaves no file
// under a name a row could refer to. The key follows the random part (".upload-<hex>-<key>"),
// so the janitor can finish a move a crash interrupted.
const stagePrefix = ".upload-"

// stage writes data under a temporary name in the media folder and returns that name, or ""
// when the file for key is already in place.
func (l *Library) stage(key string, data []byte) (string, error) {
	if _, err := os.Stat(filepath.Join(l.dir, key)); err == nil {
		return "", nil
	}
	if err := os.MkdirAll(l.dir, 0o755); err != nil {
		return "", fmt.Errorf("media folder: %w", err)
	}
	f, err := os.CreateTemp(l.dir, stagePrefix+"*-"+key)
	if err != nil {
		return "", fmt.Errorf("media folder: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write media: %w", err)
	}
	return f.Name(), nil
}

// place moves a staged file to its key's name. Another upload of the same picture may have
// placed it first: the content is the same, so that is success.
func (l *Library) place(tmp, key string) error {
	path := filepath.Join(l.dir, key)
	if err := os.Rename(tmp, path); err != nil {
		if _, serr := os.Stat(path); serr == nil {
			os.Remove(tmp)
			return nil
		}
		return fmt.Errorf("place media: %w", err)
	}
	return nil
}

// stagedKey returns the key a staged file's name carries, false for any other name.
func stagedKey(name string) (string, bool) {
	rest, ok := strings.CutPrefix(name, stagePrefix)
	if !ok {
		return "", false
	}
	_, key, ok := strings.Cut(rest, "-")
	return key, ok && key != ""
}

// Get returns the media with id and its variants.
func (l *Library) Get(ctx context.Context, id int64) (Media, error) {
	m, err := scanMedia(l.db.QueryRow(ctx, selectMedia+" WHERE id = ?", id))
	if err != nil {
		return Media{}, err
	}
	m.Variants, err = l.Variants(ctx, id)
	return m, err
}

func (l *Library) byKey(ctx context.Context, key string) (Media, error) {
	return scanMedia(l.db.QueryRow(ctx, selectMedia+" WHERE storage_key = ?", key))
}

func (l *Library) bySource(ctx context.Context, sum string) (Media, error) {
	return scanMedia(l.db.QueryRow(ctx, selectMedia+" WHERE source_sha256 = ? ORDER BY id LIMIT 1", sum))
}

const selectMedia = `SELECT id, storage_key, content_type, width, height, bytes, original_name, alt, caption, credit,
	uploaded_by, created_at FROM media`

func scanMedia(row interface{ Scan(...any) error }) (Media, error) {
	var m Media
	var by sql.NullInt64
	err := row.Scan(&m.ID, &m.Key, &m.ContentType, &m.Width, &m.Height, &m.Bytes, &m.OriginalName,
		&m.Alt, &m.Caption, &m.Credit, &by, &m.CreatedAt)
	if errors.Is(err, db.ErrNoRows) {
		return Media{}, ErrNotFound
	}
	m.UploadedBy = by.Int64
	m.CreatedAt = m.CreatedAt.UTC()
	return m, err
}

// Serve writes the file with key to w, a master or a variant alike. Keys are content hashes,
// so responses are immutable. An unknown or malformed key returns ErrNotFound for the
// caller's error page.
func (l *Library) Serve(w http.ResponseWriter, r *http.Request, key string) error {
	if key == "" || strings.ContainsAny(key, "/\\") || strings.HasPrefix(key, ".") {
		return ErrNotFound
	}
	f, err := os.Open(filepath.Join(l.dir, key))
	if err != nil {
		return ErrNotFound
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		return ErrNotFound
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("ETag", `"`+strings.TrimSuffix(key, filepath.Ext(key))+`"`)
	http.ServeContent(w, r, key, st.ModTime(), f)
	return nil
}

// Dir is the folder the library keeps its files in.
func (l *Library) Dir() string { return l.dir }
