package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrDamaged is returned for a picture that starts well but stops before its end (a cut-off
// upload) or whose structure does not hold together.
var ErrDamaged = errors.New("image is damaged or incomplete")

// ErrHiddenContent is returned for a file that carries something besides what it claims to
// be: data after the end of the picture (a ZIP, HTML or PHP appended to a JPEG, the GIFAR
// trick) or markup in its metadata. Such a polyglot is one thing to an image viewer and
// another to a browser, an archive tool or a server script.
var ErrHiddenContent = errors.New("file carries data besides the picture")

// ErrFileName is returned for a file name with a path separator, a control character or a
// bidirectional override (which makes "gpj.exe" read as "exe.jpg").
var ErrFileName = errors.New("file name has a path, a control character or a direction override")

// ErrExtension is returned when a file name's extension names another type than the
// content was found to be ("photo.html" that is a JPEG).
var ErrExtension = errors.New("file name's extension does not match its content")

// Extensions are the file-name extensions each accepted picture format may carry.
var Extensions = map[string][]string{
	"jpeg": {".jpg", ".jpeg", ".jpe", ".jfif"},
	"png":  {".png"},
	"webp": {".webp"},
}

// Inspect checks data as an uploaded picture without decoding its pixels: a JPEG, PNG or
// WebP by content (ErrNotImage otherwise), a header within the pixel limits
// (ErrTooManyPixels), complete (ErrDamaged) and nothing after its end or markup inside it
// (ErrHiddenContent). It returns the format's name ("jpeg", "png", "webp").
func Inspect(data []byte) (string, error) {
	format := sniff(data)
	if format == "" {
		return "", ErrNotImage
	}
	if err := checkConfig(format, data); err != nil {
		return "", err
	}
	if err := checkStructure(format, data); err != nil {
		return "", err
	}
	return format, nil
}

// CheckName refuses a file name that is not one plain name (ErrFileName) or whose extension
// is a file type's other than those listed in exts (ErrExtension). An empty name or one
// without an extension is fine: the content decides what a file is.
func CheckName(name string, exts []string) error {
	if !utf8.ValidString(name) || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return ErrFileName
	}
	for _, r := range name {
		if unicode.IsControl(r) || isBidiControl(r) {
			return ErrFileName
		}
	}
	ext := strings.ToLower(path.Ext(strings.TrimSpace(name)))
	if !looksLikeExtension(ext) {
		return nil
	}
	for _, e := range exts {
		if ext == e {
			return nil
		}
	}
	return ErrExtension
}

// looksLikeExtension reports whether ext (".xyz", lower case) names a file type: one to five
// ASCII letters or digits with a letter among them. "Report v1.2" has no extension; "Bihu
// 2025.final" does.
func looksLikeExtension(ext string) bool {
	if len(ext) < 2 || len(ext) > 6 {
		return false
	}
	letter := false
	for _, c := range ext[1:] {
		switch {
		case c >= 'a' && c <= 'z':
			letter = true
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return letter
}

// isBidiControl reports whether r changes the direction text is shown in: the embeddings,
// overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the marks (U+200E, U+200F,
// U+061C). Zero-width joiners, which Assamese text needs, are not among them.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) || r == 0x200E || r == 0x200F || r == 0x061C
}

// checkStructure walks the container of a picture that passed checkConfig: the JPEG's
// segments to its end marker, the PNG's chunks to IEND, the WebP's RIFF size. A file cut
// short is ErrDamaged; bytes after the end other than padding, or markup anywhere, are
// ErrHiddenContent.
func checkStructure(format string, data []byte) error {
	var end int
	var err error
	switch format {
	case "jpeg":
		end, err = jpegEnd(data)
	case "png":
		end, err = pngEnd(data)
	case "webp":
		end, err = webpEnd(data)
	default:
		return ErrNotImage
	}
	if err != nil {
		return err
	}
	for _, c := range data[end:] {
		if c != 0 && c != 0xFF && c != '\n' && c != '\r' {
			return ErrHiddenContent
		}
	}
	if HasMarkup(data[:end]) {
		return ErrHiddenContent
	}
	return nil
}

// jpegEnd returns the offset just past a JPEG's end-of-image marker.
func jpegEnd(b []byte) (int, error) {
	i := 2 // after SOI
	for {
		if i >= len(b) || b[i] != 0xFF {
			return 0, ErrDamaged
		}
		for i < len(b) && b[i] == 0xFF { // fill bytes
			i++
		}
		if i >= len(b) {
			return 0, ErrDamaged
		}
		m := b[i]
		i++
		switch {
		case m == 0xD9:
			return i, nil
		case m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			continue
		case m == 0x00 || m == 0xD8:
			return 0, ErrDamaged
		}
		if i+2 > len(b) {
			return 0, ErrDamaged
		}
		n := int(binary.BigEndian.Uint16(b[i:]))
		if n < 2 || i+n > len(b) {
			return 0, ErrDamaged
		}
		i += n
		if m != 0xDA {
			continue
		}
		// Entropy-coded data runs to the next marker that is neither a stuffed 0xFF00 nor a
		// restart marker.
		for {
			j := bytes.IndexByte(b[i:], 0xFF)
			if j < 0 {
				return 0, ErrDamaged
			}
			i += j
			if i+1 >= len(b) {
				return 0, ErrDamaged
			}
			next := b[i+1]
			if next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF {
				i++
				if next != 0xFF {
					i++
				}
				continue
			}
			break
		}
	}
}

// pngEnd returns the offset just past a PNG's IEND chunk.
func pngEnd(b []byte) (int, error) {
	i := 8
	for {
		if i+12 > len(b) {
			return 0, ErrDamaged
		}
		n := int64(binary.BigEndian.Uint32(b[i:]))
		typ := string(b[i+4 : i+8])
		if n > int64(len(b)-i-12) {
			return 0, ErrDamaged
		}
		i += 12 + int(n)
		if typ == "IEND" {
			return i, nil
		}
	}
}

// webpEnd returns the offset just past a WebP's RIFF container.
func webpEnd(b []byte) (int, error) {
	n := int64(binary.LittleEndian.Uint32(b[4:8]))
	end := 8 + n + n%2
	if n < 8 || end > int64(len(b)) {
		// An odd-sized container may end without its pad byte.
		if n >= 8 && 8+n == int64(len(b)) {
			return len(b), nil
		}
		return 0, ErrDamaged
	}
	return int(end), nil
}

// markup is what a browser, an XML reader or a server script would act on, in lower case.
// Each is long enough not to turn up by chance in compressed pixels.
var markup = [][]byte{
	[]byte("<script"), []byte("<?php"), []byte("<html"), []byte("<body"), []byte("<iframe"),
	[]byte("<!doctype"), []byte("<svg "), []byte("<svg/"), []byte("<svg>"), []byte("<svg\n"),
	[]byte("<object"), []byte("<embed"), []byte("<meta "), []byte("javascript:"),
}

// HasMarkup reports whether b holds HTML, SVG, script or PHP markup, in any letter case.
func HasMarkup(b []byte) bool {
	for i := bytes.IndexAny(b, "<jJ"); i >= 0; {
		for _, m := range markup {
			if len(b)-i >= len(m) && bytes.EqualFold(b[i:i+len(m)], m) {
				return true
			}
		}
		j := bytes.IndexAny(b[i+1:], "<jJ")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}
