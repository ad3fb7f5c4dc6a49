package site_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/notify"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/web"
)

// enquirySite is the reader site with Contact Us and the Enquiry form over a fresh database,
// behind the middleware the app puts in front of it.
type enquirySite struct {
	srv      *httptest.Server
	db       *db.DB
	store    *enquiries.Store
	outbox   *mail.Outbox
	settings *settings.Store
	// skew moves the enquiry store's clock ahead of the site's, so a form just fetched
	// counts as filled in at leisure.
	skew  atomic.Int64
	kicks atomic.Int32
	logs  *testkit.LogBuffer
}

// testClientHeader names the client in these tests, so each test chooses whom the rate
// limits count against.
const testClientHeader = "X-Test-Client"

func newEnquirySite(t *testing.T, d *db.DB, limits enquiries.Limits) *enquirySite {
	t.Helper()
	es := &enquirySite{db: d, outbox: mail.NewOutbox(d), settings: settings.NewStore(d), logs: &testkit.LogBuffer{}}
	es.skew.Store(int64(time.Minute))
	es.store = enquiries.NewStore(d, filepath.Join(t.TempDir(), "enquiries")).WithLimits(limits).
		WithClock(func() time.Time { return time.Now().Add(time.Duration(es.skew.Load())) })
	site0 := settings.Defaults()
	site0.Address, site0.Email, site0.Phone = "GS Road, Ulubari, Guwahati 781007", "desk@batori.example", "+91 361 254 0000"
	site0.OfficeHoursEN = "Monday to Saturday, 10 am to 6 pm\nSunday closed"
	site0.OfficeHoursAS = "সোমবাৰৰ পৰা শনিবাৰলৈ, পুৱা ১০ বজাৰ পৰা সন্ধিয়া ৬ বজালৈ"
	site0.EnquiryEmail = "enquiries@batori.example"
	if err := es.settings.SaveSite(context.Background(), site0); err != nil {
		t.Fatal(err)
	}
	log := es.logs.Logger(slog.LevelInfo)
	// The application's subscriber queues the mails an enquiry calls for.
	d.Subscribe(app.Subscriber(app.Parts{
		Outbox: es.outbox, Enquiries: es.store, Log: log, Kick: func() { es.kicks.Add(1) },
		Mails: &notify.Composer{Site: es.settings.SiteTx, Origin: func() string { return "https://batori.example" }, Log: log},
	}))
	// The site's origin is the test server's address, known once it listens.
	origin := web.NewOrigin(nil, nil)
	s := site.New(site.Deps{
		News: news.NewStore(d), Settings: es.settings, Templates: templates, Assets: assets, Log: log,
		Cache: pagecache.New(64<<20, time.Minute), Origin: origin,
		Enquiries: site.EnquiryDeps{Store: es.store,
			ClientAddr: func(r *http.Request) string { return r.Header.Get(testClientHeader) }},
	})
	mux := http.NewServeMux()
	s.Routes(mux)
	csrf := http.NewCrossOriginProtection()
	es.srv = httptest.NewServer(web.Chain(mux, web.SecurityHeaders, web.Recover(log, s.RenderError),
		web.LimitBody(10<<20, s.RenderError), csrf.Handler))
	t.Cleanup(es.srv.Close)
	origin.Fix(es.srv.URL)
	return es
}

// resp is an answer with its HTML parsed.
type resp struct {
	status int
	header http.Header
	body   string
	doc    *goquery.Document
}

func (r *resp) text(sel string) string {
	return strings.Join(strings.Fields(r.doc.Find(sel).Text()), " ")
}

func (es *enquirySite) do(t *testing.T, req *http.Request) *resp {
	t.Helper()
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := &resp{status: res.StatusCode, header: res.Header, body: string(b)}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		r.doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(b))
		if lang := r.doc.Find("html").AttrOr("lang", ""); lang == "as" {
			if offs := locale.BengaliRa(r.doc.Text()); offs != nil {
				t.Errorf("%s: Bengali ra on an Assamese page", req.URL.Path)
			}
		}
	}
	return r
}

func (es *enquirySite) get(t *testing.T, path string) *resp {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, es.srv.URL+path, nil)
	return es.do(t, req)
}

