package media

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

func newLibrary(t testing.TB, d *db.DB) *Library {
	t.Helper()
	return NewLibrary(d, filepath.Join(t.TempDir(), "media"))
}

func (l *Library) readFile(t testing.TB, key string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(l.Dir(), key))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAddUploadFormatsByContent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		accepted := []struct {
			name      string
			data      []byte
			wantType  string
			wantW     int
			wantH     int
			fallbacks string
		}{
			{"photo.jpg", testkit.JPEG(t, testkit.Picture(120, 80)), "image/jpeg", 120, 80, "jpeg"},
			{"screen.png", testkit.PNG(t, testkit.Picture(100, 60)), "image/jpeg", 100, 60, "jpeg"},
			{"logo.png", testkit.PNG(t, transparentTop(testkit.Picture(90, 90))), "image/png", 90, 90, "png"},
			{"phone.webp", testkit.WebP(t, testkit.Picture(110, 70)), "image/jpeg", 110, 70, "jpeg"},
			// A name without an extension leaves the content to decide.
			{"from the phone", testkit.WebP(t, testkit.Picture(70, 110)), "image/jpeg", 70, 110, "jpeg"},
		}
		for _, tc := range accepted {
			m, err := lib.AddUpload(ctx, tc.name, bytes.NewReader(tc.data), 0)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if m.ContentType != tc.wantType || m.Width != tc.wantW || m.Height != tc.wantH || m.OriginalName != tc.name {
				t.Errorf("%s: got %+v", tc.name, m)
			}
			stored := lib.readFile(t, m.Key)
			if int64(len(stored)) != m.Bytes {
				t.Errorf("%s: %d bytes on disk, %d recorded", tc.name, len(stored), m.Bytes)
			}
			cfg, format, err := image.DecodeConfig(bytes.NewReader(stored))
			if err != nil || "image/"+format != tc.wantType || cfg.Width != tc.wantW || cfg.Height != tc.wantH {
				t.Errorf("%s: stored file is %s %dx%d (%v)", tc.name, format, cfg.Width, cfg.Height, err)
			}
			if !strings.HasSuffix(m.Key, map[string]string{"image/jpeg": ".jpg", "image/png": ".png"}[tc.wantType]) {
				t.Errorf("%s: key %s", tc.name, m.Key)
			}
			for _, v := range m.Variants {
				if v.Format != tc.fallbacks && v.Format != "webp" {
					t.Errorf("%s: variant format %s, want %s or webp", tc.name, v.Format, tc.fallbacks)
				}
			}
			if tc.wantType == "image/png" {
				// Transparency survives in the master.
				img, err := png.Decode(bytes.NewReader(stored))
				if err != nil {
					t.Fatal(err)
				}
				if _, _, _, a := img.At(5, 5).RGBA(); a != 0 {
					t.Errorf("%s: transparent pixel has alpha %d", tc.name, a)
				}
			}
		}

		rejected := []struct {
			name string
			data []byte
		}{
			{"report.jpg", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n")},
			{"page.jpg", []byte("<!doctype html><html><body><script>alert(1)</script></body></html>")},
			{"anim.jpg", testkit.GIF(t, testkit.Picture(40, 40))},
			{"svg.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`)},
			{"empty.jpg", nil},
			{"truncated.jpg", testkit.JPEG(t, testkit.Picture(200, 200))[:300]},
			{"garbage.jpg", append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte{0x42}, 500)...)},
			{"garbage.png", append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 100)...)},
			{"garbage.webp", []byte("RIFF\x20\x00\x00\x00WEBPVP8 \x10\x00\x00\x00garbagegarbage..")},
		}
		for _, tc := range rejected {
			if _, err := lib.AddUpload(ctx, tc.name, bytes.NewReader(tc.data), 0); !errors.Is(err, ErrNotImage) {
				t.Errorf("%s: err = %v, want ErrNotImage", tc.name, err)
			}
		}
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM media").Scan(&n); err != nil || n != len(accepted) {
			t.Errorf("media rows = %d (%v), want %d", n, err, len(accepted))
		}
	})
}

