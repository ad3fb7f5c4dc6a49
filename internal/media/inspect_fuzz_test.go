package media

import (
	"bytes"
	"errors"
	"image"
	"path"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzInspect: whatever an upload holds, Inspect ends without panicking and answers one of
// its errors; what it accepts is a JPEG, PNG or WebP whose header reads within the pixel
// limits, with no markup anywhere in it, and to which any appended HTML is refused as hidden
// content. The committed seeds (testdata/fuzz/FuzzInspect) are the polyglots and damaged
// files of the upload rules: a GIFAR, JPEGs with HTML, PHP or a ZIP after their end, a PDF
// with JavaScript, an SVG with a script, truncated PNG and WebP, and small decompression
// bombs whose headers claim billions of pixels.
func FuzzInspect(f *testing.F) {
	f.Add([]byte("\xFF\xD8\xFF\xD9"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		format, err := Inspect(data)
		if err != nil {
			if format != "" {
				t.Fatalf("refused (%v) but named %q", err, format)
			}
			for _, known := range []error{ErrNotImage, ErrTooManyPixels, ErrDamaged, ErrHiddenContent} {
				if errors.Is(err, known) {
					return
				}
			}
			t.Fatalf("unexpected error %v", err)
		}
		if _, ok := Extensions[format]; !ok || format != sniff(data) {
			t.Fatalf("accepted as %q, sniffed as %q", format, sniff(data))
		}
		cfg, name, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || name != format {
			t.Fatalf("accepted a %s whose header reads %q: %v", format, name, err)
		}
		if cfg.Width > MaxSide || cfg.Height > MaxSide || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
			t.Fatalf("accepted %dx%d, over the limits", cfg.Width, cfg.Height)
		}
		if HasMarkup(data) {
			t.Fatalf("accepted a %s with markup inside", format)
		}
		for _, tail := range []string{"<script>alert(1)</script>", "<?php echo 1; ?>", "PK\x03\x04"} {
			if _, err := Inspect(append(bytes.Clone(data), tail...)); !errors.Is(err, ErrHiddenContent) {
				t.Fatalf("accepted %s with %q appended: %v", format, tail, err)
			}
		}
	})
}

// FuzzCheckName: a name CheckName lets through is one plain file name (no separator, control
// character or direction override, valid UTF-8) whose extension, if it looks like one, is
// among those allowed; and the answer does not depend on the extension's letter case.
func FuzzCheckName(f *testing.F) {
	for _, s := range []string{"photo.jpg", "../../etc/passwd.jpg", `C:\fakepath\a.png`, "photo\u202Egpj.exe",
		"\u2067photo.jpg", "photo\x00.jpg", "a\nb.jpg", "photo.HTML", "Bihu 2025.final", "Report v1.2", ".", "..",
		"অসমৰ বানপানী.jpeg", "photo.jpg.php", "\xff.jpg", ""} {
		f.Add(s)
	}
	exts := Extensions["jpeg"]
	f.Fuzz(func(t *testing.T, name string) {
		err := CheckName(name, exts)
		if err != nil && !errors.Is(err, ErrFileName) && !errors.Is(err, ErrExtension) {
			t.Fatalf("unexpected error %v", err)
		}
		if err != nil {
			return
		}
		if !utf8.ValidString(name) || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
			t.Fatalf("accepted %q", name)
		}
		for _, r := range name {
			if unicode.IsControl(r) || isBidiControl(r) {
				t.Fatalf("accepted %q with %U", name, r)
			}
		}
		ext := strings.ToLower(path.Ext(strings.TrimSpace(name)))
		if looksLikeExtension(ext) {
			ok := false
			for _, e := range exts {
				ok = ok || e == ext
			}
			if !ok {
				t.Fatalf("accepted %q with extension %q", name, ext)
			}
		}
		// Letter case only in ASCII: "ı" and "ſ" turn into other letters when upper-cased.
		upper := strings.TrimSuffix(name, path.Ext(name)) + strings.ToUpper(path.Ext(name))
		if isASCII(path.Ext(name)) && CheckName(upper, exts) != nil {
			t.Fatalf("%q accepted but %q refused", name, upper)
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
