package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/disintegration/imaging"
	xwebp "golang.org/x/image/webp"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// masterQuality is the JPEG quality of the stored master: high enough to be cropped or
// re-sized again later without visible loss.
const masterQuality = 85

// AddUpload reads a photo a reporter uploaded (at most MaxUploadBytes) and adds it as AddImage
// does, recording uploader as its uploader (a user id; 0 for none).
func (l *Library) AddUpload(ctx context.Context, originalName string, r io.Reader, uploader int64) (Media, error) {
	var buf bytes.Buffer
	_, err := buf.ReadFrom(io.LimitReader(r, MaxUploadBytes+1))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return Media{}, ErrTooLarge
		}
		return Media{}, fmt.Errorf("read upload: %w", err)
	}
	if buf.Len() > MaxUploadBytes {
		return Media{}, ErrTooLarge
	}
	return l.add(ctx, originalName, buf.Bytes(), uploader)
}

// AddImage checks that data is a JPEG, PNG or WebP by its content and not too large, decodes
// it with its EXIF orientation applied, stores a re-encoded master without any of the
// original's metadata (no camera, no GPS position) together with its responsive variants, and
// records them. Adding the same bytes twice returns the existing record.
func (l *Library) AddImage(ctx context.Context, originalName string, data []byte) (Media, error) {
	if len(data) > MaxUploadBytes {
		return Media{}, ErrTooLarge
	}
	return l.add(ctx, originalName, data, 0)
}

func (l *Library) add(ctx context.Context, originalName string, data []byte, uploader int64) (Media, error) {
	format, err := Inspect(data)
	if err != nil {
		return Media{}, err
	}
	if err := CheckName(originalName, Extensions[format]); err != nil {
		return Media{}, err
	}
	sum := sha256.Sum256(data)
	source := hex.EncodeToString(sum[:])
	if m, err := l.bySource(ctx, source); err == nil {
		return l.complete(ctx, m)
	} else if !errors.Is(err, ErrNotFound) {
		return Media{}, err
	}
	acquired, err := l.acquire(ctx)
	if err != nil {
		return Media{}, err
	}
	release := sync.OnceFunc(acquired)
	defer release()
	img, err := decode(format, data)
	if err != nil {
		return Media{}, ErrNotImage
	}
	m, masterData, err := encodeMaster(img, masterQuality)
	if err != nil {
		return Media{}, err
	}
	// The same picture uploaded again with different metadata re-encodes to the same master.
	if old, err := l.byKey(ctx, m.Key); err == nil {
		// complete may decode again, in a slot of its own.
		release()
		return l.complete(ctx, old)
	}
	m.OriginalName = cleanName(originalName)
	m.UploadedBy = uploader
	if l.queue {
		// The background job makes the variants (queue.go).
		release()
		if m, err = l.store(ctx, m, masterData, nil, source); err != nil {
			return Media{}, err
		}
		return m, l.queueVariants(ctx, m.ID)
	}
	variants, err := l.renderVariants(img, m)
	release() // the pixels are done with
	if err != nil {
		return Media{}, err
	}
	return l.store(ctx, m, masterData, variants, source)
}

