package privacy_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/privacy"
)

// readers lays out what two readers left: comments of every status and enquiries (one with
// a file) by ana@example.org, and the same by someone else, plus mails to both.
func readers(t *testing.T, d *db.DB, dir string, now time.Time) {
	t.Helper()
	ctx := context.Background()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := d.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("INSERT INTO sections (id, slug, name_en, name_as, position, created_at) VALUES (1, 'assam', 'Assam', 'অসম', 1, ?)", now)
	exec("INSERT INTO stories (id, section_id, created_at) VALUES (1, 1, ?)", now)
	old := now.Add(-400 * privacy.Day)
	n := 0
	comment := func(email, status string, at time.Time) {
		n++
		exec(`INSERT INTO comments (story_id, lang, author_name, author_email, body, status, notify, client_key, post_key, created_at, moderated_at)
			VALUES (1, 'en', ?, ?, ?, ?, ?, 'k', ?, ?, ?)`, "Name of "+email, email, fmt.Sprintf("comment %d", n), status, true, fmt.Sprintf("p%d", n), at, at)
	}
	enquiry := func(email, status, file string, at time.Time) {
		n++
		exec(`INSERT INTO enquiries (reference, idem_key, kind, status, lang, name, email, phone, message, attachment_key, attachment_name, created_at, updated_at)
			VALUES (?, ?, 'tip', ?, 'en', 'Ana', ?, '+91 98640 00000', 'the ferry', ?, ?, ?, ?)`, fmt.Sprintf("R%d", n), fmt.Sprintf("i%d", n), status, email, file, file, at, at)
		if file != "" {
			os.WriteFile(filepath.Join(dir, file), []byte("photo"), 0o640)
		}
	}
	mail := func(to, status string, at time.Time) {
		exec(`INSERT INTO outbox (to_addr, subject, text_body, status, next_attempt_at, created_at) VALUES (?, 'Thank you', 'x', ?, ?, ?)`, to, status, at, at)
	}
	for _, who := range []string{"ana@example.org", "bob@example.org"} {
		comment(who, "approved", now)
		comment(who, "pending", now)
		comment(who, "spam", old)
		comment(who, "rejected", now)
		enquiry(who, "closed", strings.Repeat(who[:1], 32)+".jpg", old)
		enquiry(who, "new", "", old)
		mail(who, "sent", old)
		mail(who, "queued", now)
	}
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func TestExportAndErasure(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		now := time.Now().UTC()
		readers(t, d, dir, now)
		s := privacy.NewStore(d, dir)

		x, err := s.Export(ctx, " Ana@Example.org ", "admin@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Comments) != 4 || len(x.Enquiries) != 2 || len(x.Mails) != 2 || x.Enquiries[0].Phone == "" {
			t.Fatalf("export: %d comments, %d enquiries, %d mails: %+v", len(x.Comments), len(x.Enquiries), len(x.Mails), x)
		}
		for _, c := range x.Comments {
			if c.Name != "Name of ana@example.org" {
				t.Errorf("export holds another reader's comment: %+v", c)
			}
		}

		e, err := s.Erase(ctx, "ANA@example.org", "admin@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if e.Enquiries != 2 || e.CommentsRemoved != 3 || e.CommentsAnonymised != 1 || e.Mails != 2 {
			t.Errorf("erased %+v", e)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM comments WHERE author_email = ? OR author_name LIKE ?", "ana@example.org", "%ana@%"); n != 0 {
			t.Errorf("%d comments still name ana", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM comments WHERE author_email = '' AND status = 'approved' AND body <> ''"); n != 1 {
			t.Errorf("the published comment was not kept anonymously: %d", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM enquiries WHERE email = ?", "ana@example.org") + count(t, d, "SELECT COUNT(*) FROM outbox WHERE to_addr = ?", "ana@example.org"); n != 0 {
			t.Errorf("%d enquiries or mails of ana left", n)
		}
		if _, err := os.Stat(filepath.Join(dir, strings.Repeat("a", 32)+".jpg")); err == nil {
			t.Error("ana's attachment is still on disk")
		}
		// Bob's data is untouched.
		if n := count(t, d, "SELECT COUNT(*) FROM comments WHERE author_email = ?", "bob@example.org"); n != 4 {
			t.Errorf("bob's comments: %d", n)
		}
		if _, err := os.Stat(filepath.Join(dir, strings.Repeat("b", 32)+".jpg")); err != nil {
			t.Errorf("bob's attachment: %v", err)
		}
		// The audit log notes both requests, without the address.
		if n := count(t, d, "SELECT COUNT(*) FROM audit_events WHERE action IN ('privacy.export', 'privacy.erase') AND detail LIKE ?",
			"%subject="+privacy.Subject("ana@example.org")+"%"); n != 2 {
			t.Errorf("audit entries: %d", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_events WHERE detail LIKE '%ana@%'"); n != 0 {
			t.Error("the audit log holds the address")
		}
	})
}

func TestRetention(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		now := time.Now().UTC()
		readers(t, d, dir, now)
		s := privacy.NewStore(d, dir)
		p, err := s.Enforce(ctx, now, privacy.DefaultRetention)
		if err != nil {
			t.Fatal(err)
		}
		// Per reader: the closed year-old enquiry (not the open one), the old spam comment
		// (not the recent rejected one), the old sent mail (not the queued one).
		if p.Enquiries != 2 || p.Comments != 2 || p.Mails != 2 || len(p.Files) != 2 {
			t.Errorf("pruned %+v", p)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM enquiries"); n != 2 {
			t.Errorf("%d enquiries left, want the 2 open ones", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM comments"); n != 6 {
			t.Errorf("%d comments left, want 6", n)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("attachments left: %v", entries)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM audit_events WHERE action = 'privacy.retention'"); n != 1 {
			t.Errorf("retention audit entries: %d", n)
		}
		// A second run finds nothing more and notes nothing.
		if p, err := s.Enforce(ctx, now, privacy.DefaultRetention); err != nil || p.Enquiries+p.Comments+p.Mails != 0 {
			t.Errorf("second run: %+v %v", p, err)
		}
	})
}

// TestDigestSubscriptions: export and erasure by address include the digest subscription, and
// the daily run deletes subscriptions never confirmed within their period.
func TestDigestSubscriptions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		for _, r := range []struct {
			email, state string
			created      time.Time
		}{
			{"ana@example.org", "active", now.Add(-30 * privacy.Day)},
			{"old@example.org", "pending", now.Add(-8 * privacy.Day)},
			{"new@example.org", "pending", now.Add(-time.Hour)},
		} {
			if _, err := d.Exec(ctx, "INSERT INTO digest_subscribers (email, lang, state, created_at) VALUES (?, 'as', ?, ?)", r.email, r.state, r.created); err != nil {
				t.Fatal(err)
			}
		}
		s := privacy.NewStore(d, t.TempDir())
		x, err := s.Export(ctx, "Ana@example.org", "admin")
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Digest) != 1 || x.Digest[0].State != "active" || x.Digest[0].Lang != "as" {
			t.Errorf("export's digest subscriptions: %+v", x.Digest)
		}
		e, err := s.Erase(ctx, "ana@example.org", "admin")
		if err != nil || e.Digest != 1 {
			t.Errorf("erase: %+v, %v", e, err)
		}
		p, err := s.Enforce(ctx, now, privacy.DefaultRetention)
		if err != nil || p.Digest != 1 {
			t.Errorf("retention: %+v, %v", p, err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM digest_subscribers"); n != 1 {
			t.Errorf("%d subscriptions left, want the recent unconfirmed one", n)
		}
	})
}
