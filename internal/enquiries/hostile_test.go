package enquiries_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/testkit"
)

// TestHostileAttachments: every kind of file an attacker sends instead of a photo or a
// document is refused with its own message, and nothing of it is left on disk or in the
// database.
func TestHostileAttachments(t *testing.T) {
	jpg := testkit.JPEG(t, testkit.Picture(120, 80))
	png := testkit.PNG(t, testkit.Picture(60, 40))
	webp := testkit.WebP(t, testkit.Picture(50, 30))
	gif := testkit.GIF(t, testkit.Picture(20, 20))
	obj := "3 0 obj << /Type /Action /S /JavaScript /JS (app.alert(1)) >> endobj"
	tests := []struct {
		name, file string
		data       []byte
		want       fielderr.Code
	}{
		{"GIFAR", "photo.gif", testkit.Join(gif, testkit.Zip(t)), fielderr.FileType},
		{"JPEG and ZIP", "photo.jpg", testkit.Join(jpg, testkit.Zip(t)), fielderr.FileHidden},
		{"JPEG and HTML", "photo.jpg", testkit.Join(jpg, []byte("<html><body><script>alert(1)</script>")), fielderr.FileHidden},
		{"JPEG and PHP", "photo.jpg", testkit.Join(jpg, []byte("<?php system($_GET['c']); ?>")), fielderr.FileHidden},
		{"script in a JPEG comment", "photo.jpg", testkit.JPEGWithComment(jpg, "<script>alert(1)</script>"), fielderr.FileHidden},
		{"PHP in a PNG text chunk", "chart.png", testkit.PNGWithText(png, "<?PHP phpinfo(); ?>"), fielderr.FileHidden},
		{"WebP and ZIP", "shot.webp", testkit.Join(webp, testkit.Zip(t)), fielderr.FileHidden},
		{"PDF and ZIP", "letter.pdf", testkit.Join(testkit.PDF(""), testkit.Zip(t)), fielderr.FileHidden},
		{"PDF and HTML", "letter.pdf", testkit.PDF("", "% <html><script>alert(1)</script>"), fielderr.FileHidden},
		{"PDF with /JavaScript", "letter.pdf", testkit.PDF("/OpenAction 3 0 R", obj), fielderr.FileScript},
		{"PDF with /JS only", "letter.pdf", testkit.PDF("", "3 0 obj << /JS (app.alert(1)) >> endobj"), fielderr.FileScript},
		{"PDF with /OpenAction", "letter.pdf", testkit.PDF("/OpenAction [2 0 R /Fit]"), fielderr.FileScript},
		{"PDF with /AA", "letter.pdf", testkit.PDF("/AA << /O 3 0 R >>"), fielderr.FileScript},
		{"PDF with /Launch", "letter.pdf", testkit.PDF("", "3 0 obj << /S /Launch /F (cmd.exe) >> endobj"), fielderr.FileScript},
		{"PDF with an escaped name", "letter.pdf", testkit.PDF("/Open#41ction 3 0 R", "3 0 obj << /S /J#61vaScript /J#53 (x) >> endobj"), fielderr.FileScript},
		{"PDF with JavaScript in an object stream", "letter.pdf", testkit.PDF("", testkit.PDFStream(3, "4 0 << /S /JavaScript /JS (app.alert(1)) >>")), fielderr.FileScript},
		{"PDF cut short", "letter.pdf", testkit.PDF("")[:40], fielderr.FileDamaged},
		{"SVG with script", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), fielderr.FileType},
		{"plain SVG", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`), fielderr.FileType},
		{"JPEG bomb", "huge.jpg", testkit.JPEGSize(t, jpg, 60000, 60000), fielderr.FilePixels},
		{"JPEG cut short", "cut.jpg", jpg[:len(jpg)-40], fielderr.FileDamaged},
		{"PNG cut short", "cut.png", png[:len(png)-20], fielderr.FileDamaged},
		{"JPEG named .html", "tip.html", jpg, fielderr.FileExtension},
		{"PDF named .jpg", "flood.jpg", testkit.PDF(""), fielderr.FileExtension},
		{"PNG named .exe", "chart.exe", png, fielderr.FileExtension},
		{"path in the name", "../../etc/cron.d/x.jpg", jpg, fielderr.FileName},
		{"Windows path in the name", `C:\fakepath\flood.jpg`, jpg, fielderr.FileName},
		{"control character", "flood\x07.jpg", jpg, fielderr.FileName},
		{"bidi override", "flood\u202Egpj.exe", jpg, fielderr.FileName},
		{"too large", "big.pdf", testkit.Join(testkit.PDF(""), make([]byte, enquiries.MaxAttachmentBytes)), fielderr.FileTooLarge},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(t, d)
		for i, tt := range tests {
			in := tip(i)
			in.File = &enquiries.Upload{Name: tt.file, Data: tt.data}
			_, _, err := st.Submit(ctx, in, nil)
			if got := fielderr.CodeOf(err, "attachment"); got != tt.want {
				t.Errorf("%s: attachment %q (%v), want %q", tt.name, got, err, tt.want)
			}
		}
		for _, table := range []string{"enquiries", "outbox", "enquiry_events"} {
			if n := count(t, d, table); n != 0 {
				t.Errorf("%d rows in %s after refused files", n, table)
			}
		}
		if files, err := os.ReadDir(st.Dir()); err == nil && len(files) > 0 {
			t.Errorf("%d files left in %s", len(files), st.Dir())
		}

		// What a reader really sends still arrives: a PDF with links and compressed pages,
		// Assamese names, and names without extensions.
		fine := []struct {
			file string
			data []byte
		}{
			{"চিঠি.pdf", testkit.PDF("/URI (https://example.org/)", testkit.PDFStream(3, "BT /F1 12 Tf (Hello) Tj ET"))},
			{"বানপানী\u200c.JPG", jpg},
			{"scan", png},
			{"Report v1.2", testkit.PDF("")},
		}
		for i, f := range fine {
			in := tip(100 + i)
			in.File = &enquiries.Upload{Name: f.file, Data: bytes.Clone(f.data)}
			if _, _, err := st.Submit(ctx, in, nil); err != nil {
				t.Errorf("%q: %v", f.file, err)
			}
		}
	})
}
