package testkit

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"strconv"
	"testing"
)

// Zip is a small ZIP archive holding one Java class file, the payload half of a GIFAR.
func Zip(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("Evil.class")
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("\xCA\xFE\xBA\xBEnot really a class"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Join returns the parts one after the other in a new slice.
func Join(parts ...[]byte) []byte {
	return bytes.Join(parts, nil)
}

// JPEGWithComment returns jpg with a COM segment holding text right after its SOI marker.
func JPEGWithComment(jpg []byte, text string) []byte {
	seg := []byte{0xFF, 0xFE, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(text)+2))
	return Join(jpg[:2], seg, []byte(text), jpg[2:])
}

// JPEGSize returns jpg with the width and height in its frame header replaced: a small file
// that claims to be huge.
func JPEGSize(t testing.TB, jpg []byte, w, h uint16) []byte {
	t.Helper()
	out := bytes.Clone(jpg)
	for i := 2; i+9 < len(out); {
		if out[i] != 0xFF {
			break
		}
		m := out[i+1]
		if m >= 0xC0 && m <= 0xC2 {
			binary.BigEndian.PutUint16(out[i+5:], h)
			binary.BigEndian.PutUint16(out[i+7:], w)
			return out
		}
		i += 2 + int(binary.BigEndian.Uint16(out[i+2:]))
	}
	t.Fatal("no frame header in the JPEG")
	return nil
}

// PNGWithText returns png with a tEXt chunk (keyword "Comment") after its header chunk.
func PNGWithText(png []byte, text string) []byte {
	data := append([]byte("Comment\x00"), text...)
	var c bytes.Buffer
	binary.Write(&c, binary.BigEndian, uint32(len(data)))
	c.WriteString("tEXt")
	c.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte("tEXt"))
	crc.Write(data)
	binary.Write(&c, binary.BigEndian, crc.Sum32())
	ihdrEnd := 8 + 12 + 13
	return Join(png[:ihdrEnd], c.Bytes(), png[ihdrEnd:])
}

// PDF is a small complete PDF whose catalog dictionary also holds extra ("" for a plain
// document), followed by more objects.
func PDF(extra string, objects ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R " + extra + " >> endobj\n")
	b.WriteString("2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n")
	for _, o := range objects {
		b.WriteString(o + "\n")
	}
	b.WriteString("trailer << /Root 1 0 R >>\n%%EOF\n")
	return b.Bytes()
}

// PDFStream is a PDF object numbered n holding content as a FlateDecode stream, the way an
// object stream hides dictionaries from a plain text search.
func PDFStream(n int, content string) string {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(content))
	zw.Close()
	return strconv.Itoa(n) + " 0 obj << /Type /ObjStm /Filter /FlateDecode /Length " +
		strconv.Itoa(z.Len()) + " >>\nstream\n" + z.String() + "\nendstream\nendobj"
}
