package newsroom_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/people"
)

// TestSecurityLog: setup, logins, failures, a lockout, a role change and a suspension reach
// the security log, which admins alone read in the newsroom, filtered by kind and a page at
// a time, in both languages; every entry reaches the server log too.
func TestSecurityLog(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.setupAdmin()
		ed := e.addUser("Rituraj Kalita", "rituraj@example.org", people.Editor)
		rep := e.addUser("Dipankar Nath", "dipankar@example.org", people.Reporter)

		editor := e.client("editor laptop")
		editor.login("rituraj@example.org", strongPass)
		// Four wrong passwords for one address: the fourth blocks it (and, here, the client
		// address the tests all share).
		thief := e.client("scanner")
		for range 4 {
			p := thief.post("/newsroom/login", url.Values{"email": {"dipankar@example.org"}, "password": {"guess-guess-guess"}})
			wantStatus(t, p, http.StatusUnauthorized)
		}
		wantRedirect(t, admin.post("/newsroom/users/"+idStr(rep.ID)+"/role", url.Values{"role": {"editor"}}), "/newsroom/users")
		wantRedirect(t, admin.post("/newsroom/users/"+idStr(rep.ID)+"/suspend", nil), "/newsroom/users")

		p := admin.get("/newsroom/security")
		wantPage(t, p, "security")
		wantText(t, p, ".menu [aria-current=page]", en.T("nr_menu_security"))
		counts := map[string]int{}
		p.Doc.Find("table.security-log tbody tr").Each(func(_ int, s *goquery.Selection) {
			counts[s.AttrOr("class", "")]++
		})
		want := map[string]int{"sec-setup": 1, "sec-login_failed": 4, "sec-lockout": 1, "sec-login": 1, "sec-role_changed": 1, "sec-suspended": 1}
		for k, n := range want {
			if counts[k] != n {
				t.Errorf("%s: %d entries, want %d (all %v)", k, counts[k], n, counts)
			}
		}
		row := p.Doc.Find("tr.sec-role_changed")
		if txt := strings.Join(strings.Fields(row.Text()), " "); !strings.Contains(txt, "Dipankar Nath") || !strings.Contains(txt, adminName) || !strings.Contains(txt, "editor") {
			t.Errorf("role change row: %q", txt)
		}
		if txt := p.Doc.Find("tr.sec-login").Text(); !strings.Contains(txt, "Rituraj Kalita") || !strings.Contains(txt, "127.0.0.1") {
			t.Errorf("login row: %q", txt)
		}
		if !strings.Contains(p.Doc.Find("tr.sec-lockout").Text(), "dipankar@example.org") {
			t.Error("lockout row does not name the address tried")
		}

		// Filtered by kind; an unknown kind or page is not found.
		p = admin.get("/newsroom/security?kind=login_failed")
		if n := p.Doc.Find("table.security-log tbody tr").Length(); n != 4 || p.Doc.Find(`option[value=login_failed][selected]`).Length() != 1 {
			t.Errorf("filtered: %d rows", n)
		}
		wantStatus(t, admin.get("/newsroom/security?kind=nonsense"), http.StatusNotFound)
		wantStatus(t, admin.get("/newsroom/security?page=0"), http.StatusNotFound)

		// A page at a time.
		for i := range 60 {
			if err := e.app.People.LogSecurity(ctx, people.SecurityEntry{Kind: people.SecLoginFailed, Email: "bot" + idStr(int64(i)) + "@example.net", Addr: "203.0.113.9"}); err != nil {
				t.Fatal(err)
			}
		}
		p = admin.get("/newsroom/security?kind=login_failed")
		if n := p.Doc.Find("table.security-log tbody tr").Length(); n != 50 {
			t.Errorf("first page: %d rows", n)
		}
		next := p.Doc.Find(".pager a").Last().AttrOr("href", "")
		p = admin.get(next)
		if n := p.Doc.Find("table.security-log tbody tr").Length(); n != 14 {
			t.Errorf("second page (%s): %d rows", next, n)
		}

		// In Assamese.
		admin.post("/newsroom/account/language", url.Values{"lang": {"as"}, "next": {"/newsroom/security"}})
		p = admin.get("/newsroom/security?kind=setup")
		wantText(t, p, "h1", as.T("nr_sec_title"))
		wantText(t, p, "tr.sec-setup", as.T("nr_sec_kind_setup"))

		// Admins only.
		wantStatus(t, editor.get("/newsroom/security"), http.StatusForbidden)
		wantRedirect(t, e.client("anon").get("/newsroom/security"), "/newsroom/login")
		_ = ed

		// The server log has them too.
		logs := e.logs.String()
		for _, want := range []string{"kind=setup", "kind=lockout", "kind=role_changed", "email=dipankar@example.org"} {
			if !strings.Contains(logs, want) {
				t.Errorf("server log lacks %q", want)
			}
		}
	})
}
