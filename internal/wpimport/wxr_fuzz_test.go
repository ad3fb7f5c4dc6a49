package wpimport

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/batori-news/batori/internal/wpimport/wxrgen"
)

// FuzzReader feeds the WXR reader arbitrary files: it must end every one with io.EOF,
// ErrNotWXR or an error naming a line, never panic or loop, and convert any item's body.
func FuzzReader(f *testing.F) {
	var buf bytes.Buffer
	if err := wxrgen.Write(&buf, wxrgen.Options{Groups: 1, Pictures: true, Polylang: true}); err != nil {
		f.Fatal(err)
	}
	full := buf.Bytes()
	f.Add(full)
	f.Add(full[:len(full)/2])
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rss xmlns:wp="http://wordpress.org/export/1.1/"><channel><wp:wxr_version>1.1</wp:wxr_version><item><title>caf` + "\xe9" + `</title></item></channel></rss>`))
	f.Add([]byte(`<rss><channel><item><title>x</title></item></channel></rss>`))
	f.Add([]byte(`[caption id="attachment_1"]<img class="wp-image-1" src="a-300x200.jpg">x[/caption][gallery ids="1,2"][embed]u[/embed][video mp4="v"]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data))
		for n := 0; n < 10000; n++ {
			rec, err := r.Next()
			if err == io.EOF || errors.Is(err, ErrNotWXR) {
				return
			}
			var se *SyntaxError
			if errors.As(err, &se) {
				return
			}
			var ie *ItemError
			if errors.As(err, &ie) {
				continue
			}
			if err != nil {
				// Unsupported encodings and the like: a message, not a panic.
				return
			}
			if rec.Item != nil {
				convertBody(rec.Item.Content, rec.Item.PostID, nil)
			}
		}
		t.Fatal("the reader did not finish")
	})
}
