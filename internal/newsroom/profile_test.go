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

// TestProfile: a reporter sets their byline in both languages and readers see it on the
// author pages; a wrong password or a taken address changes no e-mail; a good change rotates
// the session, ends the others, moves sign-in and password resets to the new address and is
// in the security log; a password change from the profile does the same.
func TestProfile(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		e.addUser("Bikash Das", "bikash@example.org", people.Reporter)
		e.addUser("Other Person", "other@example.org", people.Reporter)
		c := e.client("Reporter's phone")
		c.login("bikash@example.org", strongPass)
		laptop := e.client("Reporter's laptop")
		laptop.login("bikash@example.org", strongPass)

		p := c.get("/newsroom/profile")
		wantPage(t, p, "profile")
		if got := p.value("#f-name_en"); got != "Bikash Das" {
			t.Errorf("name field %q, want the account's name", got)
		}

		// The byline: the English name is required; each language has its biography.
		p = c.post("/newsroom/profile", url.Values{"name_en": {" "}, "bio_en": {"x"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantPage(t, p, "profile")
		if p.Doc.Find("#f-name_en-error").Length() != 1 || p.text("#f-bio_en") != "x" {
			t.Errorf("the refused form lost its error or its input:\n%s", pageText(p))
		}
		p = c.post("/newsroom/profile", url.Values{"name_en": {"Bikash Kumar Das"}, "name_as": {"বিকাশ কুমাৰ দাস"},
			"bio_en": {"Reports on tea gardens from Dibrugarh."}, "bio_as": {"ডিব্ৰুগড়ৰ পৰা চাহ বাগিচাৰ বাতৰি লিখে।"}})
		wantRedirect(t, p, "/newsroom/profile")
		p = c.follow(p)
		wantFlash(t, p, en.T("flash_profile_saved"))
		author, _ := p.Doc.Find(`a[href^="/author/"]`).Attr("href")
		if author == "" {
			t.Fatalf("no link to the author page:\n%s", pageText(p))
		}
		if u, _ := e.app.People.Get(ctx, userID(t, e, "bikash@example.org")); u.Name != "Bikash Kumar Das" {
			t.Errorf("account name %q", u.Name)
		}
		// The reader site's author pages (not newsroom pages: fetched plainly).
		readerPage := func(path string) *goquery.Document {
			t.Helper()
			resp, err := http.Get(e.srv.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			doc, err := goquery.NewDocumentFromReader(resp.Body)
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d %v", path, resp.StatusCode, err)
			}
			return doc
		}
		if got := readerPage(author).Find(".bio").Text(); got != "Reports on tea gardens from Dibrugarh." {
			t.Errorf("English author page biography %q", got)
		}
		as := readerPage("/as" + author)
		if got := as.Find(".bio").Text(); got != "ডিব্ৰুগড়ৰ পৰা চাহ বাগিচাৰ বাতৰি লিখে।" {
			t.Errorf("Assamese author page biography %q", got)
		}
		if got := as.Find("h1").Text(); !strings.Contains(got, "বিকাশ কুমাৰ দাস") {
			t.Errorf("Assamese author page heading %q", got)
		}

		// E-mail: the password must be right and the address free.
		before := c.sessionCookieValue()
		p = c.post("/newsroom/profile/email", url.Values{"email": {"bikash.das@example.org"}, "current": {"wrong password"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if p.Doc.Find("#f-email-current-error").Length() != 1 || p.value("#f-email") != "bikash.das@example.org" {
			t.Errorf("wrong password: no error or input lost:\n%s", pageText(p))
		}
		p = c.post("/newsroom/profile/email", url.Values{"email": {"OTHER@example.org"}, "current": {strongPass}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if p.Doc.Find("#f-email-error").Length() != 1 {
			t.Errorf("taken address: no error:\n%s", pageText(p))
		}
		p = c.post("/newsroom/profile/email", url.Values{"email": {"Bikash.Das@example.org"}, "current": {strongPass}})
		wantRedirect(t, p, "/newsroom/profile")
		wantFlash(t, c.follow(p), en.T("flash_email_changed"))
		if c.sessionCookieValue() == before {
			t.Error("the session id did not change with the e-mail address")
		}
		wantRedirect(t, e.withCookie(before).get("/newsroom/profile"), "/newsroom/login")
		wantRedirect(t, laptop.get("/newsroom/profile"), "/newsroom/login")
		wantPage(t, c.get("/newsroom/profile"), "profile")
		e.client("x").login("bikash.das@example.org", strongPass)
		if p := e.client("y").post("/newsroom/login", url.Values{"email": {"bikash@example.org"}, "password": {strongPass}}); p.Status != http.StatusUnauthorized {
			t.Errorf("the old address still signs in: %d", p.Status)
		}
		// The old address is told.
		if m := e.lastMail("bikash@example.org", en.T("nr_mail_email_changed_subject")); !strings.Contains(m.Text, "bikash.das@example.org") {
			t.Errorf("the old address's notice does not name the new one:\n%s", m.Text)
		}
		log, _, err := e.app.People.SecurityLog(ctx, people.SecurityFilter{Kind: people.SecEmailChanged})
		if err != nil || len(log) != 1 || log[0].Email != "bikash.das@example.org" || log[0].Detail != "bikash@example.org" {
			t.Errorf("security log %+v (%v)", log, err)
		}

		// The password, from the profile page.
		before = c.sessionCookieValue()
		p = c.post("/newsroom/profile/password", url.Values{"current": {"nope"}, "password": {"monsoon-lamp-river-9"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantPage(t, p, "profile")
		p = c.post("/newsroom/profile/password", url.Values{"current": {strongPass}, "password": {"monsoon-lamp-river-9"}})
		wantRedirect(t, p, "/newsroom/profile")
		if c.sessionCookieValue() == before {
			t.Error("the session id did not change with the password")
		}
		log, _, _ = e.app.People.SecurityLog(ctx, people.SecurityFilter{Kind: people.SecPasswordChanged})
		if len(log) != 1 {
			t.Errorf("%d password changes logged", len(log))
		}
		// The security log page names the change in both languages.
		admin := e.setupAdmin()
		if got := admin.get("/newsroom/security").text("main"); !strings.Contains(got, en.T("nr_sec_kind_email_changed")) {
			t.Errorf("security log page does not name the e-mail change")
		}
	})
}
