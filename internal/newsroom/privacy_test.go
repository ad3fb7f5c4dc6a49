package newsroom_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/privacy"
	"github.com/batori-news/batori/internal/testkit"
)

// TestPrivacyExportAndErase: an admin downloads what is held about one e-mail address, then
// erases it after confirming; both land in the audit log with the address's hash, never the
// address; editors cannot reach the page.
func TestPrivacyExportAndErase(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.setupAdmin()
		e.addUser("Rituraj Kalita", "rituraj@example.org", people.Editor)
		editor := e.client("editor laptop")
		editor.login("rituraj@example.org", strongPass)
		const email = "Anjali.Bora@example.org"
		for i, key := range []string{"privacy-test-key-000000001", "privacy-test-key-000000002"} {
			in := enquiries.NewEnquiry{Key: key, Kind: "tip", Lang: locale.English, Name: "Anjali Bora", Email: email,
				Phone: "+91 94350 00000", Message: "The bridge over the Dikhow at Sivasagar has a crack; buses still cross it.", ClientAddr: "203.0.113.7"}
			if i == 0 {
				in.File = &enquiries.Upload{Name: "crack.png", Data: testkit.PNG(t, testkit.Picture(40, 30))}
			}
			if _, _, err := e.app.Enquiries.Submit(ctx, in); err != nil {
				t.Fatal(err)
			}
		}

		wantStatus(t, editor.get("/newsroom/privacy"), http.StatusForbidden)
		p := admin.get("/newsroom/privacy")
		wantPage(t, p, "privacy")
		wantText(t, p, ".menu [aria-current=page]", en.T("nr_menu_privacy"))

		// A bad address comes back with a field error.
		p = admin.post("/newsroom/privacy/export", url.Values{"email": {"anjali at example"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if p.Doc.Find("#f-email-error").Length() != 1 || p.value("#f-email") != "anjali at example" {
			t.Error("a bad address is not marked, or not kept")
		}

		// Export: a JSON file with both enquiries.
		p = admin.post("/newsroom/privacy/export", url.Values{"email": {"anjali.bora@example.org "}})
		wantStatus(t, p, http.StatusOK)
		if !strings.HasPrefix(p.Header.Get("Content-Type"), "application/json") || !strings.Contains(p.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("export answered %q %q", p.Header.Get("Content-Type"), p.Header.Get("Content-Disposition"))
		}
		var x privacy.Export
		if err := json.Unmarshal([]byte(p.Body), &x); err != nil {
			t.Fatalf("export is not JSON: %v\n%s", err, p.Body)
		}
		if len(x.Enquiries) != 2 || x.Enquiries[0].Name != "Anjali Bora" {
			t.Errorf("export holds %+v", x.Enquiries)
		}

		// Erase asks first; nothing is erased until confirmed.
		p = admin.post("/newsroom/privacy/erase", url.Values{"email": {email}})
		wantStatus(t, p, http.StatusOK)
		if p.Doc.Find(`form[action="/newsroom/privacy/erase"] input[name=confirm][value=yes]`).Length() != 1 ||
			!strings.Contains(p.text("main"), "anjali.bora@example.org") {
			t.Fatalf("no confirmation:\n%s", p.text("main"))
		}
		if n := count(t, e, "SELECT COUNT(*) FROM enquiries"); n != 2 {
			t.Fatalf("%d enquiries before the confirmation, want 2", n)
		}
		p = admin.post("/newsroom/privacy/erase", url.Values{"email": {email}, "confirm": {"yes"}})
		wantStatus(t, p, http.StatusOK)
		if got := p.text("[role=status]"); !strings.Contains(got, en.T("nr_privacy_done_enquiries", int64(2), int64(1))) {
			t.Errorf("erasure says %q", got)
		}
		if n := count(t, e, "SELECT COUNT(*) FROM enquiries"); n != 0 {
			t.Errorf("%d enquiries left after the erasure", n)
		}
		for _, action := range []string{"privacy.export", "privacy.erase"} {
			var detail string
			if err := e.app.DB.QueryRow(ctx, "SELECT detail FROM audit_events WHERE action = ? ORDER BY id DESC", action).Scan(&detail); err != nil {
				t.Fatalf("no %s audit entry: %v", action, err)
			}
			if !strings.Contains(detail, "subject="+privacy.Subject(email)) || !strings.Contains(detail, adminName) || strings.Contains(strings.ToLower(detail), "anjali") {
				t.Errorf("%s audit entry %q", action, detail)
			}
		}
	})
}

// TestRetentionSettings: an admin sets how long readers' data and backups are kept; the
// privacy page states the periods in both languages, and bad numbers come back marked.
func TestRetentionSettings(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.setupAdmin()
		en1, err := e.app.StaticPages.Save(ctx, pages.Input{Lang: locale.English, Slug: "privacy", Title: "Privacy policy", Body: "<p>We keep little.</p>", Status: pages.Published})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.app.StaticPages.Save(ctx, pages.Input{PageID: en1.PageID, Lang: locale.Assamese, Slug: "privacy", Title: "গোপনীয়তা নীতি", Body: "<p>আমি কম ৰাখোঁ।</p>", Status: pages.Published}); err != nil {
			t.Fatal(err)
		}
		as := locale.New(locale.Assamese, locale.IndiaZone(), locale.NativeDigits)
		// Defaults until saved: the flag's backups and privacy.DefaultRetention.
		p := admin.get("/newsroom/privacy")
		if p.value("#f-enquiry_days") != "365" || p.value("#f-comment_days") != "90" || p.value("#f-mail_days") != "180" {
			t.Errorf("default periods shown: %q %q %q", p.value("#f-enquiry_days"), p.value("#f-comment_days"), p.value("#f-mail_days"))
		}
		bad := url.Values{"enquiry_days": {"0"}, "comment_days": {"thirty"}, "mail_days": {"30"}, "backup_keep": {"3"}}
		p = admin.post("/newsroom/privacy/settings", bad)
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if p.Doc.Find("#f-enquiry_days-error").Length() != 1 || p.Doc.Find("#f-comment_days-error").Length() != 1 || p.Doc.Find("#f-mail_days-error").Length() != 0 {
			t.Error("bad periods not marked")
		}
		if p.value("#f-comment_days") != "thirty" || p.value("#f-mail_days") != "30" {
			t.Errorf("typed values not kept: %q %q", p.value("#f-comment_days"), p.value("#f-mail_days"))
		}
		wantRedirect(t, admin.post("/newsroom/privacy/settings", url.Values{"enquiry_days": {"200"}, "comment_days": {"30"}, "mail_days": {"60"}, "backup_keep": {"3"}}), "/newsroom/privacy")
		st, err := e.app.Privacy.Settings(ctx, 7)
		if err != nil || st != (privacy.Settings{EnquiryDays: 200, CommentDays: 30, MailDays: 60, BackupKeep: 3}) {
			t.Errorf("stored %+v, %v", st, err)
		}
		doc := readerPage(t, e, "/page/privacy")
		for _, want := range []string{en.TCount("privacy_kept_comments", 30), en.TCount("privacy_kept_enquiries", 200), en.TCount("privacy_kept_mails", 60), en.TCount("privacy_kept_backups", 3)} {
			if !strings.Contains(doc.Find(".kept").Text(), want) {
				t.Errorf("the privacy page does not say %q:\n%s", want, doc.Find(".kept").Text())
			}
		}
		doc = readerPage(t, e, "/as/page/privacy")
		if got := doc.Find(".kept").Text(); !strings.Contains(got, as.TCount("privacy_kept_enquiries", 200)) || !strings.Contains(got, "২০০") {
			t.Errorf("the Assamese privacy page says %q", got)
		}
	})
}

func count(t *testing.T, e *env, q string) int {
	t.Helper()
	var n int
	if err := e.app.DB.QueryRow(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