func TestAddUploadTooLarge(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		// A JPEG start followed by padding: the size is refused before anything is parsed.
		big := io.MultiReader(bytes.NewReader(testkit.JPEG(t, testkit.Picture(64, 64))), bytes.NewReader(make([]byte, MaxUploadBytes)))
		if _, err := lib.AddUpload(ctx, "big.jpg", big, 0); !errors.Is(err, ErrTooLarge) {
			t.Errorf("AddUpload(15 MiB + a JPEG) = %v, want ErrTooLarge", err)
		}
		if _, err := lib.AddImage(ctx, "big.jpg", make([]byte, MaxUploadBytes+1)); !errors.Is(err, ErrTooLarge) {
			t.Errorf("AddImage(15 MiB + 1) = %v, want ErrTooLarge", err)
		}
		// Exactly the limit is read in full (and here refused only for not being a picture).
		if _, err := lib.AddUpload(ctx, "limit.jpg", bytes.NewReader(make([]byte, MaxUploadBytes)), 0); !errors.Is(err, ErrNotImage) {
			t.Errorf("AddUpload(15 MiB of zeros) = %v, want ErrNotImage", err)
		}
	})
}

func TestAddUploadPixelBomb(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		bombs := []struct {
			name string
			data []byte
		}{
			{"50000x50000", pngBomb(t, 50000, 50000)},
			{"side over 12000", pngBomb(t, 12001, 100)},
			{"over 40 MP", pngBomb(t, 8000, 5001)},
		}
		for _, tc := range bombs {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, err := lib.AddUpload(ctx, "bomb.png", bytes.NewReader(tc.data), 0)
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrTooManyPixels) {
				t.Errorf("%s: err = %v, want ErrTooManyPixels", tc.name, err)
			}
			// Decoding 50000×50000 would take 7.5 GB; reading the header takes kilobytes
			// beyond the copy of the upload itself.
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 8<<20 {
				t.Errorf("%s: allocated %d MB refusing the file", tc.name, grew>>20)
			}
		}
		// Within the limits a large header is fine as far as the guard goes.
		if err := checkConfig("png", pngBomb(t, 8000, 5000)); err != nil {
			t.Errorf("8000x5000 (40 MP exactly): %v", err)
		}
	})
}

func TestAddUploadOrientationAndEXIF(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		// A landscape sensor image that the phone says to turn 90° clockwise (orientation 6).
		upload := withEXIF(t, testkit.JPEG(t, testkit.Picture(160, 96)), 6, true)
		if _, app1 := jpegSegments(t, upload); len(app1) != 1 || !bytes.Contains(app1[0], []byte(exifMake)) {
			t.Fatal("fixture lacks its EXIF block")
		}
		m, err := lib.AddUpload(ctx, "IMG_20250815_093012.jpg", bytes.NewReader(upload), 0)
		if err != nil {
			t.Fatal(err)
		}
		if m.Width != 96 || m.Height != 160 {
			t.Errorf("recorded %dx%d, want the upright 96x160", m.Width, m.Height)
		}
		stored := lib.readFile(t, m.Key)
		markers, app1 := jpegSegments(t, stored)
		if len(app1) != 0 {
			t.Errorf("stored master has APP1 segments: %q", app1)
		}
		for _, mk := range markers {
			if mk >= 0xE1 && mk <= 0xEF {
				t.Errorf("stored master has APP%d segment", mk-0xE0)
			}
		}
		img, err := jpeg.Decode(bytes.NewReader(stored))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != 96 || b.Dy() != 160 {
			t.Errorf("stored master is %v, want 96x160", b)
		}
		// The red block was top-left of the sensor image; turned clockwise it is top-right.
		if r, g, _, _ := img.At(96-5, 5).RGBA(); r>>8 < 180 || g>>8 > 80 {
			t.Errorf("top-right pixel is not red (r=%d g=%d): turned the wrong way", r>>8, g>>8)
		}
		if r, g, _, _ := img.At(5, 5).RGBA(); r>>8 > 180 && g>>8 < 80 {
			t.Error("top-left pixel is red: picture not turned")
		}
		// Nothing served to readers carries the metadata: master or variants.
		files := []string{m.Key}
		for _, v := range m.Variants {
			files = append(files, v.Key)
			if v.Height <= v.Width {
				t.Errorf("variant %dx%d is not upright", v.Width, v.Height)
			}
		}
		for _, key := range files {
			b := lib.readFile(t, key)
			for _, secret := range []string{"Exif", exifMake, "MM\x00\x2a"} {
				if bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s contains %q", key, secret)
				}
			}
		}
	})
}

