package newsroom_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/people"
)

// TestBreakingBannerFromTheEditorPage: an editor puts a published story in the breaking
// banner from its editor page and takes it out; readers' pages follow; a reporter is refused.
func TestBreakingBannerFromTheEditorPage(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ed := e.login(people.Editor, "Mitali Saikia")
		rep := e.login(people.Reporter, "Bikash Gogoi")
		reader := e.anon()
		id := ed.createStory(e, locale.English, "Embankment breached at Majuli", "<p>Water entered three villages.</p>")
		r, form := ed.editorForm(id, locale.English)
		if r.doc.Find(`select[name="for"]`).Length() != 0 {
			t.Error("a draft offers the breaking banner")
		}
		form.Set("action", "publish")
		deskStatus(t, ed.post(deskEditor(id, locale.English), form), http.StatusOK, "publish")

		r, _ = ed.editorForm(id, locale.English)
		if n := r.doc.Find(`select[name="for"] option`).Length(); n != 5 {
			t.Fatalf("breaking form offers %d times, want 5\n%.3000s", n, r.text())
		}
		deskText(t, reader.get("/"), "home before the banner") // cached now
		action := deskEditor(id, locale.English) + "/breaking"
		deskStatus(t, rep.post(action, url.Values{"for": {"1h"}}), http.StatusForbidden, "a reporter sets the banner")
		deskStatus(t, ed.post(action, url.Values{"for": {"soon"}}), http.StatusUnprocessableEntity, "an unknown time")
		r = ed.post(action, url.Values{"for": {"1h"}})
		deskStatus(t, r, http.StatusOK, "set the banner")
		deskText(t, r, "after setting", "The breaking news banner is up.", "Remove banner")
		for _, p := range []string{"/", "/section/assam"} {
			home := reader.get(p)
			banner := home.doc.Find(`div.breaking[role="region"][aria-label="Breaking news"] a`)
			if href, _ := banner.Attr("href"); banner.Length() != 1 || !strings.Contains(banner.Text(), "Embankment breached at Majuli") || !strings.HasPrefix(href, "/news/"+deskID(id)) {
				t.Errorf("%s banner: %d links, %q to %q", p, banner.Length(), banner.Text(), href)
			}
		}
		if reader.get("/as/").doc.Find("div.breaking").Length() != 0 {
			t.Error("the Assamese home shows the English banner")
		}
		r = ed.post(action, url.Values{"for": {"remove"}})
		deskStatus(t, r, http.StatusOK, "remove the banner")
		deskText(t, r, "after removing", "The breaking news banner is removed.")
		if reader.get("/").doc.Find("div.breaking").Length() != 0 {
			t.Error("the banner outlives its removal")
		}
	})
}
