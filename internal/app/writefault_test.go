package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/people"
)

// TestFullDatabaseKeepsTheReadersText fills the SQLite database (PRAGMA max_page_count): a
// reader's enquiry and comment and a reporter's registration come back with their text kept and a 503 saying nothing was
// saved and when to try again, nothing is half-stored, /readyz says writes fail; once there
// is room the same forms are stored.
func TestFullDatabaseKeepsTheReadersText(t *testing.T) {
	ctx := context.Background()
	cfg := baseConfig(t)
	cfg.Migrate, cfg.MaxBodyBytes = true, 10<<20
	a := enquiryApp(t, cfg)
	story := seedStory(ctx, t, a)
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	commentForm := fetchCommentForm(t, srv.URL, story)
	token, err := a.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	count := func(table string) int {
		var n int
		if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	files := func() int {
		entries, _ := os.ReadDir(a.Enquiries.Dir())
		return len(entries)
	}
	ready := func() (int, string) {
		resp, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(b)
	}
	setMax := func(pages string) {
		t.Helper()
		if pages == "" {
			if err := a.DB.Writer().QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := a.DB.Writer().ExecContext(ctx, "PRAGMA max_page_count = "+pages); err != nil {
			t.Fatal(err)
		}
	}
	// fill takes every free page, so that the next text too long for the room left in a
	// page finds the disk full.
	fill := func() {
		t.Helper()
		if _, err := a.DB.Writer().ExecContext(ctx, "CREATE TABLE IF NOT EXISTS filler (x BLOB)"); err != nil {
			t.Fatal(err)
		}
		setMax("")
		for i := 0; ; i++ {
			if _, err := a.DB.Writer().ExecContext(ctx, "INSERT INTO filler VALUES (randomblob(3000))"); err != nil {
				break
			}
			if i > 100000 {
				t.Fatal("the database never filled")
			}
		}
	}
	// Readers write at length: 1,500 Assamese letters take more than a page.
	long := strings.Repeat("অসম", 500)
	enquiry := func() *http.Request {
		v := url.Values{"token": {token}, "type": {"tip"}, "name": {"Reader"}, "email": {"reader@example.org"},
			"message": {"The ferry from Nimati to Majuli did not sail. " + long}}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/enquiry", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	}
	comment := func() *http.Request {
		req := commentForm.post(t, srv.URL, 1)
		body, _ := io.ReadAll(req.Body)
		v, _ := url.ParseQuery(string(body))
		v.Set("body", v.Get("body")+" "+long[:4500])
		req, _ = http.NewRequest(http.MethodPost, req.URL.String(), strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(req *http.Request) (*http.Response, string) {
		t.Helper()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}

	// A reporter's registration, with a long biography.
	registerToken := registerFormToken(t, srv.URL)
	registration := func() *http.Request {
		v := url.Values{"form_token": {registerToken}, "website": {""}, "name": {"Bhaskar Deka"}, "email": {"bhaskar.deka@example.org"},
			"phone": {"+91 94350 12345"}, "district": {people.Districts[0]}, "languages": {"en", "as"},
			"bio": {"Stringer in Majuli. " + long[:4500]}, "password": {"ferry-ghat-nimati-2026"}}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/newsroom/register", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	}

	enquiriesBefore, commentsBefore, filesBefore, usersBefore := count("enquiries"), count("comments"), files(), count("users")
	if wait := time.Until(commentForm.issued.Add(commentFillTime)); wait > 0 {
		time.Sleep(wait)
	}
	fill()
	resp, body := do(enquiry())
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
		!strings.Contains(body, "Nothing was saved") || !strings.Contains(body, "The ferry from Nimati to Majuli did not sail. অসমঅসম") {
		t.Errorf("enquiry into a full database = %d Retry-After %q, want the form back with its text:\n%s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	resp, body = do(comment())
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "Nothing was saved") ||
		!strings.Contains(body, "The ferry from Nimati ghat did not sail again") || !strings.Contains(body, long[:300]) {
		t.Errorf("comment into a full database = %d, want the article with the form and its text:\n%.3000s", resp.StatusCode, body)
	}
	resp, body = do(registration())
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "Nothing was saved") ||
		!strings.Contains(body, "Stringer in Majuli. অসমঅসম") || !strings.Contains(body, "bhaskar.deka@example.org") {
		t.Errorf("registration into a full database = %d, want the form back with its text:\n%.3000s", resp.StatusCode, body)
	}
	if count("users") != usersBefore {
		t.Error("a registration into a full database stored an account")
	}
	if code, text := ready(); code != http.StatusServiceUnavailable || !strings.Contains(text, "writes: failing") {
		t.Errorf("readyz with the database full = %d %q", code, text)
	}
	if count("enquiries") != enquiriesBefore || count("comments") != commentsBefore || files() != filesBefore {
		t.Errorf("a failed save left rows or files: enquiries %d→%d comments %d→%d files %d→%d", enquiriesBefore, count("enquiries"),
			commentsBefore, count("comments"), filesBefore, files())
	}

	setMax("1073741823") // room again
	if resp, _ := do(enquiry()); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the same enquiry with room again = %d, want 303", resp.StatusCode)
	}
	if resp, _ := do(comment()); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the same comment with room again = %d, want 303", resp.StatusCode)
	}
	if resp, _ := do(registration()); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the same registration with room again = %d, want 303", resp.StatusCode)
	}
	if code, text := ready(); code != http.StatusOK {
		t.Errorf("readyz once writes work = %d %q", code, text)
	}
}

// registerFormToken fetches the newsroom's registration form and returns its signed token.
func registerFormToken(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/newsroom/register")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	token := doc.Find(`input[name=form_token]`).AttrOr("value", "")
	if token == "" {
		t.Fatal("the registration form has no token")
	}
	return token
}

// TestFullOrReadOnlyFolderKeepsTheReadersText puts the data folder on a tiny tmpfs, fills it,
// then makes it read-only: a reader's enquiry with a photo comes back with their text kept
// and a 503, /readyz says the disk fails, and the same form is stored once there is room.
// Mounting needs root (chmod stops nobody there); elsewhere the test cannot make a full disk.
func TestFullOrReadOnlyFolderKeepsTheReadersText(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mount a tmpfs (CI runs as root): %v %s", err, out)
		}
		t.Skipf("cannot mount a tmpfs here (%v): run as root", err)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	// Attachments get a tmpfs of their own, which can be made read-only while the database
	// file stays open for writing beside it.
	attachments := filepath.Join(dir, "enquiries")
	os.Mkdir(attachments, 0o750)
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", attachments).CombinedOutput(); err != nil {
		t.Fatalf("mount a tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", attachments).Run() })
	ctx := context.Background()
	cfg := baseConfig(t)
	cfg.DataDir = dir
	cfg.Migrate, cfg.MaxBodyBytes = true, 10<<20
	a := enquiryApp(t, cfg)
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	token, err := a.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	send := func(what string, want int) {
		t.Helper()
		resp, err := client.Do(submission(t, srv.URL, token, 0)) // a tip with a photo
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Fatalf("%s: enquiry = %d, want %d\n%.2000s", what, resp.StatusCode, want, b)
		}
		if want == http.StatusServiceUnavailable && (!strings.Contains(string(b), "Nothing was saved") ||
			!strings.Contains(string(b), "the ferry from Nimati to Majuli did not sail") || resp.Header.Get("Retry-After") == "") {
			t.Errorf("%s: the form did not come back with its text and a retry time:\n%s", what, b)
		}
	}
	ready := func(what string, want int, wantText string) {
		t.Helper()
		resp, err := http.Get(srv.URL + "/readyz")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want || !strings.Contains(string(b), wantText) {
			t.Errorf("%s: readyz = %d %q, want %d with %q", what, resp.StatusCode, b, want, wantText)
		}
	}

	// Full: a file takes every byte left.
	filler, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for {
		if _, err := filler.Write(chunk); err != nil {
			break
		}
	}
	filler.Sync()
	filler.Close()
	send("full disk", http.StatusServiceUnavailable)
	ready("full disk", http.StatusServiceUnavailable, "disk: failing")
	if entries, _ := os.ReadDir(a.Enquiries.Dir()); len(entries) != 0 {
		t.Errorf("a failed save left files: %v", entries)
	}
	os.Remove(filepath.Join(dir, "filler"))

	// Read-only.
	if out, err := exec.Command("mount", "-o", "remount,ro", attachments).CombinedOutput(); err != nil {
		t.Fatalf("remount read-only: %v %s", err, out)
	}
	send("read-only folder", http.StatusServiceUnavailable)
	ready("read-only folder", http.StatusServiceUnavailable, "disk: failing")
	if out, err := exec.Command("mount", "-o", "remount,rw", attachments).CombinedOutput(); err != nil {
		t.Fatalf("remount read-write: %v %s", err, out)
	}
	send("room again", http.StatusSeeOther)
	ready("room again", http.StatusOK, "ready")
}
