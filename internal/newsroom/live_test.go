package newsroom_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/people"
)

// TestLiveDesk runs a live blog from the newsroom's pages: an editor starts it from the
// editor page's link; a reporter finds it in the list and sends updates, which wait for the
// editor while review is on and go straight out once it is off; the editor posts, approves,
// corrects and removes, and readers see each with its note; bad input and other people's
// entries are refused; the end with a closing note stops new updates.
func TestLiveDesk(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ed := e.login(people.Editor, "Mitali Saikia")
		rep := e.login(people.Reporter, "Bikash Gogoi")
		reader := e.anon()
		id := ed.createStory(e, locale.English, "Counting day", "<p>Results as they come in.</p>")
		_, form := ed.editorForm(id, locale.English)
		form.Set("action", "publish")
		deskStatus(t, ed.post(deskEditor(id, locale.English), form), http.StatusOK, "publish")
		desk := deskEditor(id, locale.English) + "/live"

		r, _ := ed.editorForm(id, locale.English)
		if r.doc.Find(`a[href="`+desk+`"]`).Length() != 1 {
			t.Fatal("the editor page does not link to the live desk")
		}
		deskStatus(t, rep.get(desk), http.StatusForbidden, "a reporter opens a blog never started")
		deskStatus(t, rep.post(desk+"/start", nil), http.StatusForbidden, "a reporter starts the blog")
		r = ed.post(desk+"/start", nil)
		deskStatus(t, r, http.StatusOK, "start")
		deskText(t, r, "after the start", "The live blog is running.", "Add an update")

		list := rep.get("/newsroom/live")
		deskStatus(t, list, http.StatusOK, "the list of live blogs")
		if list.doc.Find(`a[href="`+desk+`"]`).Length() != 1 {
			t.Fatalf("the list lacks the blog\n%s", list.text())
		}

		// The reporter's update waits for the editor.
		r = rep.post(desk, url.Values{"body": {""}, "embed_url": {"ftp://example.org/x"}})
		deskStatus(t, r, http.StatusUnprocessableEntity, "an empty update")
		if r.doc.Find("#live-body[aria-invalid=true]").Length() != 1 || r.doc.Find("#live-embed[aria-invalid=true]").Length() != 1 {
			t.Errorf("the refused form does not mark its fields\n%s", r.text())
		}
		r = rep.post(desk, url.Values{"body": {"Trends: ahead in 40 seats."}})
		deskStatus(t, r, http.StatusOK, "the reporter's update")
		deskText(t, r, "after the reporter's update", "The update is sent to an editor.", "Waiting for review")
		article := "/news/" + deskID(id)
		if strings.Contains(reader.get(article).text(), "ahead in 40") {
			t.Fatal("readers see an update waiting for review")
		}
		pending := r.doc.Find("li.live-pending").AttrOr("id", "")
		entry := "/newsroom/live/entries/" + strings.TrimPrefix(pending, "entry-")
		deskStatus(t, rep.post(entry+"/approve", nil), http.StatusForbidden, "the reporter approves")
		r = ed.post(entry+"/approve", nil)
		deskText(t, r, "after the approval", "The update is posted.")
		if !strings.Contains(reader.get(article).text(), "ahead in 40") {
			t.Fatal("readers do not see the approved update")
		}
		deskStatus(t, rep.post(entry+"/remove", nil), http.StatusForbidden, "the reporter removes a posted update")

		// The editor's own update is posted at once, then corrected; the first is removed.
		r = ed.post(desk, url.Values{"body": {"Result: Jorhat declared."}, "key_point": {"1"}})
		deskText(t, r, "after the editor's update", "The update is posted.")
		own := r.doc.Find("li.live-posted").First().AttrOr("id", "")
		r = ed.post("/newsroom/live/entries/"+strings.TrimPrefix(own, "entry-"), url.Values{"body": {"Result: Jorhat and Titabar declared."}, "key_point": {"1"}})
		deskText(t, r, "after the correction", "The update is corrected.")
		r = ed.post(entry+"/remove", nil)
		deskText(t, r, "after the removal", "The update is removed.")
		page := reader.get(article).text()
		for _, want := range []string{"Jorhat and Titabar declared", "Corrected at", "An update was removed at", "Key points"} {
			if !strings.Contains(page, want) {
				t.Errorf("the reader's page lacks %q", want)
			}
		}
		if strings.Contains(page, "ahead in 40") {
			t.Error("the removed update is still shown")
		}

		// Translation needs a provider; this newsroom has none.
		deskText(t, ed.post("/newsroom/live/entries/"+strings.TrimPrefix(own, "entry-")+"/translate", nil), "translate", "Machine translation is not set up.")

		// With review off the reporter posts directly.
		deskStatus(t, rep.post("/newsroom/live/review", url.Values{"back": {desk}}), http.StatusForbidden, "the reporter turns review off")
		deskText(t, ed.post("/newsroom/live/review", url.Values{"back": {desk}}), "review off", "Live blog settings saved.")
		r = rep.post(desk, url.Values{"body": {"Counting ends in Majuli."}})
		deskText(t, r, "the reporter's update without review", "The update is posted.")

		r = ed.post(desk+"/end", url.Values{"closing_note": {"Counting is over."}})
		deskText(t, r, "after the end", "The live blog has ended.", "Resume the live blog")
		if got := rep.post(desk, url.Values{"body": {"Too late."}}); got.status == http.StatusOK {
			t.Error("an update is taken after the end")
		}
		if !strings.Contains(reader.get(article).text(), "Counting is over.") {
			t.Error("the reader's page lacks the closing note")
		}
	})
}