func TestAddUploadDuplicates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		plain := testkit.JPEG(t, testkit.Picture(150, 100))
		first, err := lib.AddUpload(ctx, "a.jpg", bytes.NewReader(plain), 0)
		if err != nil {
			t.Fatal(err)
		}
		again, err := lib.AddImage(ctx, "b.jpg", plain)
		if err != nil {
			t.Fatal(err)
		}
		// The same picture with other metadata (and no turn) re-encodes to the same master.
		tagged, err := lib.AddUpload(ctx, "c.jpg", bytes.NewReader(withEXIF(t, plain, 1, true)), 0)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != first.ID || tagged.ID != first.ID || again.Key != first.Key {
			t.Errorf("ids %d, %d, %d: want one row", first.ID, again.ID, tagged.ID)
		}
		if len(again.Variants) != len(first.Variants) || len(again.Variants) == 0 {
			t.Errorf("variants %d then %d", len(first.Variants), len(again.Variants))
		}
		if again.OriginalName != "a.jpg" {
			t.Errorf("original name %q, want the first upload's", again.OriginalName)
		}
		// Several uploads of one new picture at once: one row, whoever wins the race.
		other := testkit.JPEG(t, testkit.Picture(151, 100))
		ids := make([]int64, 4)
		var wg sync.WaitGroup
		for i := range ids {
			wg.Go(func() {
				m, err := lib.AddUpload(ctx, "same.jpg", bytes.NewReader(other), 0)
				if err != nil {
					t.Error(err)
				}
				ids[i] = m.ID
			})
		}
		wg.Wait()
		if ids[0] == 0 || slices.ContainsFunc(ids, func(id int64) bool { return id != ids[0] }) {
			t.Errorf("concurrent uploads got ids %v", ids)
		}
		var rows, variants int
		d.QueryRow(ctx, "SELECT COUNT(*) FROM media").Scan(&rows)
		d.QueryRow(ctx, "SELECT COUNT(*) FROM media_variants").Scan(&variants)
		if rows != 2 || variants != 2*len(first.Variants) {
			t.Errorf("%d media rows and %d variant rows, want 2 and %d", rows, variants, 2*len(first.Variants))
		}
	})
}

func TestAddUploadRecordsUploader(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		var uid int64
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			uid, err = tx.InsertID(ctx, "INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)",
				"reporter@batori.example", "Reporter", "x", "reporter", time.Now().UTC())
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		m, err := lib.AddUpload(ctx, "নৈ.jpg", bytes.NewReader(testkit.JPEG(t, testkit.Picture(50, 40))), uid)
		if err != nil {
			t.Fatal(err)
		}
		got, err := lib.Get(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.UploadedBy != uid || got.OriginalName != "নৈ.jpg" || got.Key != m.Key || len(got.Variants) != len(m.Variants) {
			t.Errorf("Get = %+v, want uploader %d, name নৈ.jpg and %d variants", got, uid, len(m.Variants))
		}
		if !got.CreatedAt.Equal(m.CreatedAt) {
			t.Errorf("created %v, recorded %v", got.CreatedAt, m.CreatedAt)
		}
		if _, err := lib.Get(ctx, m.ID+100); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get(unknown) = %v", err)
		}
	})
}

func TestAddUploadWaitsForContext(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		lib := newLibrary(t, d)
		// Both decoding slots busy: an upload whose request is gone gives up.
		lib.decoding <- struct{}{}
		lib.decoding <- struct{}{}
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		if _, err := lib.AddImage(ctx, "a.jpg", testkit.JPEG(t, testkit.Picture(40, 40))); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("AddImage with busy decoders = %v", err)
		}
	})
}
