package newsroom

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
)

// FuzzParseEditionForm: whatever body the story editor's form arrives with (URL-encoded, or
// multipart when the content type says so), parsing never panics and gives a form the save
// can trust: text fields as sent but with CRLF made LF, comment and schedule trimmed, an
// action always named, no negative picture, tags and bylines positive and each once. The
// schedule field is read as a time or refused with a field error, never anything else.
func FuzzParseEditionForm(f *testing.F) {
	f.Add("headline=Floods&body=%3Cp%3Ea%3C%2Fp%3E%0D%0A&tag=3&tag=3&tag=-1&tag=x&author=2&action=publish", false)
	f.Add("headline=%E0%A6%85%E0%A6%B8%E0%A6%AE&standfirst=a%0D%0Ab%0D&image_id=-5&image_other=+12+&publish_at=2026-03-01T09:30", false)
	f.Add("image_other=-9&base_revision=99999999999999999999&section=1e3&featured=on&publish_at=2026-02-30+25:61", false)
	f.Add("comment=++note%0D%0A++&correction_note=%0D%0A&publish_at=+2026-01-02T03:04:05+&tag=+7+&author=0", false)
	f.Add("%zz=%&&&=&headline", false)
	f.Add("--b\r\nContent-Disposition: form-data; name=\"headline\"\r\n\r\nH\r\n--b\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nx\r\ny\r\n--b--\r\n", true)
	f.Add("--b\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\n5\r\n--b", true)
	zone := time.FixedZone("IST", 5*60*60+30*60)
	f.Fuzz(func(t *testing.T, body string, multipart bool) {
		r := httptest.NewRequest(http.MethodPost, "/newsroom/stories/1/edition/en", strings.NewReader(body))
		if multipart {
			r.Header.Set("Content-Type", "multipart/form-data; boundary=b")
		} else {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		form := parseEditionForm(r)

		lf := func(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }
		for name, got := range map[string]string{
			"headline": form.Headline, "standfirst": form.Standfirst, "body": form.Body,
			"image_caption": form.ImageCaption, "image_alt": form.ImageAlt, "image_credit": form.ImageCredit,
		} {
			want := r.PostFormValue(name)
			if name == "standfirst" || name == "body" || name == "image_caption" {
				want = lf(want)
			}
			if got != want {
				t.Errorf("%s: got %q, sent %q", name, got, r.PostFormValue(name))
			}
		}
		for name, got := range map[string]string{"body": form.Body, "standfirst": form.Standfirst,
			"image_caption": form.ImageCaption, "comment": form.Comment, "correction_note": form.CorrectionNote} {
			// Browsers send every line break as CRLF; only a CR before one ("\r\r\n") leaves one.
			if strings.Contains(got, "\r\n") && !strings.Contains(r.PostFormValue(name), "\r\r") {
				t.Errorf("%s keeps CRLF: %q", name, got)
			}
		}
		if strings.TrimSpace(form.PublishAt) != form.PublishAt {
			t.Errorf("publish_at not trimmed: %q", form.PublishAt)
		}
		if form.Action == "" || form.ImageID < 0 {
			t.Errorf("action %q, image %d", form.Action, form.ImageID)
		}
		for name, ids := range map[string][]int64{"tag": form.TagIDs, "author": form.AuthorIDs} {
			seen := map[int64]bool{}
			for _, id := range ids {
				if id <= 0 || seen[id] {
					t.Errorf("%s ids %v", name, ids)
				}
				seen[id] = true
			}
		}
		at, err := form.publishTime(zone)
		switch {
		case err == nil:
			if at.Location() != zone || at.IsZero() {
				t.Errorf("publish_at %q read as %v", form.PublishAt, at)
			}
		case fielderr.CodeOf(err, "publish_at") == "":
			t.Errorf("publish_at %q: %v is no field error", form.PublishAt, err)
		}
		if _, err := url.ParseQuery(body); err == nil && !multipart {
			// What parsed as a query is what the handler reads.
			q, _ := url.ParseQuery(body)
			if q.Get("headline") != form.Headline {
				t.Errorf("headline %q, query says %q", form.Headline, q.Get("headline"))
			}
		}
	})
}
