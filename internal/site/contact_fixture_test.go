package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// fixtureContactPages renders Contact Us, the Enquiry form and its acknowledgement with
// fixture data in both languages; TestFixturePages calls it so that its check for templates
// no test renders covers these pages too.
func fixtureContactPages(t *testing.T, tpl *web.Templates, dir string) {
	for _, lang := range locale.Langs() {
		l := fixtureLocale(lang)
		name := func(s string) string { return s + "-" + lang.String() }

		t.Run(name("contact"), func(t *testing.T) {
			p := fixturePageBase(lang, "/contact", l.T("contact_title"), "website")
			data := contactPage{Page: p, Hours: []string{"Monday to Saturday, 10 am to 6 pm", "Sunday closed"},
				EnquiryURL: enquiryURL(lang), Kinds: kindOptions(l, lang)}
			doc := fixtureRenderContact(t, tpl, dir, name("contact"), "contact", data, p)
			if got := doc.Find("h1").Text(); got != l.T("contact_title") {
				t.Errorf("h1 = %q", got)
			}
			facts := doc.Find("main .contact-facts")
			for _, want := range []string{p.Site.Address, p.Site.Email, p.Site.Phone, "Sunday closed"} {
				if !strings.Contains(facts.Text(), want) {
					t.Errorf("contact details lack %q", want)
				}
			}
			if facts.Find(".line").Length() != 2 {
				t.Error("office hours not one line each")
			}
			if got := facts.Find(`a[href^="tel:"]`).AttrOr("href", ""); got != "tel:+913612540000" {
				t.Errorf("tel link %q", got)
			}
			kinds := doc.Find(".contact-kinds a")
			if kinds.Length() != 4 || kinds.First().AttrOr("href", "") != fixturePrefix(lang)+"/enquiry?type=tip" {
				t.Errorf("%d kind links, first %q", kinds.Length(), kinds.First().AttrOr("href", ""))
			}
			if doc.Find(`main a.btn[href="`+fixturePrefix(lang)+`/enquiry"]`).Length() != 1 {
				t.Error("no button to the Enquiry form")
			}
			if doc.Find(`link[rel=stylesheet][href^="/static/forms."]`).Length() != 1 {
				t.Error("forms.css not loaded")
			}
		})

		t.Run(name("contact-empty"), func(t *testing.T) {
			p := fixturePageBase(lang, "/contact", l.T("contact_title"), "website")
			p.Site.Address, p.Site.Email, p.Site.Phone = "", "", ""
			// The footer check of every page wants these; an empty contact page has none.
			data := contactPage{Page: p}
			var buf bytes.Buffer
			if err := tpl.Execute(&buf, "contact", data); err != nil {
				t.Fatal(err)
			}
			doc, _ := goquery.NewDocumentFromReader(&buf)
			if got := doc.Find("main .contact-box p").Text(); got != l.T("contact_no_details") {
				t.Errorf("empty contact page says %q", got)
			}
			if doc.Find(".contact-kinds").Length() != 0 {
				t.Error("enquiry kinds without the form")
			}
		})

		t.Run(name("enquiry"), func(t *testing.T) {
			p := fixturePageBase(lang, "/enquiry", l.T("enquiry_title"), "website")
			data := enquiryPage{Page: p, Action: enquiryURL(lang), Form: enquiryForm{Type: "tip", Token: "1.abc.sig"},
				Kinds: kindOptions(l, lang), MaxFileMB: 8}
			doc := fixtureRenderContact(t, tpl, dir, name("enquiry"), "enquiry", data, p)
			form := doc.Find("form.enquiry-form")
			if form.AttrOr("method", "") != "post" || form.AttrOr("action", "") != enquiryURL(lang) || form.AttrOr("enctype", "") != "multipart/form-data" {
				t.Errorf("form %v", form.Nodes)
			}
			if form.Find(`input[type=radio][name=type]`).Length() != 4 || form.Find(`#type-tip[checked]`).Length() != 1 {
				t.Error("kind choices wrong")
			}
			if form.Find(`input[name=token][type=hidden]`).AttrOr("value", "") != "1.abc.sig" {
				t.Error("token missing")
			}
			if form.Find(`input[name=attachment][type=file]`).AttrOr("accept", "") != "image/jpeg,image/png,image/webp,application/pdf" {
				t.Error("attachment input wrong")
			}
			fixtureCheckLabels(t, doc)
			if doc.Find(`[role=alert]`).Length() != 0 || doc.Find("[aria-invalid]").Length() != 0 {
				t.Error("a fresh form shows errors")
			}
			if hp := form.Find(".hp"); hp.AttrOr("aria-hidden", "") != "true" || hp.Find(`input[name=website][tabindex="-1"]`).Length() != 1 {
				t.Error("honeypot not hidden from people")
			}
		})

		t.Run(name("enquiry-errors"), func(t *testing.T) {
			p := fixturePageBase(lang, "/enquiry", l.T("enquiry_title"), "website")
			errs := map[string]string{"type": l.T("field_required"), "email": l.T("field_invalid_email"),
				"message": l.T("field_too_short", 10), "attachment": l.T("field_file_type")}
			data := enquiryPage{Page: p, Action: enquiryURL(lang), Form: enquiryForm{Name: "Anjali <b>Bora</b>", Email: "anjali@", Message: "Help", Token: "t"},
				Kinds: kindOptions(l, lang), MaxFileMB: 8, Errors: errs, HadFile: true}
			doc := fixtureRenderContact(t, tpl, dir, name("enquiry-errors"), "enquiry", data, p)
			if got := doc.Find(".form-alert").Text(); got != l.T("enquiry_fix_errors") {
				t.Errorf("alert %q", got)
			}
			for field, msg := range errs {
				if got := doc.Find("#f-" + field + "-error").Text(); got != msg {
					t.Errorf("%s error %q, want %q", field, got, msg)
				}
			}
			if doc.Find("#f-email").AttrOr("value", "") != "anjali@" || doc.Find("#f-name").AttrOr("value", "") != "Anjali <b>Bora</b>" ||
				doc.Find("#f-message").Text() != "Help" {
				t.Error("input not kept")
			}
			if doc.Find(`#f-email[aria-invalid=true][aria-describedby="f-email-error"]`).Length() != 1 {
				t.Error("invalid e-mail not marked")
			}
			if !doc.Find(".attach").HasClass("has-error") {
				t.Error("attachment error would be hidden by the tip-only rule")
			}
			fixtureCheckLabels(t, doc)

			data.Errors, data.Alert = nil, l.TCount("enquiry_error_rate_limited", 42)
			doc = fixtureRenderContact(t, tpl, dir, name("enquiry-limited"), "enquiry", data, p)
			if got := doc.Find("[role=alert]").Text(); got != data.Alert {
				t.Errorf("alert %q", got)
			}
			if !strings.Contains(doc.Find("#f-attachment-hint").Text(), l.T("enquiry_file_again")) {
				t.Error("no word that the file must be chosen again")
			}
		})

		t.Run(name("enquiry-sent"), func(t *testing.T) {
			p := fixturePageBase(lang, "/enquiry/sent", l.T("enquiry_sent_title"), "website")
			p.NoIndex, p.Alternates = true, nil
			data := enquirySentPage{Page: p, Reference: "K7QM-4XPD", Kind: l.T("enquiry_kind_tip"), EnquiryURL: enquiryURL(lang)}
			doc := fixtureRenderContact(t, tpl, dir, name("enquiry-sent"), "enquiry_sent", data, p)
			if got := doc.Find(".reference strong").Text(); got != "K7QM-4XPD" {
				t.Errorf("reference %q", got)
			}
			if !strings.Contains(doc.Find("main").Text(), l.T("enquiry_sent_received", l.T("enquiry_kind_tip"))) {
				t.Error("kind not acknowledged")
			}
			data.Reference, data.Kind = "", ""
			doc = fixtureRenderContact(t, tpl, dir, name("enquiry-thanks"), "enquiry_sent", data, p)
			if doc.Find(".reference").Length() != 0 || !strings.Contains(doc.Find("main").Text(), l.T("enquiry_sent_generic")) {
				t.Error("plain thanks wrong")
			}
		})
	}
}

