package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/disintegration/imaging"
	"github.com/gen2brain/webp"

	"github.com/batori-news/batori/internal/db"
)

// Variant is a responsive copy of a picture at one width in one format.
type Variant struct {
	MediaID int64
	Width   int
	Height  int
	// Format is "jpeg", "png" (the fallback of a transparent picture) or "webp".
	Format string
	Key    string
	Bytes  int64
}

// URL is the public path the variant is served at, immutable like the master's.
func (v Variant) URL() string { return "/media/" + v.Key }

// VariantOptions say which variants a Library makes.
type VariantOptions struct {
	// Widths are the target widths in pixels. A picture gets each width narrower than itself,
	// and one at its own width when it is no wider than the widest target: pictures are never
	// enlarged, and the WebP set always reaches the picture's full resolution.
	Widths []int
	// WebP adds a WebP copy at every width beside the JPEG (or PNG) one.
	WebP bool
	// JPEGQuality and WebPQuality are the encoders' quality settings (1–100).
	JPEGQuality int
	WebPQuality int
	// WebPMethod trades encoding time for size, 0 (fastest) to 6. At 2 a WebP is about
	// twice as fast to make as at libwebp's default of 4, for files within a few per cent.
	WebPMethod int
}

// DefaultVariantOptions are the widths a phone, a tablet and a desktop column need, in JPEG
// and WebP.
func DefaultVariantOptions() VariantOptions {
	return VariantOptions{Widths: []int{320, 640, 960, 1280}, WebP: true, JPEGQuality: 80, WebPQuality: 75, WebPMethod: 2}
}

// SetVariantOptions changes the variants made from now on; call it before the library is
// used. Tests use it to skip WebP where encoding time matters more than coverage.
func (l *Library) SetVariantOptions(o VariantOptions) {
	o.Widths = slices.Sorted(slices.Values(o.Widths))
	l.opt = o
}

// widths returns the variant widths of a picture w pixels wide, narrowest first.
func (o VariantOptions) widths(w int) []int {
	var out []int
	for _, t := range o.Widths {
		if t > 0 && t < w {
			out = append(out, t)
		}
	}
	if len(o.Widths) > 0 && w <= o.Widths[len(o.Widths)-1] {
		out = append(out, w)
	}
	return out
}

// variantFile is a variant with its encoded bytes, before it is stored; data is nil when the
// variant is the master itself.
type variantFile struct {
	Variant
	data []byte
}

// renderVariants makes the responsive copies of img, the decoded picture whose master is m.
// It only computes: storing and recording are left to the caller, so that this work can move
// to a background job. At the picture's own width the fallback copy is the master itself.
func (l *Library) renderVariants(img image.Image, m Media) ([]variantFile, error) {
	fallback, ext := "jpeg", ".jpg"
	if m.ContentType == "image/png" {
		fallback, ext = "png", ".png"
	}
	type job struct {
		pic    image.Image
		format string
		slot   int // index in out
	}
	var jobs []job
	widths := l.opt.widths(m.Width)
	out := make([]variantFile, 0, 2*len(widths))
	// Widest first, each resized from the one before: the big resize from a 12-megapixel
	// photo happens once.
	src := img
	for i := len(widths) - 1; i >= 0; i-- {
		w := widths[i]
		pic := src
		if w == m.Width {
			out = append(out, variantFile{Variant: Variant{Width: m.Width, Height: m.Height, Format: fallback, Key: m.Key, Bytes: m.Bytes}})
		} else {
			h := max(1, (m.Height*w+m.Width/2)/m.Width)
			pic = imaging.Resize(src, w, h, imaging.CatmullRom)
			src = pic
			out = append(out, variantFile{Variant: Variant{Width: w, Height: h, Format: fallback}})
			jobs = append(jobs, job{pic, fallback, len(out) - 1})
		}
		if l.opt.WebP {
			b := pic.Bounds()
			out = append(out, variantFile{Variant: Variant{Width: b.Dx(), Height: b.Dy(), Format: "webp"}})
			jobs = append(jobs, job{pic, "webp", len(out) - 1})
		}
	}
	// Encoding dominates (WebP runs in WebAssembly); the copies are independent, so they
	// are encoded side by side, one per CPU.
	limit := make(chan struct{}, runtime.GOMAXPROCS(0))
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Go(func() {
			limit <- struct{}{}
			defer func() { <-limit }()
			data, err := l.encode(j.pic, j.format)
			if err != nil {
				errs[i] = err
				return
			}
			e := ext
			if j.format == "webp" {
				e = ".webp"
			}
			v := &out[j.slot]
			v.data, v.Key, v.Bytes = data, contentKey(data, e), int64(len(data))
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b variantFile) int { return compareVariants(a.Variant, b.Variant) })
	return out, nil
}

func compareVariants(a, b Variant) int {
	if a.Width != b.Width {
		return a.Width - b.Width
	}
	return strings.Compare(a.Format, b.Format)
}

