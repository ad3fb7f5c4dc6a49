package media

import (
	"bytes"
	"errors"
	"image"
	"testing"

	"github.com/batori-news/batori/internal/testkit"
)

// FuzzUploadChecks runs an upload's bytes through the checks AddImage makes before and while
// decoding: whatever the bytes, nothing panics; a file the header check passes never decodes
// to more pixels than MaxPixels, nor to a size other than its header's (turned upright for a
// JPEG); and what decodes re-encodes to a master that is itself an accepted image of the
// same size, so the library never stores a file it could not read back.
func FuzzUploadChecks(f *testing.F) {
	pic := testkit.Picture(7, 5)
	jpg := testkit.JPEG(f, pic)
	png := testkit.PNG(f, pic)
	webp := testkit.WebP(f, pic)
	for _, b := range [][]byte{
		jpg, png, webp,
		testkit.PNG(f, transparentTop(testkit.Picture(4, 6))),
		withEXIF(f, jpg, 6, true),
		jpg[:len(jpg)/2], png[:len(png)-12], webp[:30],
		append(append([]byte{}, jpg...), "<?php echo 1; ?><script>alert(1)</script>"...),
		pngBomb(f, 20000, 20000),
		pngBomb(f, 6000, 6000),
		testkit.GIF(f, pic),
		[]byte("\xFF\xD8\xFF"),
		[]byte("\x89PNG\r\n\x1a\n"),
		[]byte("RIFF\x00\x00\x00\x00WEBPVP8 "),
		[]byte("<svg onload=alert(1)>"),
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// The container walk must end on any input, and accept only what the header check does.
		if fm, err := Inspect(data); err == nil && (fm != sniff(data) || checkConfig(fm, data) != nil) {
			t.Fatalf("Inspect accepted %q that the header check refuses", fm)
		}
		format := sniff(data)
		if format == "" {
			return
		}
		if err := checkConfig(format, data); err != nil {
			if !errors.Is(err, ErrNotImage) && !errors.Is(err, ErrTooManyPixels) {
				t.Fatalf("checkConfig: unexpected error %v", err)
			}
			return
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("checkConfig passed a %s that image.DecodeConfig refuses: %v", format, err)
		}
		img, err := decode(format, data)
		if err != nil {
			return // AddImage answers ErrNotImage
		}
		w, h := img.Bounds().Dx(), img.Bounds().Dy()
		if int64(w)*int64(h) > MaxPixels || w > MaxSide || h > MaxSide {
			t.Fatalf("decoded %dx%d, over the limits", w, h)
		}
		if !(w == cfg.Width && h == cfg.Height) && !(format == "jpeg" && w == cfg.Height && h == cfg.Width) {
			t.Fatalf("%s header says %dx%d, decoded %dx%d", format, cfg.Width, cfg.Height, w, h)
		}
		m, master, err := encodeMaster(img, masterQuality)
		if err != nil {
			t.Fatalf("encodeMaster: %v", err)
		}
		mf := sniff(master)
		if mf == "" || checkConfig(mf, master) != nil {
			t.Fatalf("master %s is not an accepted image", m.ContentType)
		}
		back, err := decode(mf, master)
		if err != nil || back.Bounds().Dx() != w || back.Bounds().Dy() != h {
			t.Fatalf("master does not decode to %dx%d: %v", w, h, err)
		}
	})
}
