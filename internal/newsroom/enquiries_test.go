package newsroom_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// readerEnquiry sends the site's Enquiry form at path as a reader would, with a photo when
// pic is set, and returns the enquiry stored.
func (e *env) readerEnquiry(path, kind, name, email string, pic []byte) enquiries.Enquiry {
	e.t.Helper()
	ctx := context.Background()
	// A form fetched a minute ago, as a person fills it in.
	tok, err := e.app.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
	if err != nil {
		e.t.Fatal(err)
	}
	fields := url.Values{"token": {tok}, "type": {kind}, "name": {name}, "email": {email}, "phone": {"+91 94350 00000"},
		"message": {"The bridge over the Dikhow at Sivasagar has a crack; buses still cross it every hour."}}
	reader := e.client("reader phone")
	var p *page
	if pic != nil {
		p = reader.postFile(path, "attachment", "crack.png", pic, fields)
	} else {
		p = reader.post(path, fields)
	}
	if p.Status != http.StatusSeeOther || !strings.Contains(p.Location, "/enquiry/sent?key=") {
		e.t.Fatalf("enquiry not accepted: %d %q", p.Status, p.Location)
	}
	key, _ := url.QueryUnescape(strings.TrimPrefix(p.Location[strings.Index(p.Location, "key="):], "key="))
	en, err := e.app.Enquiries.ByKey(ctx, key)
	if err != nil {
		e.t.Fatal(err)
	}
	return en
}

func enquiryPath(id int64) string { return "/newsroom/enquiries/" + idStr(id) }

