package media

import (
	"bytes"
	"context"
	"image"
	"os"
	"path/filepath"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

func TestCrops(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l := NewLibrary(d, filepath.Join(t.TempDir(), "media"))
		l.SetVariantOptions(VariantOptions{Widths: []int{640, 1280}, JPEGQuality: 80})
		m, err := l.AddImage(ctx, "wide.jpg", testkit.JPEG(t, testkit.Picture(1600, 1200)))
		if err != nil {
			t.Fatal(err)
		}
		crops, err := l.Crops(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Cut from the 1280×960 copy.
		want := [][2]int{{1200, 675}, {1200, 900}, {960, 960}}
		if len(crops) != 3 {
			t.Fatalf("%d crops", len(crops))
		}
		for i, c := range crops {
			data, err := os.ReadFile(filepath.Join(l.Dir(), c.Key))
			if err != nil {
				t.Fatal(err)
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
			if err != nil || format != "jpeg" || cfg.Width != want[i][0] || cfg.Height != want[i][1] || c.Width != cfg.Width || c.Bytes != int64(len(data)) {
				t.Errorf("crop %d: %+v, file %dx%d %s %v, want %v", i, c, cfg.Width, cfg.Height, format, err, want[i])
			}
		}
		// Asked again, the files on disk serve: nothing is made twice.
		again, err := l.Crops(ctx, m.ID)
		if err != nil || len(again) != 3 || again[0] != crops[0] {
			t.Errorf("again: %+v, %v", again, err)
		}
		// A crop is never among the variants srcsets are made from.
		vs, _ := l.Variants(ctx, m.ID)
		for _, v := range vs {
			for _, c := range crops {
				if v.Key == c.Key {
					t.Errorf("crop %s listed as a variant", c.Key)
				}
			}
		}
	})
}

// BenchmarkCrops measures making the three crops of a picture whose widest copy is
// 1280×960, as the first render of its article does.
func BenchmarkCrops(b *testing.B) {
	ctx := context.Background()
	l := NewLibrary(dbtest.Open(b, db.SQLite), filepath.Join(b.TempDir(), "media"))
	l.SetVariantOptions(VariantOptions{Widths: []int{1280}, JPEGQuality: 80})
	m, err := l.AddImage(ctx, "wide.jpg", testkit.JPEG(b, texturedPhoto(1600, 1200)))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		crops, err := l.Crops(ctx, m.ID)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		for _, c := range crops {
			os.Remove(filepath.Join(l.Dir(), c.Key))
		}
		b.StartTimer()
	}
}
