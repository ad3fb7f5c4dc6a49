package newsroom_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// postFile sends a multipart form with one file, as the settings page's logo form does.
func (c *client) postFile(path, field, name string, data []byte, fields url.Values) *page {
	c.e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		c.e.t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.srv.URL)
	resp, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return &page{Status: resp.StatusCode, Header: resp.Header, Location: resp.Header.Get("Location")}
}

// readerPage fetches a page of the reader site, which has its own rules (it is indexed).
func readerPage(t *testing.T, e *env, path string) *goquery.Document {
	t.Helper()
	resp, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestLogoUpload(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		admin := e.setupAdmin()
		// Not an image: refused with a message, nothing changed.
		p := admin.postFile("/newsroom/settings/logo", "logo", "logo.png", []byte("<html>not a picture</html>"), nil)
		wantFlash(t, admin.follow(p), "The logo must be a JPEG, PNG or WebP image of sensible size.")
		site, _ := e.app.Settings.Site(t.Context())
		if site.Logo != "" {
			t.Fatalf("logo set from a non-image: %q", site.Logo)
		}
		p = admin.postFile("/newsroom/settings/logo", "logo", "logo.png", testkit.PNG(t, testkit.Picture(320, 80)), url.Values{"action": {"upload"}})
		wantFlash(t, admin.follow(p), "Logo saved.")
		site, _ = e.app.Settings.Site(t.Context())
		if !strings.HasPrefix(site.Logo, "/media/") {
			t.Fatalf("logo = %q", site.Logo)
		}
		// Saving the other settings keeps the logo, and readers see it in the masthead.
		admin.post("/newsroom/settings", url.Values{"name_en": {"Batori"}, "time_zone": {"Asia/Kolkata"}, "digits": {"native"}})
		home := readerPage(t, e, "/")
		if src, _ := home.Find("header .brand-logo").Attr("src"); src != site.Logo {
			t.Fatalf("masthead logo %q, want %q", src, site.Logo)
		}
		p = admin.post("/newsroom/settings/logo", url.Values{"action": {"remove"}})
		wantFlash(t, admin.follow(p), "Logo saved.")
		if readerPage(t, e, "/").Find("header .brand-logo").Length() != 0 {
			t.Fatal("removed logo still shown")
		}
	})
}

func TestSectionsAdministration(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		admin := e.setupAdmin()
		page := admin.get("/newsroom/sections")
		wantStatus(t, page, http.StatusOK)
		// The fields name a section's names, not the site's.
		wantText(t, page, `label[for="new-name-en"]`, en.T("nr_section_name_en"))
		wantText(t, page, `label[for="new-name-as"]`, en.T("nr_section_name_as"))
		if strings.Contains(page.Doc.Find("main").Text(), en.T("nr_label_name_en")) {
			t.Errorf("the Sections page calls a field %q", en.T("nr_label_name_en"))
		}
		for _, in := range []struct{ en, as, slug string }{{"Assam", "অসম", ""}, {"Sports", "খেল", "sport"}, {"World", "বিশ্ব", ""}} {
			p := admin.post("/newsroom/sections", url.Values{"name_en": {in.en}, "name_as": {in.as}, "slug": {in.slug}})
			wantFlash(t, admin.follow(p), "Sections saved.")
		}
		// A taken address and a missing Assamese name are refused with the input kept.
		p := admin.post("/newsroom/sections", url.Values{"name_en": {"Sport again"}, "name_as": {"খেল"}, "slug": {"sport"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if p.value("#new-name-en") != "Sport again" || !strings.Contains(p.text(".error"), "in use already") {
			t.Fatalf("duplicate slug page: %q / %q", p.value("#new-name-en"), p.text(".error"))
		}
		p = admin.post("/newsroom/sections", url.Values{"name_en": {"Science"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		list, _ := e.app.News.Sections(t.Context())
		if len(list) != 3 || list[1].Slug != "sport" || list[0].Slug != "assam" {
			t.Fatalf("sections %+v", list)
		}
		// Move World up, rename Assam; the reader menu follows.
		admin.post("/newsroom/sections/"+idStr(list[2].ID), url.Values{"action": {"up"}})
		admin.post("/newsroom/sections/"+idStr(list[0].ID), url.Values{"action": {"rename"}, "name_en": {"Assam State"}, "name_as": {"অসম ৰাজ্য"}})
		nav := readerPage(t, e, "/").Find("nav.sections").Text()
		if !strings.Contains(nav, "Assam State") || strings.Index(nav, "World") > strings.Index(nav, "Sports") {
			t.Fatalf("reader menu after changes: %q", nav)
		}
		asNav := readerPage(t, e, "/as/").Find("nav.sections").Text()
		if !strings.Contains(asNav, "অসম ৰাজ্য") {
			t.Fatalf("Assamese menu: %q", asNav)
		}
		// Editors and reporters may not manage sections.
		e.addUser("Desk Editor", "desk@example.org", people.Editor)
		ed := e.client("editor")
		ed.login("desk@example.org", strongPass)
		wantStatus(t, ed.get("/newsroom/sections"), http.StatusForbidden)
		wantStatus(t, ed.post("/newsroom/sections", url.Values{"name_en": {"X"}, "name_as": {"ক"}}), http.StatusForbidden)
	})
}