func TestEnquiryInbox(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		admin := e.setupAdmin()
		e.addUser("Rituraj Kalita", "rituraj@example.org", people.Editor)
		reporterUser := e.addUser("Dipankar Nath", "dipankar@example.org", people.Reporter)
		editor := e.client("editor laptop")
		editor.login("rituraj@example.org", strongPass)
		reporter := e.client("reporter phone")
		reporter.login("dipankar@example.org", strongPass)

		// The admin names the enquiry desk; the settings page keeps it and the office hours.
		form := settingsForm()
		form.Set("enquiry_email", "enquiries@example.org")
		form.Set("office_hours_en", "Monday to Saturday, 10 am to 6 pm")
		form.Set("office_hours_as", "সোমবাৰৰ পৰা শনিবাৰলৈ")
		wantRedirect(t, admin.post("/newsroom/settings", form), "/newsroom/settings")
		p := admin.get("/newsroom/settings")
		if p.value("#f-enquiry_email") != "enquiries@example.org" || p.text("#f-office_hours_as") != "সোমবাৰৰ পৰা শনিবাৰলৈ" {
			t.Error("enquiry settings not shown")
		}
		if doc := readerPage(t, e, "/contact"); !strings.Contains(doc.Find("main").Text(), "Monday to Saturday") {
			t.Error("office hours not on the Contact Us page")
		}
		bad := settingsForm()
		bad.Set("enquiry_email", "desk at example")
		wantStatus(t, admin.post("/newsroom/settings", bad), http.StatusUnprocessableEntity)

		tip := e.readerEnquiry("/enquiry", "tip", "Anjali Bora", "anjali@example.org", testkit.PNG(t, testkit.Picture(40, 30)))
		correction := e.readerEnquiry("/enquiry", "correction", "Bhaskar Das", "bhaskar@example.org", nil)

		// The desk is told, with a link into the newsroom.
		notice := e.lastMail("enquiries@example.org", correction.Reference)
		if link := linkIn(t, notice); link != enquiryPath(correction.ID) {
			t.Errorf("desk notice links %q", link)
		}

		// Editors and admins only.
		wantStatus(t, reporter.get("/newsroom/enquiries"), http.StatusForbidden)
		wantStatus(t, reporter.get(enquiryPath(tip.ID)+"/attachment"), http.StatusForbidden)
		wantStatus(t, reporter.post(enquiryPath(tip.ID)+"/status", url.Values{"status": {"closed"}}), http.StatusForbidden)
		wantRedirect(t, e.client("anon").get("/newsroom/enquiries"), "/newsroom/login")
		if strings.Contains(reporter.get("/newsroom/account").text(".menu"), en.T("nr_menu_enquiries")) {
			t.Error("reporters see the enquiries menu")
		}

		p = editor.get("/newsroom/enquiries")
		wantPage(t, p, "enquiries")
		wantText(t, p, ".menu [aria-current=page]", en.T("nr_menu_enquiries"))
		rows := p.Doc.Find("table.enq-list tbody tr")
		if rows.Length() != 2 || !strings.Contains(rows.First().Text(), correction.Reference) {
			t.Fatalf("inbox rows: %d, first %q", rows.Length(), rows.First().Text())
		}
		if rows.Last().Find(".enq-file-type").Text() != en.T("nr_enq_has_attachment")+": PNG" {
			t.Error("attachment not marked in the list")
		}
		wantText(t, p, ".tabs [aria-current=page]", en.T("nr_enq_status_all"))
		wantText(t, p, ".tabs", en.T("nr_enq_status_new")+" 2")
		for query, want := range map[string]int{
			"?type=tip": 1, "?status=new&type=correction": 1, "?status=closed": 0, "?mine=1": 0,
			"?ref=" + url.QueryEscape(strings.ToLower(strings.ReplaceAll(tip.Reference, "-", " "))): 1, "?ref=nonsense": 0,
		} {
			p := editor.get("/newsroom/enquiries" + query)
			if n := p.Doc.Find("table.enq-list tbody tr").Length(); n != want {
				t.Errorf("%s: %d rows, want %d", query, n, want)
			}
			if want == 0 {
				wantText(t, p, ".note", en.T("nr_enq_none"))
			}
		}
		for _, query := range []string{"?status=lost", "?type=complaint", "?page=0"} {
			wantStatus(t, editor.get("/newsroom/enquiries"+query), http.StatusNotFound)
		}

		// One enquiry in full, from the desk notice's link.
		p = editor.get(linkIn(t, e.mailWith("enquiries@example.org", tip.Reference)))
		wantPage(t, p, "enquiries_view")
		wantText(t, p, "h1", tip.Reference)
		for _, want := range []string{"Anjali Bora", "anjali@example.org", "+91 94350 00000", "crack; buses", en.T("enquiry_kind_tip"), en.T("nr_enq_status_new")} {
			wantText(t, p, "main", want)
		}
		wantText(t, p, "#history", en.T("nr_enq_event_received"))
		dl := p.Doc.Find(`a[href="` + enquiryPath(tip.ID) + `/attachment"]`)
		if dl.Length() != 1 {
			t.Fatal("no attachment link")
		}
		res := editor.raw(enquiryPath(tip.ID) + "/attachment")
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" ||
			res.Header.Get("Content-Disposition") != `attachment; filename=crack.png` ||
			!strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") || res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("download: %d %v", res.StatusCode, res.Header)
		}
		if body, _ := io.ReadAll(res.Body); string(body) != string(testkit.PNG(t, testkit.Picture(40, 30))) {
			t.Error("download differs from the upload")
		}
		res.Body.Close()
		wantStatus(t, editor.get(enquiryPath(correction.ID)+"/attachment"), http.StatusNotFound)
		wantStatus(t, editor.get(enquiryPath(correction.ID+100)), http.StatusNotFound)
		// Files are never public: the reader site has no path to them.
		if res := e.client("anon").raw("/media/" + tip.Attachment.Key); res.StatusCode != http.StatusNotFound {
			t.Errorf("attachment served publicly: %d", res.StatusCode)
		}

		// Status, assignee, note and reply, each recorded with who did it.
		id := tip.ID
		p = editor.post(enquiryPath(id)+"/status", url.Values{"status": {"in_progress"}})
		wantRedirect(t, p, enquiryPath(id))
		wantFlash(t, editor.follow(p), en.T("nr_enq_flash_status"))
		p = editor.post(enquiryPath(id)+"/status", url.Values{"status": {"in_progress"}})
		wantFlash(t, editor.follow(p), en.T("nr_enq_flash_unchanged"))
		wantStatus(t, editor.post(enquiryPath(id)+"/status", url.Values{"status": {"lost"}}), http.StatusBadRequest)

		adminID := userID(t, e, adminEmail)
		p = editor.post(enquiryPath(id)+"/assignee", url.Values{"assignee": {idStr(adminID)}})
		wantFlash(t, editor.follow(p), en.T("nr_enq_flash_assigned"))
		wantStatus(t, editor.post(enquiryPath(id)+"/assignee", url.Values{"assignee": {idStr(reporterUser.ID)}}), http.StatusBadRequest)
		wantStatus(t, editor.post(enquiryPath(id)+"/assignee", url.Values{"assignee": {"x"}}), http.StatusBadRequest)
		mine := admin.get("/newsroom/enquiries?mine=1")
		if n := mine.Doc.Find("table.enq-list tbody tr").Length(); n != 1 {
			t.Errorf("admin's own enquiries: %d", n)
		}

		p = editor.post(enquiryPath(id)+"/notes", url.Values{"note": {"   "}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantPage(t, p, "enquiries_view")
		wantText(t, p, "#f-note-error", en.T("field_required"))
		long := strings.Repeat("n", enquiries.MaxNote+1)
		p = editor.post(enquiryPath(id)+"/notes", url.Values{"note": {long}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if p.text("#f-note") != long {
			t.Error("note not kept")
		}
		p = editor.post(enquiryPath(id)+"/notes", url.Values{"note": {"Called Anjali; the photo is hers."}})
		wantRedirect(t, p, enquiryPath(id))
		wantFlash(t, editor.follow(p), en.T("nr_enq_flash_note"))

		wantStatus(t, editor.post(enquiryPath(id)+"/reply", url.Values{"reply": {""}}), http.StatusUnprocessableEntity)
		p = editor.post(enquiryPath(id)+"/reply", url.Values{"reply": {"Thank you. Our Sivasagar reporter will call you today."}})
		wantRedirect(t, p, enquiryPath(id))
		wantFlash(t, editor.follow(p), en.T("nr_enq_flash_reply"))
		reply := e.lastMail("anjali@example.org", "Re: your enquiry "+tip.Reference)
		for _, want := range []string{"Hello Anjali Bora,", "Our Sivasagar reporter will call you today.", tip.Reference, "/enquiry"} {
			if !strings.Contains(reply.Text, want) {
				t.Errorf("reply mail lacks %q:\n%s", want, reply.Text)
			}
		}
		p = editor.post(enquiryPath(id)+"/assignee", url.Values{"assignee": {""}})
		wantFlash(t, editor.follow(p), en.T("nr_enq_flash_assigned"))

		p = admin.get(enquiryPath(id))
		history := p.Doc.Find("#history li")
		want := []string{
			en.T("nr_enq_event_received"),
			en.T("nr_enq_event_status", "Rituraj Kalita", en.T("nr_enq_status_new"), en.T("nr_enq_status_in_progress")),
			en.T("nr_enq_event_assign", "Rituraj Kalita", adminName),
			en.T("nr_enq_event_note", "Rituraj Kalita"),
			en.T("nr_enq_event_reply", "Rituraj Kalita"),
			en.T("nr_enq_event_unassign", "Rituraj Kalita", adminName),
		}
		if history.Length() != len(want) {
			t.Fatalf("history has %d entries, want %d: %s", history.Length(), len(want), p.text("#history"))
		}
		for i, w := range want {
			if got := strings.Join(strings.Fields(history.Eq(i).Text()), " "); !strings.Contains(got, w) {
				t.Errorf("history %d = %q, want %q", i, got, w)
			}
		}
		if !strings.Contains(history.Eq(3).Text(), "the photo is hers") || !strings.Contains(history.Eq(4).Text(), "Sivasagar reporter") {
			t.Error("note or reply text missing from the history")
		}

		// A reply to a new enquiry moves it on, and an Assamese reader is answered in Assamese.
		asEnquiry := e.readerEnquiry("/as/enquiry", "general", "Gitanjali Bora", "gitanjali@example.org", nil)
		if m := e.lastMail("gitanjali@example.org", "জিজ্ঞাসা"); !strings.Contains(m.Text, "প্ৰসংগ নম্বৰ") {
			t.Errorf("Assamese acknowledgement:\n%s", m.Text)
		}
		p = editor.post(enquiryPath(asEnquiry.ID)+"/reply", url.Values{"reply": {"ধন্যবাদ। আমি সোনকালে যোগাযোগ কৰিম।"}})
		wantRedirect(t, p, enquiryPath(asEnquiry.ID))
		m := e.lastMail("gitanjali@example.org", as.T("nr_enq_mail_reply_subject", asEnquiry.Reference))
		if !strings.Contains(m.Text, as.T("nr_mail_greeting", "Gitanjali Bora")) || !strings.Contains(m.Text, "/as/enquiry") {
			t.Errorf("Assamese reply:\n%s", m.Text)
		}
		if got, _ := e.app.Enquiries.Get(context.Background(), asEnquiry.ID); got.Status != enquiries.StatusInProgress {
			t.Errorf("replied enquiry is %s", got.Status)
		}

		// The newsroom in Assamese.
		wantRedirect(t, editor.post("/newsroom/account/language", url.Values{"lang": {"as"}, "next": {"/newsroom/account"}}), "/newsroom/account")
		p = editor.get("/newsroom/enquiries")
		wantText(t, p, "h1", as.T("nr_enq_title"))
		wantText(t, p, ".tabs", as.T("nr_enq_status_in_progress"))
		p = editor.get(enquiryPath(id))
		wantText(t, p, "#history", as.T("nr_enq_event_note", "Rituraj Kalita"))
	})
}

func TestEnquiryInboxPages(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.setupAdmin()
		for i := range 30 {
			_, _, err := e.app.Enquiries.Submit(ctx, enquiries.NewEnquiry{
				Key: fmt.Sprintf("bulk-%02d-abcdefghijklmnop", i), Kind: "general", Lang: locale.English,
				Name: fmt.Sprintf("Reader %d", i), Email: fmt.Sprintf("reader%d@example.org", i),
				Message: "When is the next Bihu supplement out?", ClientAddr: fmt.Sprintf("10.1.0.%d", i+1),
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		p := admin.get("/newsroom/enquiries")
		if n := p.Doc.Find("table.enq-list tbody tr").Length(); n != 25 {
			t.Errorf("first page has %d rows", n)
		}
		wantText(t, p, "main", en.TCount("nr_enq_count", 30))
		next, ok := p.Doc.Find(`.pager a[rel=next]`).Attr("href")
		if !ok {
			t.Fatal("no next page")
		}
		p = admin.get(next)
		if n := p.Doc.Find("table.enq-list tbody tr").Length(); n != 5 || !strings.Contains(p.text("tbody tr:last-child"), "Reader 0") {
			t.Errorf("second page has %d rows, last %q", n, p.text("tbody tr:last-child"))
		}
		if p.Doc.Find(`.pager a[rel=prev]`).Length() != 1 || p.Doc.Find(`.pager a[rel=next]`).Length() != 0 {
			t.Error("second page's pager wrong")
		}
	})
}

// mailWith returns the newest mail to addr whose subject contains subject.
func (e *env) mailWith(addr, subject string) mail.Item {
	e.t.Helper()
	for _, m := range e.mails(addr) {
		if strings.Contains(m.Subject, subject) {
			return m
		}
	}
	e.t.Fatalf("no mail to %s about %q", addr, subject)
	return mail.Item{}
}

// raw GETs path with c's cookies and returns the response unread, for downloads.
func (c *client) raw(path string) *http.Response {
	c.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	res, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	c.e.t.Cleanup(func() { res.Body.Close() })
	return res
}