// enquiryForm is a valid form from reader n.
func enquiryForm(token string, n int) map[string]string {
	return map[string]string{
		"token": token, "type": "tip", "name": fmt.Sprintf("Anjali Bora %d", n), "email": fmt.Sprintf("anjali%d@example.org", n),
		"phone": "+91 98640 12345", "message": "The Brahmaputra has crossed the danger mark at Neamatighat this morning.",
	}
}

// post sends fields and, when file is not nil, an attachment as the browser's multipart form,
// from client address from.
func (es *enquirySite) post(t *testing.T, path, from string, fields map[string]string, fileName string, file []byte) *resp {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		fw, _ := mw.CreateFormFile("attachment", fileName)
		fw.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, es.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", es.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set(testClientHeader, from)
	return es.do(t, req)
}

// token fetches a fresh form and returns its token.
// token fetches the form at path as the client at from, whom the token is bound to.
func (es *enquirySite) token(t *testing.T, path, from string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, es.srv.URL+path, nil)
	req.Header.Set(testClientHeader, from)
	r := es.do(t, req)
	tok := r.doc.Find(`input[name=token]`).AttrOr("value", "")
	if r.status != 200 || tok == "" {
		t.Fatalf("GET %s = %d without a token", path, r.status)
	}
	return tok
}

func (es *enquirySite) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := es.db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (es *enquirySite) mails(t *testing.T) []mail.Item {
	t.Helper()
	items, _, err := es.outbox.List(context.Background(), mail.ListFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func wantCode(t *testing.T, r *resp, status int) {
	t.Helper()
	if r.status != status {
		text := r.body
		if r.doc != nil {
			text = r.text("main")
		}
		t.Fatalf("status %d, want %d; location %q:\n%s", r.status, status, r.header.Get("Location"), text)
	}
}

var (
	enL = locale.New(locale.English, locale.IndiaZone(), locale.NativeDigits)
	asL = locale.New(locale.Assamese, locale.IndiaZone(), locale.NativeDigits)
)

func TestContactPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		es := newEnquirySite(t, d, enquiries.DefaultLimits)
		for _, c := range []struct {
			path, prefix string
			l            *locale.Locale
			hours        string
		}{{"/contact", "", enL, "Sunday closed"}, {"/as/contact", "/as", asL, "সন্ধিয়া"}} {
			r := es.get(t, c.path)
			wantCode(t, r, 200)
			if got := r.text("h1"); got != c.l.T("contact_title") {
				t.Errorf("%s: h1 %q", c.path, got)
			}
			facts := r.text("main .contact-facts")
			for _, want := range []string{"GS Road, Ulubari", "desk@batori.example", c.hours} {
				if !strings.Contains(facts, want) {
					t.Errorf("%s: contact details lack %q: %s", c.path, want, facts)
				}
			}
			if r.doc.Find(`main a[href="`+c.prefix+`/enquiry"]`).Length() != 1 || r.doc.Find(`main a[href="`+c.prefix+`/enquiry?type=correction"]`).Length() != 1 {
				t.Errorf("%s: no way to the Enquiry form", c.path)
			}
			// The site chrome links here and to the form, beside the reporters' doors.
			if r.doc.Find(`header .top-contact a[href="`+c.prefix+`/contact"]`).Length() != 1 {
				t.Errorf("%s: no Contact link in the header", c.path)
			}
			for _, link := range []string{c.prefix + "/contact", c.prefix + "/enquiry", "/newsroom/login?lang=" + c.l.HTMLLang()} {
				if r.doc.Find(`footer .foot-links a[href="`+link+`"]`).Length() != 1 {
					t.Errorf("%s: footer lacks %s", c.path, link)
				}
			}
			if r.doc.Find(`link[rel=alternate][hreflang=as]`).AttrOr("href", "") != es.srv.URL+"/as/contact" {
				t.Errorf("%s: no hreflang to the Assamese page", c.path)
			}
			// Like every reader page, it is kept by the page cache.
			if again := es.get(t, c.path); again.header.Get("X-Cache") != "HIT" || !strings.Contains(again.header.Get("Cache-Control"), "public") {
				t.Errorf("%s: second view X-Cache %q, Cache-Control %q", c.path, again.header.Get("X-Cache"), again.header.Get("Cache-Control"))
			}
		}
	})
}

