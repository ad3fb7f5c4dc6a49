package enquiries

import (
	"bytes"
	"image"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/testkit"
)

// FuzzSniffAttachment: whatever a reader uploads, sniffing never panics, and what it accepts
// is what it says: a PDF starts like one, and a photo decodes whole, within the photo
// library's pixel limits, to the size its header claims. A file that only starts like a
// photo (truncated, or a header followed by anything else) is refused, since the desk would
// be handed a picture no viewer can open.
func FuzzSniffAttachment(f *testing.F) {
	pic := testkit.Picture(6, 4)
	jpg, png, webp := testkit.JPEG(f, pic), testkit.PNG(f, pic), testkit.WebP(f, pic)
	for _, b := range [][]byte{
		jpg, png, webp,
		[]byte("%PDF-1.7\n1 0 obj<</OpenAction<</JS(app.alert(1))/S/JavaScript>>>>endobj"),
		jpg[:len(jpg)/2], png[:len(png)-12], webp[:len(webp)-4],
		append(append([]byte{}, jpg...), "<?php system($_GET[1]); ?>"...),
		testkit.GIF(f, pic),
		[]byte("GIF89a<script>alert(1)</script>"),
		[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x4e\x20\x00\x00\x4e\x20\x08\x02\x00\x00\x00"),
		[]byte("RIFF\x00\x00\x00\x00WEBPVP8 \x00\x00\x00\x00"),
		[]byte("<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ft, ok := sniffAttachment(data)
		if !ok {
			if ft != (fileType{}) {
				t.Fatalf("refused but typed %+v", ft)
			}
			return
		}
		switch ft {
		case fileType{"application/pdf", ".pdf"}:
			if !bytes.HasPrefix(data, []byte("%PDF-")) {
				t.Fatalf("PDF without %%PDF-: %q", data)
			}
			return
		case fileType{"image/jpeg", ".jpg"}, fileType{"image/png", ".png"}, fileType{"image/webp", ".webp"}:
		default:
			t.Fatalf("accepted as %+v", ft)
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || "image/"+format != ft.contentType {
			t.Fatalf("accepted as %s, header reads %q: %v", ft.contentType, format, err)
		}
		if cfg.Width > media.MaxSide || cfg.Height > media.MaxSide || int64(cfg.Width)*int64(cfg.Height) > media.MaxPixels {
			t.Fatalf("accepted %dx%d, over the photo library's limits", cfg.Width, cfg.Height)
		}
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("accepted a %s that does not decode: %v", ft.contentType, err)
		}
		if b := img.Bounds(); b.Dx() != cfg.Width || b.Dy() != cfg.Height {
			t.Fatalf("header %dx%d, decoded %dx%d", cfg.Width, cfg.Height, b.Dx(), b.Dy())
		}
	})
}

// FuzzCleanFileName: the name shown for an attachment and sent in Content-Disposition has no
// path, no control character (no header or line injection), valid NFC text, at most 200
// characters, no spaces at its ends, and cleaning it again changes nothing.
func FuzzCleanFileName(f *testing.F) {
	for _, s := range []string{
		"photo.jpg", `C:\fakepath\tip.pdf`, "../../etc/passwd", "a/b\\c.png", "..",
		"name\r\nContent-Type: text/html.pdf", "\x00\x1b[31mred\x7f.jpg", "\u202Egpj.exe",
		"অসমৰ\u200Dফটো.jpg", "\xff\xfe.pdf", "  spaced \t name  ", strings.Repeat("ক্ষ", 150) + ".pdf",
		"\u0085next\u2028line.jpg",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		got := cleanFileName(name)
		switch {
		case !utf8.ValidString(got):
			t.Fatalf("cleanFileName(%+q) = %+q: invalid UTF-8", name, got)
		case strings.ContainsAny(got, `/\`):
			t.Errorf("cleanFileName(%+q) = %+q: path separator", name, got)
		case strings.IndexFunc(got, unicode.IsControl) >= 0:
			t.Errorf("cleanFileName(%+q) = %+q: control character", name, got)
		case utf8.RuneCountInString(got) > 200:
			t.Errorf("cleanFileName(%+q): %d characters", name, utf8.RuneCountInString(got))
		case !norm.NFC.IsNormalString(got):
			t.Errorf("cleanFileName(%+q) = %+q: not NFC", name, got)
		case strings.TrimSpace(got) != got:
			t.Errorf("cleanFileName(%+q) = %+q: spaces at the ends", name, got)
		case cleanFileName(got) != got:
			t.Errorf("cleanFileName not idempotent on %+q: %+q then %+q", name, got, cleanFileName(got))
		}
	})
}

// FuzzNormalizeEnquiry: the Enquiry form's fields as a reader may send them. Cleaning never
// panics and leaves valid NFC text without control characters (bar the message's line breaks
// and tabs); a form it finds nothing wrong with keeps every limit the desk relies on.
func FuzzNormalizeEnquiry(f *testing.F) {
	f.Add("tip", "Anjali  Das", "anjali@example.org", "+91 98640 12345", "Floods in Dhemaji again.\r\nPlease check.", true)
	f.Add("general", "অঞ্জলি\u00a0দাস", "a@b.in", "", "মই এটা কথা জনাব বিচাৰিছো।", false)
	f.Add("correction", "x\x00y", "a@b", "১২৩৪৫৬", "short", true)
	f.Add("bogus", "", "\"a b\"@example.org", "123456789012345678", "<script>alert(1)</script> message", false)
	f.Add("tip", "n\r\nBcc: x@y.org", "a@example.org\r\nBcc: x@y.org", "(+1) 555-0100", "\xff\xfe invalid bytes here", true)
	f.Fuzz(func(t *testing.T, kind, name, email, phone, message string, file bool) {
		in := NewEnquiry{Key: "k", Kind: kind, Name: name, Email: email, Phone: phone, Message: message}
		if file {
			in.File = &Upload{Name: "x.jpg", Data: []byte{1}}
		}
		var v fielderr.Error
		in.normalize(&v)
		for field, s := range map[string]string{"name": in.Name, "phone": in.Phone, "message": in.Message} {
			ctl := strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' })
			switch {
			case !utf8.ValidString(s) || !norm.NFC.IsNormalString(s):
				t.Errorf("%s %+q: not valid NFC", field, s)
			case ctl >= 0:
				t.Errorf("%s %+q: control character", field, s)
			case field != "message" && strings.ContainsAny(s, "\n\t"):
				t.Errorf("%s %+q: line break", field, s)
			}
		}
		if in.Lang != locale.English && in.Lang != locale.Assamese {
			t.Errorf("language %q", in.Lang)
		}
		if v.OrNil() != nil {
			return
		}
		k, ok := ParseKind(in.Kind)
		chars := utf8.RuneCountInString(in.Message)
		switch {
		case !ok:
			t.Errorf("kind %q accepted", in.Kind)
		case in.Name == "" || utf8.RuneCountInString(in.Name) > MaxName:
			t.Errorf("name %q accepted", in.Name)
		case chars < MinMessage || chars > MaxMessage:
			t.Errorf("message of %d characters accepted", chars)
		case strings.ContainsAny(in.Email, "\r\n\x00 <>,") || !strings.Contains(in.Email, "@"):
			t.Errorf("e-mail %q accepted", in.Email)
		case utf8.RuneCountInString(in.Phone) > MaxPhone:
			t.Errorf("phone %q accepted", in.Phone)
		case file && !k.AllowsAttachment():
			t.Errorf("attachment accepted on a %s", k)
		}
	})
}
