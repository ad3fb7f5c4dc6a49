package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"testing"
)

// transparentTop makes the top half of img fully transparent, as a logo's background is.
func transparentTop(img *image.NRGBA) *image.NRGBA {
	h, w := img.Bounds().Dy(), img.Bounds().Dx()
	for y := range h / 2 {
		for x := range w {
			img.Pix[y*img.Stride+x*4+3] = 0
		}
	}
	return img
}

// Tags written into the fixture's EXIF block; a test looks for them in stored files.
const (
	exifMake   = "BatoriPhone X1"
	tagMake    = 0x010F
	tagOrient  = 0x0112
	tagGPSIFD  = 0x8825
	typeASCII  = 2
	typeShort  = 3
	typeLong   = 4
	typeRation = 5
)

// withEXIF returns jpg with an APP1 Exif segment after its SOI marker: camera make, the
// orientation (0 leaves the tag out) and, when gps is set, a GPS position (26°11'N 91°44'E,
// Guwahati). The TIFF structure is written by hand, big-endian.
func withEXIF(t testing.TB, jpg []byte, orientation uint16, gps bool) []byte {
	t.Helper()
	type entry struct {
		tag, typ uint16
		count    uint32
		value    []byte // inline when 4 bytes or fewer, else stored in the data area
	}
	be := binary.BigEndian
	short := func(v uint16) []byte { b := make([]byte, 4); be.PutUint16(b, v); return b }
	long := func(v uint32) []byte { b := make([]byte, 4); be.PutUint32(b, v); return b }
	rationals := func(vs ...uint32) []byte {
		var b []byte
		for i := 0; i < len(vs); i += 2 {
			b = be.AppendUint32(b, vs[i])
			b = be.AppendUint32(b, vs[i+1])
		}
		return b
	}

	ifd0 := []entry{{tagMake, typeASCII, uint32(len(exifMake) + 1), append([]byte(exifMake), 0)}}
	if orientation != 0 {
		ifd0 = append(ifd0, entry{tagOrient, typeShort, 1, short(orientation)})
	}
	var gpsIFD []entry
	if gps {
		ifd0 = append(ifd0, entry{tagGPSIFD, typeLong, 1, nil}) // offset filled below
		gpsIFD = []entry{
			{1, typeASCII, 2, []byte("N\x00\x00\x00")},
			{2, typeRation, 3, rationals(26, 1, 11, 1, 0, 1)},
			{3, typeASCII, 2, []byte("E\x00\x00\x00")},
			{4, typeRation, 3, rationals(91, 1, 44, 1, 0, 1)},
		}
	}
	ifdSize := func(es []entry) uint32 { return 2 + 12*uint32(len(es)) + 4 }
	dataSize := func(es []entry) uint32 {
		var n uint32
		for _, e := range es {
			if len(e.value) > 4 {
				n += uint32(len(e.value))
			}
		}
		return n
	}
	ifd0At := uint32(8)
	gpsAt := ifd0At + ifdSize(ifd0) + dataSize(ifd0)
	for i := range ifd0 {
		if ifd0[i].tag == tagGPSIFD {
			ifd0[i].value = long(gpsAt)
		}
	}
	writeIFD := func(tiff []byte, at uint32, es []entry) []byte {
		data := at + ifdSize(es)
		tiff = be.AppendUint16(tiff, uint16(len(es)))
		var extra []byte
		for _, e := range es {
			tiff = be.AppendUint16(tiff, e.tag)
			tiff = be.AppendUint16(tiff, e.typ)
			tiff = be.AppendUint32(tiff, e.count)
			if len(e.value) > 4 {
				tiff = be.AppendUint32(tiff, data+uint32(len(extra)))
				extra = append(extra, e.value...)
			} else {
				v := make([]byte, 4)
				copy(v, e.value)
				tiff = append(tiff, v...)
			}
		}
		tiff = be.AppendUint32(tiff, 0) // no next IFD
		return append(tiff, extra...)
	}
	tiff := []byte("MM\x00\x2a")
	tiff = be.AppendUint32(tiff, ifd0At)
	tiff = writeIFD(tiff, ifd0At, ifd0)
	if gps {
		tiff = writeIFD(tiff, gpsAt, gpsIFD)
	}

	payload := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xFF, 0xE1}
	seg = be.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// jpegSegments lists the markers of a JPEG up to its image data.
func jpegSegments(t testing.TB, b []byte) (markers []byte, app1 [][]byte) {
	t.Helper()
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		t.Fatal("not a JPEG")
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xFF {
			t.Fatalf("bad marker at %d", i)
		}
		m := b[i+1]
		markers = append(markers, m)
		if m == 0xDA { // start of scan: entropy-coded data follows
			return markers, app1
		}
		n := int(binary.BigEndian.Uint16(b[i+2:]))
		if m == 0xE1 {
			app1 = append(app1, b[i+4:i+2+n])
		}
		i += 2 + n
	}
	return markers, app1
}

// pngBomb is a PNG whose header claims w×h pixels, followed by a little zlib data that would
// inflate into a great deal of zeros: DecodeConfig reads the header only.
func pngBomb(t testing.TB, w, h uint32) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		crc.Write([]byte(typ))
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 2 // 8-bit RGB
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 1<<20))
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}
