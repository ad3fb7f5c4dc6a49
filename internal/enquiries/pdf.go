package enquiries

import (
	"bytes"
	"compress/zlib"
	"encoding/hex"
	"io"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/media"
)

// pdfActiveNames are the PDF names that make a document act when opened or clicked rather
// than be read: scripts, automatic actions, launching programs, embedded files, forms that
// submit themselves, Flash.
var pdfActiveNames = map[string]bool{
	"JS": true, "JavaScript": true, "OpenAction": true, "AA": true, "Launch": true,
	"EmbeddedFile": true, "EmbeddedFiles": true, "RichMedia": true, "XFA": true,
	"SubmitForm": true, "ImportData": true, "GoToE": true,
}

// maxObjStm bounds the bytes one compressed object stream may inflate to while it is checked.
const maxObjStm = 16 << 20

// checkPDF refuses a PDF that is cut short (no %%EOF), that carries anything after its last
// %%EOF (a ZIP or HTML appended) or markup outside its streams, or whose dictionaries, plain
// or inside compressed object streams, name a script or an automatic action. Names are
// compared after their #xx escapes are decoded, so /J#61vaScript is /JavaScript.
func checkPDF(data []byte) fielderr.Code {
	end := bytes.LastIndex(data, []byte("%%EOF"))
	if end < 0 {
		return fielderr.FileDamaged
	}
	if len(bytes.Trim(data[end+5:], "\x00\t\n\f\r ")) > 0 {
		return fielderr.FileHidden
	}
	code := fielderr.Code("")
	eachPDFPart(data, func(plain []byte, stream []byte) bool {
		if media.HasMarkup(plain) {
			code = fielderr.FileHidden
			return false
		}
		if pdfHasActiveName(plain) {
			code = fielderr.FileScript
			return false
		}
		if stream == nil || !pdfNameIn(lastDict(plain), "ObjStm") {
			return true
		}
		zr, err := zlib.NewReader(bytes.NewReader(stream))
		if err != nil {
			code = fielderr.FileDamaged
			return false
		}
		inner, err := io.ReadAll(io.LimitReader(zr, maxObjStm+1))
		if len(inner) > maxObjStm || (err != nil && len(inner) == 0) {
			code = fielderr.FileDamaged
			return false
		}
		if pdfHasActiveName(inner) {
			code = fielderr.FileScript
			return false
		}
		return true
	})
	return code
}

// eachPDFPart calls f with each stretch of data outside streams and the stream that follows
// it (nil after the last), until f returns false.
func eachPDFPart(data []byte, f func(plain, stream []byte) bool) {
	for len(data) > 0 {
		i := streamStart(data)
		if i < 0 {
			f(data, nil)
			return
		}
		body := data[i:]
		j := bytes.Index(body, []byte("endstream"))
		if j < 0 {
			j = len(body)
		}
		if !f(data[:i], body[:j]) {
			return
		}
		data = body[j:]
		if len(data) >= 9 {
			data = data[9:]
		}
	}
}

// streamStart returns where the bytes of the first stream in data begin, after its
// "stream" keyword and end of line, or -1.
func streamStart(data []byte) int {
	from := 0
	for {
		k := bytes.Index(data[from:], []byte("stream"))
		if k < 0 {
			return -1
		}
		k += from
		from = k + 6
		if k >= 3 && string(data[k-3:k]) == "end" {
			continue
		}
		rest := data[from:]
		switch {
		case bytes.HasPrefix(rest, []byte("\r\n")):
			return from + 2
		case bytes.HasPrefix(rest, []byte("\n")), bytes.HasPrefix(rest, []byte("\r")):
			return from + 1
		}
	}
}

// lastDict returns the dictionary a stream belongs to: what follows the last "obj" keyword.
func lastDict(plain []byte) []byte {
	if i := bytes.LastIndex(plain, []byte("obj")); i >= 0 {
		return plain[i:]
	}
	return plain
}

// pdfHasActiveName reports whether b names any of pdfActiveNames.
func pdfHasActiveName(b []byte) bool {
	found := false
	eachPDFName(b, func(name string) bool {
		found = pdfActiveNames[name]
		return !found
	})
	return found
}

// pdfNameIn reports whether b holds the name want.
func pdfNameIn(b []byte, want string) bool {
	found := false
	eachPDFName(b, func(name string) bool {
		found = name == want
		return !found
	})
	return found
}

// eachPDFName calls f with each name token (/Name) in b, #xx escapes decoded, until f
// returns false.
func eachPDFName(b []byte, f func(string) bool) {
	for i := 0; i < len(b); i++ {
		if b[i] != '/' {
			continue
		}
		j := i + 1
		for j < len(b) && !isPDFDelimiter(b[j]) {
			j++
		}
		if !f(decodePDFName(b[i+1 : j])) {
			return
		}
		i = j - 1
	}
}

// isPDFDelimiter reports whether c ends a PDF name: white space or a delimiter character.
func isPDFDelimiter(c byte) bool {
	switch c {
	case 0, '\t', '\n', '\f', '\r', ' ', '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// decodePDFName turns the #xx escapes of a name into their bytes.
func decodePDFName(n []byte) string {
	if bytes.IndexByte(n, '#') < 0 {
		return string(n)
	}
	out := make([]byte, 0, len(n))
	for i := 0; i < len(n); i++ {
		if n[i] == '#' && i+2 < len(n) {
			if v, err := hex.DecodeString(string(n[i+1 : i+3])); err == nil {
				out = append(out, v[0])
				i += 2
				continue
			}
		}
		out = append(out, n[i])
	}
	return string(out)
}
