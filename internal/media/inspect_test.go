package media

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

func TestAddUploadRefusesHostileFiles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		jpg := testkit.JPEG(t, testkit.Picture(120, 80))
		png := testkit.PNG(t, testkit.Picture(60, 40))
		webp := testkit.WebP(t, testkit.Picture(50, 30))
		cases := []struct {
			name, file string
			data       []byte
			want       error
		}{
			{"GIFAR", "photo.gif", testkit.Join(testkit.GIF(t, testkit.Picture(20, 20)), testkit.Zip(t)), ErrNotImage},
			{"JPEG and ZIP", "photo.jpg", testkit.Join(jpg, testkit.Zip(t)), ErrHiddenContent},
			{"JPEG and HTML", "photo.jpg", testkit.Join(jpg, []byte("<html><script>alert(1)</script>")), ErrHiddenContent},
			{"JPEG and PHP", "photo.jpg", testkit.Join(jpg, []byte("<?php system($_GET['c']); ?>")), ErrHiddenContent},
			{"script in a JPEG comment", "photo.jpg", testkit.JPEGWithComment(jpg, "<SCRIPT>alert(1)</SCRIPT>"), ErrHiddenContent},
			{"PHP in a PNG text chunk", "chart.png", testkit.PNGWithText(png, "<?php phpinfo(); ?>"), ErrHiddenContent},
			{"PNG and ZIP", "chart.png", testkit.Join(png, testkit.Zip(t)), ErrHiddenContent},
			{"WebP and HTML", "shot.webp", testkit.Join(webp, []byte("<!doctype html><p>hi")), ErrHiddenContent},
			{"SVG with script", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), ErrNotImage},
			{"plain SVG", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`), ErrNotImage},
			{"JPEG bomb", "huge.jpg", testkit.JPEGSize(t, jpg, 60000, 60000), ErrTooManyPixels},
			{"PNG bomb", "huge.png", pngBomb(t, 50000, 50000), ErrTooManyPixels},
			{"JPEG cut short", "cut.jpg", jpg[:len(jpg)-2], ErrDamaged},
			{"JPEG cut in its header", "cut.jpg", jpg[:200], ErrNotImage},
			{"PNG without IEND", "cut.png", png[:len(png)-12], ErrDamaged},
			{"WebP cut short", "cut.webp", webp[:len(webp)-10], ErrDamaged},
			{"JPEG named .html", "photo.html", jpg, ErrExtension},
			{"PNG named .jpg", "chart.jpg", png, ErrExtension},
			{"WebP named .php", "shot.php", webp, ErrExtension},
			{"path in the name", "../../etc/photo.jpg", jpg, ErrFileName},
			{"Windows path in the name", `C:\Users\x\photo.jpg`, jpg, ErrFileName},
			{"control character", "photo\x00.jpg", jpg, ErrFileName},
			{"new line", "photo\n.jpg", jpg, ErrFileName},
			{"bidi override", "photo\u202Egpj.exe", jpg, ErrFileName},
			{"bidi isolate", "\u2067photo.jpg", jpg, ErrFileName},
			{"too large", "big.jpg", testkit.Join(jpg, make([]byte, MaxUploadBytes)), ErrTooLarge},
		}
		for _, tc := range cases {
			if _, err := lib.AddUpload(ctx, tc.file, bytes.NewReader(tc.data), 0); !errors.Is(err, tc.want) {
				t.Errorf("%s: err = %v, want %v", tc.name, err, tc.want)
			}
		}
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM media").Scan(&n); err != nil || n != 0 {
			t.Errorf("media rows = %d (%v), want none", n, err)
		}
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM media_variants").Scan(&n); err != nil || n != 0 {
			t.Errorf("variant rows = %d (%v), want none", n, err)
		}
		if files, err := os.ReadDir(lib.Dir()); err == nil && len(files) > 0 {
			t.Errorf("%d files left in the media folder", len(files))
		}

		// Names that are fine: Assamese with its joiners, no extension, version numbers,
		// and any of a format's usual extensions in any case.
		for i, name := range []string{"বিহু\u200dৰ ফটো.JPG", "photo", "Report v1.2", "scan.jpeg", "IMG_1.JFIF", ""} {
			pic := testkit.JPEG(t, testkit.Picture(30+i, 20))
			if _, err := lib.AddUpload(ctx, name, bytes.NewReader(pic), 0); err != nil {
				t.Errorf("%q: %v", name, err)
			}
		}
	})
}

func TestInspectPadding(t *testing.T) {
	jpg := testkit.JPEG(t, testkit.Picture(40, 30))
	// Some cameras pad a JPEG after its end with zeros; that is not hidden content.
	if _, err := Inspect(testkit.Join(jpg, make([]byte, 64))); err != nil {
		t.Errorf("zero padding: %v", err)
	}
	// A restart-marker JPEG and a progressive one walk to their end too.
	if f, err := Inspect(jpg); f != "jpeg" || err != nil {
		t.Errorf("Inspect(jpeg) = %q, %v", f, err)
	}
	if !HasMarkup([]byte("xx<ScRiPt>")) || HasMarkup([]byte("<x:xmpmeta><rdf:RDF>")) {
		t.Error("HasMarkup")
	}
}
