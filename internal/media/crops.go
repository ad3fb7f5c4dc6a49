package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decodes the JPEG copies crops are cut from
	"path/filepath"
	"strconv"
	"strings"

	"github.com/disintegration/imaging"
)

// Ratio is an aspect ratio a crop is cut to.
type Ratio struct{ W, H int }

// CropRatios are the shapes search engines ask a story's picture in: 16:9, 4:3 and 1:1.
var CropRatios = []Ratio{{16, 9}, {4, 3}, {1, 1}}

// cropWidth bounds a crop's width: enough for every preview, no bigger than the widest copy.
const cropWidth = 1200

// Crops returns JPEG crops of the picture in each of CropRatios, centred, cut from its widest
// JPEG copy and made once: a crop already on disk is reused. Pictures without a JPEG copy (a
// transparent PNG) have none. Crops are files beside the variants, served alike, and not
// listed among them: srcsets keep the picture's own shape.
func (l *Library) Crops(ctx context.Context, mediaID int64) ([]Variant, error) {
	vs, err := l.Variants(ctx, mediaID)
	if err != nil {
		return nil, err
	}
	return l.CropsFrom(ctx, mediaID, vs)
}

// CropsFrom is Crops for a caller that has read the picture's variants already (Variants):
// the reader site keeps them, and asks for the crops on every render of an article.
func (l *Library) CropsFrom(ctx context.Context, mediaID int64, vs []Variant) ([]Variant, error) {
	var src *Variant
	for i, v := range vs {
		if v.Format == "jpeg" && (src == nil || v.Width > src.Width) {
			src = &vs[i]
		}
	}
	if src == nil {
		return nil, nil
	}
	base := strings.TrimSuffix(src.Key, filepath.Ext(src.Key))
	var img image.Image
	out := make([]Variant, 0, len(CropRatios))
	for _, r := range CropRatios {
		w, h := cropSize(src.Width, src.Height, r)
		c := Variant{MediaID: mediaID, Width: w, Height: h, Format: "jpeg",
			Key: base + "-" + strconv.Itoa(r.W) + "x" + strconv.Itoa(r.H) + ".jpg"}
		if st, err := l.files.Stat(ctx, c.Key); err == nil {
			c.Bytes = st.Size
			out = append(out, c)
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		if img == nil {
			var err error
			if img, err = l.decodeFile(ctx, src.Key); err != nil {
				return nil, err
			}
		}
		data, err := l.encode(imaging.Fill(img, w, h, imaging.Center, imaging.Linear), "jpeg")
		if err != nil {
			return nil, err
		}
		if err := l.write(ctx, c.Key, data); err != nil {
			return nil, err
		}
		c.Bytes = int64(len(data))
		out = append(out, c)
	}
	return out, nil
}

// cropOf returns the key of the picture whose crop key is, or "" when key is no crop's.
func cropOf(key string) string {
	for _, r := range CropRatios {
		if base, ok := strings.CutSuffix(key, "-"+strconv.Itoa(r.W)+"x"+strconv.Itoa(r.H)+".jpg"); ok {
			return base
		}
	}
	return ""
}

// cropSize is the largest r-shaped size inside w×h, scaled down to cropWidth.
func cropSize(w, h int, r Ratio) (int, int) {
	cw, ch := w, w*r.H/r.W
	if ch > h {
		cw, ch = h*r.W/r.H, h
	}
	if cw > cropWidth {
		cw, ch = cropWidth, cropWidth*r.H/r.W
	}
	return max(1, cw), max(1, ch)
}

// decodeFile decodes a stored picture, within the library's decoding bound.
func (l *Library) decodeFile(ctx context.Context, key string) (image.Image, error) {
	release, err := l.acquire(ctx)
	defer release()
	if err != nil {
		return nil, err
	}
	data, err := l.read(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", key, err)
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("decode %s: %w", key, err)
	}
	return img, nil
}