func TestEnquiryForm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		es := newEnquirySite(t, d, enquiries.DefaultLimits)
		r := es.get(t, "/enquiry?type=correction")
		wantCode(t, r, 200)
		if r.header.Get("Cache-Control") != "no-store" || r.header.Get("X-Cache") != "" {
			t.Errorf("form cacheable: %q %q", r.header.Get("Cache-Control"), r.header.Get("X-Cache"))
		}
		if r.doc.Find(`#type-correction[checked]`).Length() != 1 {
			t.Error("?type= does not choose the kind")
		}
		if r.doc.Find(`link[rel=canonical]`).AttrOr("href", "") != es.srv.URL+"/enquiry" {
			t.Error("canonical keeps the query")
		}
		other := es.get(t, "/enquiry")
		if other.doc.Find(`input[name=token]`).AttrOr("value", "") == r.doc.Find(`input[name=token]`).AttrOr("value", "") {
			t.Error("two renderings share a one-time token")
		}
		as := es.get(t, "/as/enquiry")
		wantCode(t, as, 200)
		if as.doc.Find("form.enquiry-form").AttrOr("action", "") != "/as/enquiry" || as.text("h1") != asL.T("enquiry_title") {
			t.Error("Assamese form wrong")
		}
		// The language link leads to the same form in the other language, kind kept.
		if sw := r.doc.Find(".lang-link a").AttrOr("href", ""); sw != "/as/enquiry?type=correction" {
			t.Errorf("English form's language link: %q", sw)
		}
		if sw := as.doc.Find(".lang-link a").AttrOr("href", ""); sw != "/enquiry" {
			t.Errorf("Assamese form's language link: %q", sw)
		}
	})
}

