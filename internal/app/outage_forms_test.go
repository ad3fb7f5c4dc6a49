package app_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// TestPostgresOutageKeepsTheReadersText sends a reader's comment, an enquiry with a photo and
// a reporter's registration while PostgreSQL is cut off (as a restart does) and while it is
// black-holed (as a silent network is): each comes back within its deadline as a 503 with
// Retry-After, the text in the form and a message that nothing was saved (the enquiry's
// saying the photo must be chosen again); nothing is stored; once the database is back the
// same forms are stored, once.
func TestPostgresOutageKeepsTheReadersText(t *testing.T) {
	ctx := context.Background()
	raw := dbtest.NewPostgresSchema(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	proxy := testkit.StartProxy(t, u.Host)
	u.Host = proxy.Addr()
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()
	cfg := emptyConfig(t)
	cfg.Migrate, cfg.MaxBodyBytes = true, 10<<20
	cfg.DatabaseURL = u.String()
	cfg.QueryTimeout = 2 * time.Second
	cfg.TxTimeout = 3 * time.Second
	a := enquiryApp(t, cfg)
	story := seedStory(ctx, t, a)
	base := testkit.Serve(ctx, t, a.ServeListener)
	// The client's own deadline is the hang detector.
	client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	do := func(req *http.Request) (*http.Response, string) {
		t.Helper()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}

	// Forms shown before the outage, as readers had them open.
	commentForm := fetchCommentForm(t, base, story)
	enquiryToken, err := a.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	registerToken := registerFormToken(t, base)
	registration := func() *http.Request {
		v := url.Values{"form_token": {registerToken}, "website": {""}, "name": {"Bhaskar Deka"}, "email": {"bhaskar.deka@example.org"},
			"phone": {"+91 94350 12345"}, "district": {people.Districts[0]}, "languages": {"en", "as"},
			"bio": {"Stringer in Majuli for ten years; covers the ferries and the erosion."}, "password": {"ferry-ghat-nimati-2026"}}
		req, _ := http.NewRequest(http.MethodPost, base+"/newsroom/register", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return req
	}
	count := func(table string) int {
		var n int
		if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	enquiriesBefore, commentsBefore, usersBefore := count("enquiries"), count("comments"), count("users")
	if wait := time.Until(commentForm.issued.Add(commentFillTime)); wait > 0 {
		time.Sleep(wait) // the least time a person takes to fill a form in
	}

	outage := func(name string) {
		t.Helper()
		checks := []struct {
			what string
			req  *http.Request
			kept []string
		}{
			{"comment", commentForm.post(t, base, 1), []string{"The ferry from Nimati ghat did not sail again this morning", "reader0001@example.org"}},
			{"enquiry with a photo", submission(t, base, enquiryToken, 0), []string{"Message 0: the ferry from Nimati to Majuli did not sail this morning.", "reader0@example.org",
				"Browsers do not keep a chosen file when a form comes back, so please attach it again."}},
			{"registration", registration(), []string{"Bhaskar Deka", "bhaskar.deka@example.org", "Stringer in Majuli for ten years"}},
		}
		for _, c := range checks {
			start := time.Now()
			resp, body := do(c.req)
			took := time.Since(start)
			if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "Nothing was saved") {
				t.Errorf("%s: %s = %d Retry-After %q after %s, want a 503 saying nothing was saved:\n%.3000s", name, c.what,
					resp.StatusCode, resp.Header.Get("Retry-After"), took, body)
				continue
			}
			for _, want := range c.kept {
				if !strings.Contains(body, want) && !strings.Contains(body, strings.ReplaceAll(want, "'", "&#39;")) {
					t.Errorf("%s: %s came back without %q", name, c.what, want)
				}
			}
			if strings.Contains(body, "ferry-ghat-nimati-2026") {
				t.Errorf("%s: %s came back with the password in the page", name, c.what)
			}
			t.Logf("%s: %s answered 503 in %s", name, c.what, took.Round(time.Millisecond))
		}
	}

	proxy.Cut()
	outage("cut")
	proxy.BlackHole()
	outage("black hole")
	proxy.Restore()

	// Back: the same forms are stored, once each.
	deadline := time.Now().Add(time.Minute)
	for {
		resp, _ := do(registration())
		if resp.StatusCode == http.StatusSeeOther {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("registration still %d a minute after the database came back", resp.StatusCode)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if resp, body := do(commentForm.post(t, base, 1)); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the same comment once the database is back = %d:\n%.2000s", resp.StatusCode, body)
	}
	if resp, body := do(submission(t, base, enquiryToken, 0)); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the same enquiry once the database is back = %d:\n%.2000s", resp.StatusCode, body)
	}
	if got := [3]int{count("enquiries") - enquiriesBefore, count("comments") - commentsBefore, count("users") - usersBefore}; got != [3]int{1, 1, 1} {
		t.Errorf("stored enquiries, comments, accounts = %v, want one of each", got)
	}
}
