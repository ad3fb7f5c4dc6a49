package media

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/gen2brain/webp"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

// texturedPhoto is photo with grain, closer to a camera picture than a clean gradient, which
// encoders find too easy.
func texturedPhoto(w, h int) *image.NRGBA {
	img := testkit.Picture(w, h)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < len(img.Pix); i += 4 {
		for c := range 3 {
			v := int(img.Pix[i+c]) + rng.IntN(49) - 24
			img.Pix[i+c] = uint8(min(255, max(0, v)))
		}
	}
	return img
}

// BenchmarkRenderVariants measures making the responsive copies of one decoded 1200×800
// picture: with the default options that is JPEG and WebP at 320, 640, 960 and 1200.
//
//	go test -run '^$' -bench RenderVariants -count 5 ./internal/media
func BenchmarkRenderVariants(b *testing.B) {
	webp.Init() // compile the WebP module outside the timing
	img, err := jpeg.Decode(bytes.NewReader(testkit.JPEG(b, texturedPhoto(1200, 800))))
	if err != nil {
		b.Fatal(err)
	}
	m, _, err := encodeMaster(img, masterQuality)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		opt  VariantOptions
	}{
		{"jpeg+webp", DefaultVariantOptions()},
		{"jpeg", VariantOptions{Widths: DefaultVariantOptions().Widths, JPEGQuality: 80}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			lib := &Library{opt: bc.opt}
			for b.Loop() {
				if _, err := lib.renderVariants(img, m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAddUploadPhone measures a whole upload of a 12-megapixel phone photo turned by
// its EXIF orientation: read, decode, turn, master, variants, files and rows (SQLite).
//
//	go test -run '^$' -bench AddUploadPhone -benchtime 5x ./internal/media
func BenchmarkAddUploadPhone(b *testing.B) {
	webp.Init()
	upload := withEXIF(b, testkit.JPEG(b, texturedPhoto(4000, 3000)), 6, true)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		// A fresh database and folder each time, so nothing is found as a duplicate.
		b.StopTimer()
		lib := NewLibrary(dbtest.Open(b, db.SQLite), filepath.Join(b.TempDir(), "media"))
		b.StartTimer()
		if _, err := lib.AddUpload(ctx, "IMG.jpg", bytes.NewReader(upload), 0); err != nil {
			b.Fatal(err)
		}
	}
}
