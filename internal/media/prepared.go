package media

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"slices"
)

// Prepared is a picture put through the upload pipeline ahead of time, away from any library:
// the master and the responsive copies AddImage would store. The demo newspaper ships its
// pictures this way because encoding the WebP copies takes most of a minute on a small
// machine, and the demo must start at once.
type Prepared struct {
	// Master is the re-encoded master: a JPEG, or a PNG for a transparent picture.
	Master []byte
	// Variants are the encoded copies, in any order. The fallback copy at the master's own
	// width is the master itself and is not repeated here.
	Variants [][]byte
}

// PrepareOptions say how Prepare encodes a picture.
type PrepareOptions struct {
	// MasterQuality is the master's JPEG quality (1–100); 0 means the 85 uploads get.
	MasterQuality int
	// Variants are the variants to make. Only their encoders' qualities may differ from the
	// options of the library that will take the result: AddPrepared checks widths and formats.
	Variants VariantOptions
}

// Prepare runs the upload pipeline over data as AddImage does (format checked by content,
// EXIF orientation applied, a master without metadata, the variants opt asks for) and returns
// the files instead of storing them.
func Prepare(data []byte, opt PrepareOptions) (Prepared, error) {
	format, err := Inspect(data)
	if err != nil {
		return Prepared{}, err
	}
	img, err := decode(format, data)
	if err != nil {
		return Prepared{}, ErrNotImage
	}
	if opt.MasterQuality == 0 {
		opt.MasterQuality = masterQuality
	}
	m, master, err := encodeMaster(img, opt.MasterQuality)
	if err != nil {
		return Prepared{}, err
	}
	l := &Library{}
	l.SetVariantOptions(opt.Variants)
	files, err := l.renderVariants(img, m)
	if err != nil {
		return Prepared{}, err
	}
	p := Prepared{Master: master}
	for _, f := range files {
		if f.data != nil {
			p.Variants = append(p.Variants, f.data)
		}
	}
	return p, nil
}

// ErrPreparedMismatch is returned by AddPrepared when the prepared variants are not the set
// this library makes for the master: pages would offer other srcsets than for an upload.
var ErrPreparedMismatch = errors.New("prepared variants differ from the library's")

// AddPrepared stores and records p, which Prepare made, just as AddImage stores the picture p
// was prepared from: the same files under the same content keys, the same media and
// media_variants rows, so that pages render the same srcsets. Every file is checked by its
// content, and the variants must be exactly those the library's options call for (each width
// and height, in the fallback format and in WebP when enabled); nothing is encoded here. The
// original upload being gone, the master's own hash stands as the source that later uploads
// of the same bytes are recognised by. Adding the same master twice returns the existing record.
func (l *Library) AddPrepared(ctx context.Context, originalName string, p Prepared) (Media, error) {
	format, cfg, err := fileConfig(p.Master)
	if err != nil {
		return Media{}, fmt.Errorf("prepared master: %w", err)
	}
	if format != "jpeg" && format != "png" {
		return Media{}, fmt.Errorf("prepared master is %s, want JPEG or PNG: %w", format, ErrPreparedMismatch)
	}
	ext := map[string]string{"jpeg": ".jpg", "png": ".png"}[format]
	m := Media{Key: contentKey(p.Master, ext), ContentType: "image/" + format, Width: cfg.Width, Height: cfg.Height,
		Bytes: int64(len(p.Master)), OriginalName: cleanName(originalName)}
	if old, err := l.byKey(ctx, m.Key); err == nil {
		return l.complete(ctx, old)
	} else if !errors.Is(err, ErrNotFound) {
		return Media{}, err
	}

	// The variants renderVariants would make, by format and width.
	type slot struct {
		format string
		width  int
	}
	want := map[slot]Variant{}
	for _, w := range l.opt.widths(m.Width) {
		h := m.Height
		if w != m.Width {
			h = max(1, (m.Height*w+m.Width/2)/m.Width)
		}
		want[slot{format, w}] = Variant{Width: w, Height: h, Format: format}
		if l.opt.WebP {
			want[slot{"webp", w}] = Variant{Width: w, Height: h, Format: "webp"}
		}
	}
	files := []variantFile{{Variant: Variant{Width: m.Width, Height: m.Height, Format: format, Key: m.Key, Bytes: m.Bytes}}}
	if _, full := want[slot{format, m.Width}]; !full {
		files = files[:0] // wider than every variant width: the master is no variant
	}
	for i, data := range p.Variants {
		f, c, err := fileConfig(data)
		if err != nil {
			return Media{}, fmt.Errorf("prepared variant %d: %w", i+1, err)
		}
		s := slot{f, c.Width}
		v, ok := want[s]
		if !ok || v.Height != c.Height || (f == format && c.Width == m.Width) {
			return Media{}, fmt.Errorf("prepared variant %d (%s %dx%d): %w", i+1, f, c.Width, c.Height, ErrPreparedMismatch)
		}
		delete(want, s)
		e := ext
		if f == "webp" {
			e = ".webp"
		}
		v.Key, v.Bytes = contentKey(data, e), int64(len(data))
		files = append(files, variantFile{Variant: v, data: data})
	}
	delete(want, slot{format, m.Width})
	if len(want) > 0 {
		return Media{}, fmt.Errorf("prepared picture lacks %d of its variants: %w", len(want), ErrPreparedMismatch)
	}
	slices.SortFunc(files, func(a, b variantFile) int { return compareVariants(a.Variant, b.Variant) })
	sum := sha256.Sum256(p.Master)
	return l.store(ctx, m, p.Master, files, hex.EncodeToString(sum[:]))
}

// fileConfig names the format of an encoded picture by its content and reads its size from
// the header, refusing one too large to decode safely.
func fileConfig(data []byte) (string, image.Config, error) {
	format := sniff(data)
	cfg, err := readConfig(format, data)
	return format, cfg, err
}
