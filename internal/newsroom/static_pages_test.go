package newsroom_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/people"
)

func TestStaticPagesNewsroom(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		admin := e.setupAdmin()
		wantStatus(t, admin.get("/newsroom/pages"), http.StatusOK)
		wantStatus(t, admin.get("/newsroom/pages/new?lang=en"), http.StatusOK)
		// A page without a title is refused with the text kept.
		p := admin.post("/newsroom/pages?lang=en", url.Values{"title": {""}, "body": {"<p>Kept.</p>"}, "action": {"save"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if !strings.Contains(p.Doc.Find("textarea#body").Text(), "Kept.") {
			t.Fatal("body lost on error")
		}
		p = admin.post("/newsroom/pages?lang=en", url.Values{"title": {"About us"}, "slug": {"about"}, "body": {"<p>We report on Assam.</p>"}, "action": {"publish"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("create page: %d %s", p.Status, p.Body)
		}
		edit := p.Location
		if !strings.HasSuffix(edit, "/en") {
			t.Fatalf("redirect to %q", edit)
		}
		wantFlash(t, admin.follow(p), "Page saved.")
		// The reader page is served (and cached); an edit shows at once.
		if got := readerPage(t, e, "/page/about").Find(".story-body").Text(); !strings.Contains(got, "We report on Assam.") {
			t.Fatalf("reader page body %q", got)
		}
		form := admin.get(edit)
		if form.Doc.Find("form[data-editor-form] textarea[data-editor]").Length() != 1 {
			t.Fatal("the page editor is not the story editor")
		}
		base := form.value(`input[name=base_revision]`)
		p = admin.post(edit, url.Values{"title": {"About us"}, "slug": {"about"}, "body": {"<p>We report on all of Assam.</p>"}, "base_revision": {base}, "action": {"save"}})
		wantStatus(t, p, http.StatusSeeOther)
		if got := readerPage(t, e, "/page/about").Find(".story-body").Text(); !strings.Contains(got, "all of Assam") {
			t.Fatalf("cached page not refreshed: %q", got)
		}
		// A save on a stale revision is a conflict, the writer's text kept.
		p = admin.post(edit, url.Values{"title": {"About us"}, "body": {"<p>Stale.</p>"}, "base_revision": {base}, "action": {"save"}})
		wantStatus(t, p, http.StatusConflict)
		// The Assamese edition, and the footer menu.
		asEdit := strings.TrimSuffix(edit, "/en") + "/as"
		wantStatus(t, admin.get(asEdit), http.StatusOK)
		p = admin.post(asEdit, url.Values{"title": {"আমাৰ বিষয়ে"}, "slug": {"about"}, "body": {"<p>অসমৰ বাতৰি।</p>"}, "action": {"publish"}})
		wantStatus(t, p, http.StatusSeeOther)
		doc := readerPage(t, e, "/as/page/about")
		if doc.Find("h1").Text() != "আমাৰ বিষয়ে" || doc.Find(".switch a").AttrOr("href", "") != "/page/about" {
			t.Fatalf("assamese page: %q", doc.Find("main").Text())
		}
		if readerPage(t, e, "/").Find(`.foot-links a[href="/page/about"]`).Length() != 0 {
			t.Fatal("footer link before the menu has it")
		}
		id := strings.Split(edit, "/")[3]
		p = admin.post("/newsroom/pages/menu", url.Values{"menu_" + id: {"1"}})
		wantFlash(t, admin.follow(p), "Footer menu saved.")
		if readerPage(t, e, "/").Find(`.foot-links a[href="/page/about"]`).Text() != "About us" {
			t.Fatal("footer menu not shown on the (cached) home page")
		}
		if readerPage(t, e, "/as/").Find(`.foot-links a[href="/as/page/about"]`).Text() != "আমাৰ বিষয়ে" {
			t.Fatal("Assamese footer menu")
		}
		p = admin.post("/newsroom/pages/menu", url.Values{"menu_" + id: {"zero"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		list := admin.get("/newsroom/pages")
		if list.value("#menu-"+id) != "1" || !strings.Contains(list.text("table"), "About us") {
			t.Fatalf("pages list: %q", list.text("table"))
		}
		revs := admin.get(edit + "/revisions")
		wantStatus(t, revs, http.StatusOK)
		if revs.Doc.Find("tbody tr").Length() != 2 || !strings.Contains(revs.text(".desk-diff"), "all of") {
			t.Fatalf("revisions: %q", revs.text("main"))
		}
		// Unpublishing takes it off the site.
		form = admin.get(edit)
		p = admin.post(edit, url.Values{"title": {"About us"}, "slug": {"about"}, "body": {"<p>We report on all of Assam.</p>"}, "base_revision": {form.value(`input[name=base_revision]`)}, "action": {"unpublish"}})
		wantStatus(t, p, http.StatusSeeOther)
		resp, err := http.Get(e.srv.URL + "/page/about")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Fatalf("unpublished page = %d", resp.StatusCode)
		}
		// Editors write pages; only admins set the menu; reporters do neither.
		e.addUser("Desk Editor", "desk@example.org", people.Editor)
		ed := e.client("editor")
		ed.login("desk@example.org", strongPass)
		wantStatus(t, ed.get(edit), http.StatusOK)
		wantStatus(t, ed.post("/newsroom/pages/menu", url.Values{"menu_" + id: {"1"}}), http.StatusForbidden)
		e.addUser("Reporter", "rep@example.org", people.Reporter)
		rep := e.client("reporter")
		rep.login("rep@example.org", strongPass)
		wantStatus(t, rep.get("/newsroom/pages"), http.StatusForbidden)
	})
}
