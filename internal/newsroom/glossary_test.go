package newsroom_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/translation"
)

// glossaryID returns the id of the glossary entry for english.
func glossaryID(t *testing.T, e *env, english string) int64 {
	t.Helper()
	list, err := e.app.MT.Glossary.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range list {
		if g.English == english {
			return g.ID
		}
	}
	t.Fatalf("no glossary entry %q", english)
	return 0
}

func TestGlossaryPage(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.setupAdmin()
		e.addUser("Editor Das", "editor@example.org", people.Editor)
		e.addUser("Reporter Bora", "reporter@example.org", people.Reporter)
		editor := e.client("editor")
		editor.login("editor@example.org", strongPass)
		reporter := e.client("reporter")
		reporter.login("reporter@example.org", strongPass)
		wantStatus(t, reporter.get("/newsroom/translation/glossary"), http.StatusForbidden)
		wantStatus(t, reporter.post("/newsroom/translation/glossary", url.Values{"english": {"X"}, "assamese": {"এক্স"}}), http.StatusForbidden)

		// The seeded proper nouns, in Assamese as well.
		editor.post("/newsroom/account/language", url.Values{"lang": {"as"}, "next": {"/newsroom/account"}})
		p := editor.get("/newsroom/translation/glossary")
		wantPage(t, p, "glossary")
		guwahati := glossaryID(t, e, "Guwahati")
		if got := p.value("#g-" + idStr(guwahati) + "-as"); got != "গুৱাহাটী" {
			t.Errorf("Guwahati is %q", got)
		}
		if p.Doc.Find(`.menu a[href="/newsroom/translation/glossary"][aria-current=page]`).Length() != 1 {
			t.Error("menu does not mark the glossary")
		}
		editor.post("/newsroom/account/language", url.Values{"lang": {"en"}, "next": {"/newsroom/account"}})

		// Adding: a duplicate is refused with the input kept; a new term is saved, NFC.
		p = editor.post("/newsroom/translation/glossary", url.Values{"english": {"assam"}, "assamese": {"আসাম"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "#new-english-error", en.T("field_taken"))
		if p.value("#new-assamese") != "আসাম" {
			t.Errorf("input not kept: %q", p.value("#new-assamese"))
		}
		p = editor.post("/newsroom/translation/glossary", url.Values{"english": {""}, "assamese": {""}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "#new-assamese-error", en.T("field_required"))
		p = editor.post("/newsroom/translation/glossary", url.Values{"english": {" Tezpur "}, "assamese": {"তেজপুৰ"}})
		wantRedirect(t, p, "/newsroom/translation/glossary")
		p = editor.follow(p)
		wantFlash(t, p, en.T("nr_mt_flash_glossary_saved"))
		tezpur := glossaryID(t, e, "Tezpur")
		if p.value("#g-"+idStr(tezpur)+"-as") != "তেজপুৰ" {
			t.Error("Tezpur not listed")
		}
		if p.Doc.Find(".mt-ra").Length() != 0 {
			t.Error("a flag with no Bengali ra")
		}

		// Bengali র is saved but flagged, on the entry and at the top; precomposed য় is
		// stored as য + ়.
		p = editor.post("/newsroom/translation/glossary", url.Values{"english": {"Jorhat"}, "assamese": {"যোরহাট\u09DF"}})
		p = editor.follow(p)
		wantFlash(t, p, en.T("nr_mt_flash_glossary_ra"))
		jorhat := glossaryID(t, e, "Jorhat")
		if got := p.value("#g-" + idStr(jorhat) + "-as"); got != "যোরহাট\u09AF\u09BC" {
			t.Errorf("stored %q", got)
		}
		wantText(t, p, "#g-"+idStr(jorhat)+"-ra", en.T("nr_mt_glossary_ra"))
		wantText(t, p, ".alert", en.TCount("nr_mt_glossary_flagged", 1))

		// Editing fixes it; an empty spelling is refused in the entry's row.
		p = editor.post("/newsroom/translation/glossary/"+idStr(jorhat), url.Values{"english": {"Jorhat"}, "assamese": {""}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "#g-"+idStr(jorhat)+"-as-error", en.T("field_required"))
		p = editor.post("/newsroom/translation/glossary/"+idStr(jorhat), url.Values{"english": {"Jorhat"}, "assamese": {"যোৰহাট"}})
		wantRedirect(t, p, "/newsroom/translation/glossary")
		p = editor.follow(p)
		wantFlash(t, p, en.T("nr_mt_flash_glossary_saved"))
		if p.Doc.Find(".mt-ra").Length() != 0 || p.Doc.Find(".alert").Length() != 0 {
			t.Error("still flagged after the fix")
		}
		p = editor.post("/newsroom/translation/glossary/"+idStr(jorhat), url.Values{"english": {"Guwahati"}, "assamese": {"যোৰহাট"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "#g-"+idStr(jorhat)+"-en-error", en.T("field_taken"))
		wantStatus(t, editor.post("/newsroom/translation/glossary/999999", url.Values{"english": {"X"}, "assamese": {"ক"}}), http.StatusNotFound)

		// The glossary goes into translations at once.
		terms, err := e.app.MT.Glossary.Terms(context.Background(), "en", "as")
		if err != nil {
			t.Fatal(err)
		}
		if got := translation.TermsIn(terms, "en", "Tea from Jorhat"); len(got) != 1 || got[0].Target != "যোৰহাট" {
			t.Errorf("terms for Jorhat: %v", got)
		}

		// Removing.
		p = editor.post("/newsroom/translation/glossary/"+idStr(tezpur)+"/delete", nil)
		wantRedirect(t, p, "/newsroom/translation/glossary")
		p = editor.follow(p)
		wantFlash(t, p, en.T("nr_mt_flash_glossary_deleted"))
		if strings.Contains(p.Body, "তেজপুৰ") {
			t.Error("removed term still listed")
		}
		wantStatus(t, editor.post("/newsroom/translation/glossary/"+idStr(tezpur)+"/delete", nil), http.StatusNotFound)
	})
}