func (l *Library) encode(img image.Image, format string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case "jpeg":
		err = jpeg.Encode(&buf, encodable(img), &jpeg.Options{Quality: l.opt.JPEGQuality})
	case "png":
		err = png.Encode(&buf, img)
	case "webp":
		err = webp.Encode(&buf, img, webp.Options{Quality: l.opt.WebPQuality, Method: l.opt.WebPMethod})
	default:
		err = fmt.Errorf("unknown format %q", format)
	}
	if err != nil {
		return nil, fmt.Errorf("encode %s variant: %w", format, err)
	}
	return buf.Bytes(), nil
}

func insertVariants(ctx context.Context, tx *db.Tx, mediaID int64, files []variantFile) ([]Variant, error) {
	out := make([]Variant, 0, len(files))
	for _, f := range files {
		v := f.Variant
		v.MediaID = mediaID
		_, err := tx.Exec(ctx, `INSERT INTO media_variants (media_id, width, height, format, storage_key, bytes)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (media_id, format, width) DO NOTHING`,
			v.MediaID, v.Width, v.Height, v.Format, v.Key, v.Bytes)
		if err != nil {
			return nil, fmt.Errorf("record variant: %w", err)
		}
		out = append(out, v)
	}
	return out, nil
}

// GenerateVariants makes and records the variants of media id from its stored master, unless
// it has some already, and returns them. Uploads make their variants at once; this serves
// pictures stored before variants existed, and is the unit a background job would run.
func (l *Library) GenerateVariants(ctx context.Context, id int64) ([]Variant, error) {
	if vs, err := l.Variants(ctx, id); err != nil || len(vs) > 0 {
		return vs, err
	}
	m, err := scanMedia(l.db.QueryRow(ctx, selectMedia+" WHERE id = ?", id))
	if err != nil {
		return nil, err
	}
	data, err := l.read(ctx, m.Key)
	if err != nil {
		return nil, fmt.Errorf("read master %s: %w", m.Key, err)
	}
	format := sniff(data)
	if format == "" {
		return nil, fmt.Errorf("master %s: %w", m.Key, ErrNotImage)
	}
	release, err := l.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	img, err := decode(format, data)
	if err != nil {
		return nil, fmt.Errorf("decode master %s: %w", m.Key, err)
	}
	// The master's recorded size is what pages reserve space for; variants keep its shape.
	if b := img.Bounds(); b.Dx() != m.Width || b.Dy() != m.Height {
		m.Width, m.Height = b.Dx(), b.Dy()
	}
	files, err := l.renderVariants(img, m)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if f.data != nil {
			if err := l.write(ctx, f.Key, f.data); err != nil {
				return nil, err
			}
		}
	}
	err = l.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := insertVariants(ctx, tx, id, files)
		return err
	})
	if err != nil {
		return nil, err
	}
	return l.Variants(ctx, id)
}

// read returns the whole file under key.
func (l *Library) read(ctx context.Context, key string) ([]byte, error) {
	f, err := l.files.Open(ctx, key)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxUploadBytes+1))
}

// Variants returns the variants of media id, narrowest first.
func (l *Library) Variants(ctx context.Context, mediaID int64) ([]Variant, error) {
	byMedia, err := l.VariantsOf(ctx, []int64{mediaID})
	return byMedia[mediaID], err
}

// VariantsOf returns the variants of several pictures in one query, by media id.
func (l *Library) VariantsOf(ctx context.Context, ids []int64) (map[int64][]Variant, error) {
	out := map[int64][]Variant{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := l.db.Query(ctx, `SELECT media_id, width, height, format, storage_key, bytes FROM media_variants
		WHERE media_id IN (`+db.In(len(ids))+`) ORDER BY media_id, width, format`, args...)
	if err != nil {
		return nil, fmt.Errorf("read variants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v Variant
		if err := rows.Scan(&v.MediaID, &v.Width, &v.Height, &v.Format, &v.Key, &v.Bytes); err != nil {
			return nil, fmt.Errorf("read variants: %w", err)
		}
		out[v.MediaID] = append(out[v.MediaID], v)
	}
	return out, rows.Err()
}

// Srcset returns the srcset attribute values of vs: the fallback set (JPEG, or PNG for a
// transparent picture) and the WebP set, each like "/media/k1.jpg 320w, /media/k2.jpg 640w";
// both are empty when there are no variants.
func Srcset(vs []Variant) (jpeg, webp string) {
	var fb, wp []string
	for _, v := range vs {
		entry := v.URL() + " " + strconv.Itoa(v.Width) + "w"
		if v.Format == "webp" {
			wp = append(wp, entry)
		} else {
			fb = append(fb, entry)
		}
	}
	return strings.Join(fb, ", "), strings.Join(wp, ", ")
}

// Srcset returns the srcset attribute values of m's variants, as the function Srcset does.
func (m Media) Srcset() (jpeg, webp string) { return Srcset(m.Variants) }

// Src returns the URL of the widest fallback (JPEG or PNG) variant at most maxWidth wide, or
// of the narrowest one when all are wider, for the src of an img: the one picture a browser
// that ignores srcset loads. It returns "" when vs has no fallback variant.
func Src(vs []Variant, maxWidth int) string {
	src := ""
	for _, v := range vs {
		if v.Format == "webp" {
			continue
		}
		if src == "" || v.Width <= maxWidth {
			src = v.URL()
		}
	}
	return src
}