func TestEnquirySubmission(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		es := newEnquirySite(t, d, enquiries.DefaultLimits)
		form := enquiryForm(es.token(t, "/enquiry", "203.0.113.1"), 1)
		pic := testkit.JPEG(t, testkit.Picture(64, 48))
		r := es.post(t, "/enquiry", "203.0.113.1", form, "flood.jpg", pic)
		wantCode(t, r, http.StatusSeeOther)
		loc := r.header.Get("Location")
		if !strings.HasPrefix(loc, "/enquiry/sent?key=") {
			t.Fatalf("redirect to %q", loc)
		}
		// Stored before the reader was told: the row, its file and both mails exist now.
		list, total, err := es.store.List(ctx, enquiries.Filter{})
		if err != nil || total != 1 {
			t.Fatalf("%d enquiries stored, %v", total, err)
		}
		e := list[0]
		if e.Kind != enquiries.NewsTip || e.Name != "Anjali Bora 1" || e.ClientAddr != "203.0.113.1" || e.Lang != locale.English ||
			e.Attachment == nil || e.Attachment.ContentType != "image/jpeg" || e.Attachment.Name != "flood.jpg" {
			t.Fatalf("stored %+v", e)
		}
		_, f, err := es.store.OpenAttachment(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(stored, pic) {
			t.Error("attachment changed on the way")
		}
		mails := es.mails(t)
		if len(mails) != 2 || es.kicks.Load() != 1 {
			t.Fatalf("%d mails queued, worker woken %d times", len(mails), es.kicks.Load())
		}
		byTo := map[string]mail.Item{}
		for _, m := range mails {
			byTo[m.To] = m
		}
		ack, desk := byTo["anjali1@example.org"], byTo["enquiries@batori.example"]
		if !strings.Contains(ack.Subject, e.Reference) || !strings.Contains(ack.Text, e.Reference) || strings.Contains(ack.Text, "Brahmaputra") {
			t.Errorf("acknowledgement:\n%s\n%s", ack.Subject, ack.Text)
		}
		for _, want := range []string{e.Reference, "Anjali Bora 1", "anjali1@example.org", "+91 98640 12345", "danger mark", "flood.jpg", "/newsroom/enquiries/"} {
			if !strings.Contains(desk.Text, want) {
				t.Errorf("desk notice lacks %q:\n%s", want, desk.Text)
			}
		}
		if !strings.Contains(desk.Subject, enL.T("enquiry_kind_tip")) {
			t.Errorf("desk subject %q", desk.Subject)
		}

		// The acknowledgement page shows the reference, and no cache or referrer keeps it.
		sent := es.get(t, loc)
		wantCode(t, sent, 200)
		if sent.text(".reference strong") != e.Reference || sent.header.Get("Cache-Control") != "no-store" ||
			sent.header.Get("Referrer-Policy") != "no-referrer" || sent.doc.Find(`meta[name=robots][content=noindex]`).Length() != 1 {
			t.Errorf("acknowledgement page: %q, %v", sent.text("main"), sent.header)
		}
		// Its language link shows the same acknowledgement in Assamese.
		sw := sent.doc.Find(".lang-link a").AttrOr("href", "")
		if !strings.HasPrefix(sw, "/as/enquiry/sent?key=") {
			t.Errorf("acknowledgement's language link: %q", sw)
		} else if asSent := es.get(t, sw); asSent.text(".reference strong") != e.Reference {
			t.Errorf("the Assamese acknowledgement lacks the reference: %q", asSent.text("main"))
		}

		// The same form again (a double click, a retried POST) stores nothing new and lands
		// on the same acknowledgement.
		form["message"] = "Sent twice by an impatient reader, with the same one-time key."
		again := es.post(t, "/enquiry", "203.0.113.1", form, "flood.jpg", pic)
		wantCode(t, again, http.StatusSeeOther)
		if again.header.Get("Location") != loc {
			t.Errorf("retry redirected to %q, want %q", again.header.Get("Location"), loc)
		}
		if es.count(t, "enquiries") != 1 || len(es.mails(t)) != 2 {
			t.Errorf("retry stored %d enquiries, %d mails", es.count(t, "enquiries"), len(es.mails(t)))
		}
		files, _ := os.ReadDir(es.store.Dir())
		if len(files) != 1 {
			t.Errorf("%d files kept, want 1", len(files))
		}

		// An Assamese reader gets Assamese pages and mail; a form without a file may come
		// url-encoded.
		tok := es.token(t, "/as/enquiry", "203.0.113.2")
		v := url.Values{}
		for k, val := range enquiryForm(tok, 2) {
			v.Set(k, val)
		}
		v.Set("type", "correction")
		req, _ := http.NewRequest(http.MethodPost, es.srv.URL+"/as/enquiry", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(testClientHeader, "203.0.113.2")
		r = es.do(t, req)
		wantCode(t, r, http.StatusSeeOther)
		if !strings.HasPrefix(r.header.Get("Location"), "/as/enquiry/sent?key=") {
			t.Fatalf("Assamese redirect %q", r.header.Get("Location"))
		}
		sent = es.get(t, r.header.Get("Location"))
		if sent.doc.Find("html").AttrOr("lang", "") != "as" || !strings.Contains(sent.text("main"), asL.T("enquiry_kind_correction")) {
			t.Errorf("Assamese acknowledgement: %s", sent.text("main"))
		}
		var ackAS mail.Item
		for _, m := range es.mails(t) {
			if m.To == "anjali2@example.org" {
				ackAS = m
			}
		}
		if !strings.Contains(ackAS.Text, asL.T("enquiry_mail_greeting")) || !strings.Contains(ackAS.Subject, "বাতৰি") {
			t.Errorf("Assamese acknowledgement mail:\n%s\n%s", ackAS.Subject, ackAS.Text)
		}

		wantCode(t, es.get(t, "/enquiry/sent?key=nothing-like-this"), 404)
	})
}

func TestEnquiryBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		es := newEnquirySite(t, d, enquiries.DefaultLimits)
		tok := es.token(t, "/enquiry", "198.51.100.1")
		pdf := []byte("%PDF-1.4\n%%EOF\n")
		tests := []struct {
			name   string
			edit   func(f map[string]string)
			file   string
			data   []byte
			fields map[string]fielderr.Problem
		}{
			{"missing", func(f map[string]string) { f["name"], f["email"], f["message"] = "", "", "" }, "", nil,
				map[string]fielderr.Problem{"name": {Code: fielderr.Required}, "email": {Code: fielderr.Required}, "message": {Code: fielderr.Required}}},
			{"no type", func(f map[string]string) { delete(f, "type") }, "", nil, map[string]fielderr.Problem{"type": {Code: fielderr.Required}}},
			{"bad email and phone", func(f map[string]string) { f["email"], f["phone"] = "anjali@", "ring me" }, "", nil,
				map[string]fielderr.Problem{"email": {Code: fielderr.InvalidEmail}, "phone": {Code: fielderr.InvalidPhone, Min: 6, Max: 15}}},
			{"wrong file type", nil, "photo.jpg", []byte("<html><body>not a photo</body></html>"), map[string]fielderr.Problem{"attachment": {Code: fielderr.FileType}}},
			{"file too large", nil, "scan.pdf", append(pdf, make([]byte, enquiries.MaxAttachmentBytes)...), map[string]fielderr.Problem{"attachment": {Code: fielderr.FileTooLarge, Max: enquiries.MaxAttachmentBytes >> 20}}},
			{"file with advert", func(f map[string]string) { f["type"] = "advertising" }, "rates.pdf", pdf, map[string]fielderr.Problem{"attachment": {Code: fielderr.FileTipsOnly}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				form := enquiryForm(tok, 7)
				form["name"] = "Keep <me>"
				if tt.edit != nil {
					tt.edit(form)
				}
				r := es.post(t, "/enquiry", "198.51.100.1", form, tt.file, tt.data)
				wantCode(t, r, http.StatusUnprocessableEntity)
				for field, problem := range tt.fields {
					if want := fielderr.Message(enL, problem); r.text("#f-"+field+"-error") != want {
						t.Errorf("%s message %q, want %q", field, r.text("#f-"+field+"-error"), want)
					}
				}
				if n := r.doc.Find(".ef-error").Length(); n != len(tt.fields) {
					t.Errorf("%d field messages, want %d", n, len(tt.fields))
				}
				if form["name"] != "" && r.doc.Find("#f-name").AttrOr("value", "") != form["name"] {
					t.Error("name not kept")
				}
				if r.doc.Find("#f-message").Text() != form["message"] {
					t.Error("message not kept")
				}
				if r.doc.Find(`input[name=token]`).AttrOr("value", "") != tok {
					t.Error("the form's one-time key changed on a re-render")
				}
				if _, ok := tt.fields["attachment"]; tt.data != nil && !ok {
					t.Error("no attachment problem")
				}
			})
		}
		if n := es.count(t, "enquiries"); n != 0 {
			t.Errorf("%d enquiries stored from bad input", n)
		}

		// A body past the form's limit gets the site's 413 page.
		big := es.post(t, "/enquiry", "198.51.100.1", enquiryForm(tok, 8), "huge.pdf", append(pdf, make([]byte, enquiries.MaxFormBytes)...))
		wantCode(t, big, http.StatusRequestEntityTooLarge)
		if big.text("h1") != enL.T("too_large_title") {
			t.Errorf("413 page says %q", big.text("h1"))
		}
		bigAS := es.post(t, "/as/enquiry", "198.51.100.1", enquiryForm(tok, 8), "huge.pdf", append(pdf, make([]byte, 11<<20)...))
		wantCode(t, bigAS, http.StatusRequestEntityTooLarge)
		if bigAS.doc.Find("html").AttrOr("lang", "") != "as" {
			t.Error("Assamese 413 page not in Assamese")
		}

		// A forged cross-site POST is refused.
		req, _ := http.NewRequest(http.MethodPost, es.srv.URL+"/enquiry", strings.NewReader("type=tip"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "https://evil.example")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		wantCode(t, es.do(t, req), http.StatusForbidden)
	})
}

func TestEnquiryBotsAndLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		es := newEnquirySite(t, d, enquiries.Limits{PerAddress: 2, PerEmail: 5, Window: time.Hour})

		// The hidden field: thanked, nothing kept.
		form := enquiryForm(es.token(t, "/enquiry", "192.0.2.1"), 1)
		form["website"] = "http://spam.example"
		r := es.post(t, "/enquiry", "192.0.2.1", form, "", nil)
		wantCode(t, r, http.StatusSeeOther)
		if r.header.Get("Location") != "/enquiry/sent" {
			t.Errorf("honeypot redirect %q", r.header.Get("Location"))
		}
		thanks := es.get(t, "/enquiry/sent")
		wantCode(t, thanks, 200)
		if thanks.doc.Find(".reference").Length() != 0 || !strings.Contains(thanks.text("main"), enL.T("enquiry_sent_generic")) {
			t.Error("plain thanks wrong")
		}
		if es.count(t, "enquiries") != 0 || len(es.mails(t)) != 0 {
			t.Error("a bot's enquiry was kept")
		}

		// Faster than a person: asked to send again, with the same form.
		es.skew.Store(0)
		tok := es.token(t, "/enquiry", "192.0.2.1")
		r = es.post(t, "/enquiry", "192.0.2.1", enquiryForm(tok, 2), "", nil)
		wantCode(t, r, http.StatusUnprocessableEntity)
		if r.text("[role=alert]") != enL.T("enquiry_error_too_fast") || r.doc.Find(`input[name=token]`).AttrOr("value", "") != tok {
			t.Errorf("too fast: %q", r.text("[role=alert]"))
		}
		// Hours later the form has expired; a fresh token comes with the message.
		es.skew.Store(int64(25 * time.Hour))
		r = es.post(t, "/enquiry", "192.0.2.1", enquiryForm(tok, 2), "", nil)
		wantCode(t, r, http.StatusUnprocessableEntity)
		if r.text("[role=alert]") != enL.T("enquiry_error_expired") || r.doc.Find(`input[name=token]`).AttrOr("value", "") == tok {
			t.Errorf("expired: %q", r.text("[role=alert]"))
		}
		if r.doc.Find("#f-name").AttrOr("value", "") != "Anjali Bora 2" {
			t.Error("input not kept on an expired form")
		}
		es.skew.Store(int64(time.Minute))
		r = es.post(t, "/enquiry", "192.0.2.1", enquiryForm("1.forged.token", 2), "", nil)
		wantCode(t, r, http.StatusUnprocessableEntity)
		if r.text("[role=alert]") != enL.T("enquiry_error_invalid_form") {
			t.Errorf("forged token: %q", r.text("[role=alert]"))
		}

		// Two enquiries an hour from one address, then 429 with a message and Retry-After.
		for i := range 2 {
			r = es.post(t, "/enquiry", "192.0.2.9", enquiryForm(es.token(t, "/enquiry", "192.0.2.9"), 10+i), "", nil)
			wantCode(t, r, http.StatusSeeOther)
		}
		r = es.post(t, "/enquiry", "192.0.2.9", enquiryForm(es.token(t, "/enquiry", "192.0.2.9"), 12), "", nil)
		wantCode(t, r, http.StatusTooManyRequests)
		// The hour counts from the first enquiry, so on a slow machine a few seconds have gone.
		retry, _ := strconv.Atoi(r.header.Get("Retry-After"))
		if r.text("[role=alert]") != enL.TCount("enquiry_error_rate_limited", 60) || retry <= 3540 || retry > 3600 {
			t.Errorf("rate limited: %q, Retry-After %q", r.text("[role=alert]"), r.header.Get("Retry-After"))
		}
		if r.doc.Find("#f-email").AttrOr("value", "") != "anjali12@example.org" {
			t.Error("input not kept when rate limited")
		}
		// Another address is not held back.
		wantCode(t, es.post(t, "/enquiry", "192.0.2.10", enquiryForm(es.token(t, "/enquiry", "192.0.2.10"), 12), "", nil), http.StatusSeeOther)
		if n := es.count(t, "enquiries"); n != 3 {
			t.Errorf("%d enquiries stored, want 3", n)
		}
	})
}

func TestEnquiryWithoutDeskAddress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		es := newEnquirySite(t, d, enquiries.DefaultLimits)
		ctx := context.Background()
		s, _ := es.settings.Site(ctx)
		s.Email, s.EnquiryEmail = "", ""
		if err := es.settings.SaveSite(ctx, s); err != nil {
			t.Fatal(err)
		}
		r := es.post(t, "/enquiry", "192.0.2.1", enquiryForm(es.token(t, "/enquiry", "192.0.2.1"), 1), "", nil)
		wantCode(t, r, http.StatusSeeOther)
		mails := es.mails(t)
		if len(mails) != 1 || mails[0].To != "anjali1@example.org" {
			t.Errorf("mails %v", mails)
		}
		if !strings.Contains(es.logs.String(), "no usable desk e-mail") {
			t.Error("the missing desk address is not logged")
		}
		// The site chrome still offers the form; the contact page says details come later.
		c := es.get(t, "/contact")
		if !strings.Contains(c.text("main .contact-facts"), "Monday to Saturday") {
			t.Errorf("office hours missing: %s", c.text("main"))
		}
	})
}