// fixtureRenderContact is fixtureRender for the pages of this file, whose data types the
// common checks read the page globals p from.
func fixtureRenderContact(t *testing.T, tpl *web.Templates, dir, name, page string, data any, p web.Page) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := tpl.Execute(&buf, page, data); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".html"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	fixtureCheckCommon(t, doc, buf.Bytes(), errorPage{Page: p})
	if lang := p.L.Lang(); lang == locale.Assamese {
		if offs := locale.BengaliRa(doc.Text()); offs != nil {
			t.Errorf("Bengali ra on an Assamese page at %v", offs)
		}
	}
	return doc
}

// fixtureCheckLabels asserts that every control people see has a label, and that every
// description it points at exists.
func fixtureCheckLabels(t *testing.T, doc *goquery.Document) {
	t.Helper()
	doc.Find("main input, main select, main textarea").Each(func(_ int, s *goquery.Selection) {
		if s.AttrOr("type", "") == "hidden" {
			return
		}
		id := s.AttrOr("id", "")
		if s.ParentsFiltered("label").Length() == 0 && (id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0) {
			t.Errorf("control %q has no label", s.AttrOr("name", ""))
		}
		for _, ref := range strings.Fields(s.AttrOr("aria-describedby", "")) {
			if doc.Find("#"+ref).Length() == 0 {
				t.Errorf("%s: aria-describedby points at missing #%s", s.AttrOr("name", ""), ref)
			}
		}
	})
}
