// Package media stores uploaded and generated files (images today) in the data folder and
// records them in the media table.
package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for DecodeConfig
	_ "image/png"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// ErrNotFound is returned for an unknown media id or key.
var ErrNotFound = errors.New("media not found")

// ErrNotImage is returned when bytes offered as an image are not a JPEG or PNG.
var ErrNotImage = errors.New("file is not a JPEG or PNG image")

// Media is one stored file.
type Media struct {
	ID          int64
	Key         string
	ContentType string
	Width       int
	Height      int
	Bytes       int64
	CreatedAt   time.Time
}

// URL is the public path the file is served at; the key is content-addressed, so the URL
// never changes meaning and may be cached for ever.
func (m Media) URL() string { return "/media/" + m.Key }

// Library keeps files on disk under Dir and their records in the database.
type Library struct {
	db  *db.DB
	dir string
}

// NewLibrary returns a library storing files under dir.
func NewLibrary(d *db.DB, dir string) *Library { return &Library{db: d, dir: dir} }

// AddImage checks that data is a JPEG or PNG by its content, stores it and records it. Adding
// the same bytes twice returns the existing record.
func (l *Library) AddImage(ctx context.Context, originalName string, data []byte) (Media, error) {
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return Media{}, ErrNotImage
	}
	ext, ctype := ".jpg", "image/jpeg"
	if format == "png" {
		ext, ctype = ".png", "image/png"
	} else if format != "jpeg" {
		return Media{}, ErrNotImage
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:12]) + ext
	if m, err := l.byKey(ctx, key); err == nil {
		return m, nil
	}
	if err := l.write(key, data); err != nil {
		return Media{}, err
	}
	m := Media{Key: key, ContentType: ctype, Width: cfg.Width, Height: cfg.Height, Bytes: int64(len(data)), CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	err = l.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		m.ID, err = tx.InsertID(ctx, `INSERT INTO media (storage_key, content_type, width, height, bytes, original_name, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, m.Key, m.ContentType, m.Width, m.Height, m.Bytes, originalName, m.CreatedAt)
		return err
	})
	if err != nil {
		return Media{}, fmt.Errorf("record media: %w", err)
	}
	return m, nil
}

// write puts the file in place atomically, so a reader never sees half a file.
func (l *Library) write(key string, data []byte) error {
	if err := os.MkdirAll(l.dir, 0o755); err != nil {
		return fmt.Errorf("media folder: %w", err)
	}
	f, err := os.CreateTemp(l.dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("media folder: %w", err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write media: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write media: %w", err)
	}
	return os.Rename(f.Name(), filepath.Join(l.dir, key))
}

func (l *Library) byKey(ctx context.Context, key string) (Media, error) {
	return l.scanOne(l.db.QueryRow(ctx, selectMedia+" WHERE storage_key = ?", key))
}

// Get returns the media with id.
func (l *Library) Get(ctx context.Context, id int64) (Media, error) {
	return l.scanOne(l.db.QueryRow(ctx, selectMedia+" WHERE id = ?", id))
}

const selectMedia = "SELECT id, storage_key, content_type, width, height, bytes, created_at FROM media"

func (l *Library) scanOne(row interface{ Scan(...any) error }) (Media, error) {
	var m Media
	err := row.Scan(&m.ID, &m.Key, &m.ContentType, &m.Width, &m.Height, &m.Bytes, &m.CreatedAt)
	if errors.Is(err, db.ErrNoRows) {
		return Media{}, ErrNotFound
	}
	return m, err
}

// Serve writes the file with key to w. Keys are content hashes, so responses are immutable.
// An unknown or malformed key returns ErrNotFound for the caller's error page.
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
	http.ServeContent(w, r, key, st.ModTime(), f)
	return nil
}
