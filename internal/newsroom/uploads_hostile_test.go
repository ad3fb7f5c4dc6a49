package newsroom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// postMultipart sends a form with one file as c, as JSON when asJSON is set, and returns the
// answer read whole.
func (c *client) postMultipart(path, field, name string, data []byte, fields url.Values, asJSON bool) *page {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.srv.URL)
	if asJSON {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	p := &page{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Location: resp.Header.Get("Location")}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		p.Doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(b))
	}
	return p
}

// TestHostileUploadsOverHTTP: hostile files sent through the reader's Enquiry form and the
// desk's photo upload are refused with their own message in the person's language, and
// leave nothing behind; an attachment with an Assamese name downloads under that name,
// never shown inline.
func TestHostileUploadsOverHTTP(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.setupAdmin()
		form := settingsForm()
		form.Set("enquiry_email", "enquiries@example.org")
		wantRedirect(t, admin.post("/newsroom/settings", form), "/newsroom/settings")
		e.addUser("Rituraj Kalita", "rituraj@example.org", people.Editor)
		editor := e.client("editor laptop")
		editor.login("rituraj@example.org", strongPass)

		jpg := testkit.JPEG(t, testkit.Picture(120, 80))
		cases := []struct {
			name, file string
			data       []byte
			enquiryKey string // the field message's catalog key on the Enquiry form
			deskKey    string // the photo upload's message key
		}{
			{"JPEG and ZIP", "photo.jpg", testkit.Join(jpg, testkit.Zip(t)), "field_file_hidden", "desk_media_hidden"},
			{"JPEG and PHP", "photo.jpg", testkit.Join(jpg, []byte("<?php echo 1; ?>")), "field_file_hidden", "desk_media_hidden"},
			{"PDF with JavaScript", "letter.pdf", testkit.PDF("/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "field_file_script", "desk_media_not_image"},
			{"SVG", "logo.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "field_file_type", "desk_media_not_image"},
			{"bomb", "huge.jpg", testkit.JPEGSize(t, jpg, 60000, 60000), "field_file_pixels", "desk_media_too_many_pixels"},
			{"cut short", "cut.jpg", jpg[:len(jpg)-30], "field_file_damaged", "desk_media_damaged"},
			{"wrong extension", "photo.html", jpg, "field_file_extension", "desk_media_extension"},
			{"bidi name", "photo\u202Egpj.exe", jpg, "field_file_name", "desk_media_name"},
			// A raw control byte breaks the multipart header itself (Go answers 400); a tab gets through.
			{"control character", "photo\t.jpg", jpg, "field_file_name", "desk_media_name"},
		}
		reader := e.client("reader phone")
		for i, tc := range cases {
			for _, lang := range []string{"", "/as"} {
				l := en
				if lang != "" {
					l = as
				}
				tok, err := e.app.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
				if err != nil {
					t.Fatal(err)
				}
				fields := url.Values{"token": {tok}, "type": {"tip"}, "name": {"Anjali Bora"}, "email": {"anjali" + idStr(int64(i)) + "@example.org"},
					"message": {"The bridge over the Dikhow at Sivasagar has a crack; buses still cross it."}}
				p := reader.postMultipart(lang+"/enquiry", "attachment", tc.file, tc.data, fields, false)
				if p.Status != http.StatusUnprocessableEntity || p.Doc == nil {
					t.Fatalf("%s%s: enquiry answered %d %q", tc.name, lang, p.Status, p.Location)
				}
				if got := strings.TrimSpace(p.Doc.Find("#f-attachment-error").Text()); got != l.T(tc.enquiryKey) {
					t.Errorf("%s%s: field message %q, want %q", tc.name, lang, got, l.T(tc.enquiryKey))
				}
			}
			p := editor.postMultipart("/newsroom/media/upload", "file", tc.file, tc.data, nil, true)
			var reply map[string]string
			if json.Unmarshal([]byte(p.Body), &reply) != nil || reply["error"] != en.T(tc.deskKey) || p.Status < 400 {
				t.Errorf("%s: photo upload answered %d %s, want %q", tc.name, p.Status, p.Body, en.T(tc.deskKey))
			}
		}
		for _, table := range []string{"enquiries", "media", "media_variants"} {
			var n int
			if err := e.app.DB.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s: %d rows (%v) after refused files", table, n, err)
			}
		}
		for _, dir := range []string{e.app.Enquiries.Dir(), e.app.Media.Dir()} {
			if files, _ := os.ReadDir(dir); len(files) > 0 {
				t.Errorf("%d files left in %s", len(files), dir)
			}
		}

		// A PDF with an Assamese name: downloaded under that name, as an attachment only.
		tok, _ := e.app.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
		fields := url.Values{"token": {tok}, "type": {"tip"}, "name": {"Anjali Bora"}, "email": {"anjali@example.org"},
			"message": {"The letter from the district office about the embankment, attached."}}
		p := reader.postMultipart("/enquiry", "attachment", "চিঠি.pdf", testkit.PDF(""), fields, false)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("PDF enquiry answered %d", p.Status)
		}
		key, _ := url.QueryUnescape(p.Location[strings.Index(p.Location, "key=")+4:])
		stored, err := e.app.Enquiries.ByKey(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		res := editor.raw(enquiryPath(stored.ID) + "/attachment")
		h := res.Header
		if res.StatusCode != 200 || h.Get("Content-Type") != "application/pdf" || h.Get("X-Content-Type-Options") != "nosniff" ||
			h.Get("Content-Security-Policy") != "default-src 'none'; sandbox" ||
			h.Get("Content-Disposition") != `attachment; filename=_.pdf; filename*=UTF-8''%E0%A6%9A%E0%A6%BF%E0%A6%A0%E0%A6%BF.pdf` {
			t.Errorf("download: %d %v", res.StatusCode, h)
		}
	})
}