// store records m and its variants, m.CreatedAt being now, with their files: written first
// under temporary names, moved into place only once the rows have committed, so a failed
// commit leaves no file behind (and the janitor removes what a crash in between leaves).
// source is the SHA-256 (hex) that later uploads of the same bytes are recognised by.
func (l *Library) store(ctx context.Context, m Media, masterData []byte, variants []variantFile, source string) (Media, error) {
	type staged struct{ tmp, key string }
	var files []staged
	unstage := func() {
		for _, f := range files {
			os.Remove(f.tmp)
		}
	}
	stage := func(key string, data []byte) error {
		tmp, err := l.stage(key, data)
		if err == nil && tmp != "" {
			files = append(files, staged{tmp, key})
		}
		return err
	}
	if err := stage(m.Key, masterData); err != nil {
		unstage()
		return Media{}, err
	}
	for _, v := range variants {
		if v.data != nil {
			if err := stage(v.Key, v.data); err != nil {
				unstage()
				return Media{}, err
			}
		}
	}
	m.CreatedAt = time.Now().UTC().Truncate(time.Microsecond)
	err := l.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		m.ID, err = tx.InsertID(ctx, `INSERT INTO media (storage_key, content_type, width, height, bytes, original_name,
			uploaded_by, source_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.Key, m.ContentType, m.Width, m.Height, m.Bytes, m.OriginalName,
			sql.NullInt64{Int64: m.UploadedBy, Valid: m.UploadedBy != 0}, source, m.CreatedAt)
		if err != nil {
			return err
		}
		m.Variants, err = insertVariants(ctx, tx, m.ID, variants)
		return err
	})
	if err != nil {
		unstage()
		// Another upload of the same picture may have won the race for the key.
		if old, err2 := l.byKey(ctx, m.Key); err2 == nil {
			return l.complete(ctx, old)
		}
		return Media{}, fmt.Errorf("record media: %w", err)
	}
	// Committed: a file that fails to move stays staged, and the janitor moves it.
	for _, f := range files {
		l.place(f.tmp, f.key)
	}
	return m, nil
}

// complete returns m with its variants, making them first if m has none (a picture stored
// before variants existed), or queueing them when the background job makes them.
func (l *Library) complete(ctx context.Context, m Media) (Media, error) {
	if l.queue {
		vs, err := l.Variants(ctx, m.ID)
		if err == nil && len(vs) == 0 {
			err = l.queueVariants(ctx, m.ID)
		}
		m.Variants = vs
		return m, err
	}
	vs, err := l.GenerateVariants(ctx, m.ID)
	m.Variants = vs
	return m, err
}

// acquire waits for a decoding slot; release gives it back.
func (l *Library) acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.decoding <- struct{}{}:
		return func() { <-l.decoding }, nil
	case <-ctx.Done():
		return func() {}, ctx.Err()
	}
}

// sniff names the format of data from its first bytes, or returns "" when it is none we
// accept. The name and the Content-Type of an upload are never trusted.
func sniff(b []byte) string {
	switch {
	case len(b) >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF:
		return "jpeg"
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case len(b) >= 16 && string(b[:4]) == "RIFF" && string(b[8:15]) == "WEBPVP8":
		return "webp"
	}
	return ""
}

// checkConfig reads only the header of data and refuses an image too large to decode safely.
func checkConfig(format string, data []byte) error {
	_, err := readConfig(format, data)
	return err
}

// readConfig is checkConfig that also returns the size the header states.
func readConfig(format string, data []byte) (image.Config, error) {
	var cfg image.Config
	var err error
	switch format {
	case "jpeg":
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case "png":
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case "webp":
		cfg, err = xwebp.DecodeConfig(bytes.NewReader(data))
	default:
		return image.Config{}, ErrNotImage
	}
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return image.Config{}, ErrNotImage
	}
	if cfg.Width > MaxSide || cfg.Height > MaxSide || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return image.Config{}, ErrTooManyPixels
	}
	return cfg, nil
}

// decode decodes data of the sniffed format; a JPEG is turned upright by its EXIF
// orientation, since the master keeps no EXIF to tell browsers about it.
func decode(format string, data []byte) (image.Image, error) {
	switch format {
	case "jpeg":
		return imaging.Decode(bytes.NewReader(data), imaging.AutoOrientation(true))
	case "png":
		return png.Decode(bytes.NewReader(data))
	case "webp":
		return xwebp.Decode(bytes.NewReader(data))
	}
	return nil, ErrNotImage
}

// encodeMaster re-encodes img as the stored master: a JPEG of the given quality, or a PNG
// when the picture has transparency a JPEG would lose. Re-encoding writes pixels only, so nothing of the upload's
// metadata survives.
func encodeMaster(img image.Image, quality int) (Media, []byte, error) {
	var buf bytes.Buffer
	m := Media{Width: img.Bounds().Dx(), Height: img.Bounds().Dy()}
	ext := ".jpg"
	if opaque(img) {
		m.ContentType = "image/jpeg"
		if err := jpeg.Encode(&buf, encodable(img), &jpeg.Options{Quality: quality}); err != nil {
			return Media{}, nil, fmt.Errorf("encode master: %w", err)
		}
	} else {
		m.ContentType, ext = "image/png", ".png"
		if err := png.Encode(&buf, img); err != nil {
			return Media{}, nil, fmt.Errorf("encode master: %w", err)
		}
	}
	m.Key = contentKey(buf.Bytes(), ext)
	m.Bytes = int64(buf.Len())
	return m, buf.Bytes(), nil
}

// contentKey names a file by its content: 24 hex digits of its SHA-256 and its extension.
func contentKey(data []byte, ext string) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12]) + ext
}

// opaque reports whether img has no transparent pixel.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	return true
}

// encodable gives the JPEG encoder an image it has a fast path for: an opaque NRGBA has the
// same bytes as an RGBA.
func encodable(img image.Image) image.Image {
	if n, ok := img.(*image.NRGBA); ok && n.Opaque() {
		return &image.RGBA{Pix: n.Pix, Stride: n.Stride, Rect: n.Rect}
	}
	return img
}

// cleanName keeps the last path element of an uploaded file's name (old browsers send
// C:\fakepath\…), without control characters, normalised and at most 200 characters.
func cleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(locale.Normalize(strings.ToValidUTF8(name, "")))
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return name
}
