package newsroom_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/testkit"
)

// TestPushFromTheEditorPage: the editor page of a published story says how many devices a
// push would reach, sends it once, refuses a second send until it is confirmed, and keeps the
// send in the audit log; a reporter may not send.
func TestPushFromTheEditorPage(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ed := e.login(people.Editor, "Mitali Saikia")
		rep := e.login(people.Reporter, "Bikash Gogoi")
		id := ed.createStory(e, locale.English, "Embankment breached at Majuli", "<p>Water entered three villages.</p>")
		r, form := ed.editorForm(id, locale.English)
		if r.doc.Find(".desk-push").Length() != 0 {
			t.Error("a draft offers a push")
		}
		form.Set("action", "publish")
		deskStatus(t, ed.post(deskEditor(id, locale.English), form), http.StatusOK, "publish")

		r, _ = ed.editorForm(id, locale.English)
		deskText(t, r, "with no subscribers", "Goes to 0 subscribed devices")
		if r.doc.Find(".desk-push button").Length() != 0 {
			t.Error("a push to nobody is offered")
		}
		svc := testkit.StartPushService(t)
		for i, topics := range [][]push.Topic{
			{{Lang: locale.English}},
			{{Lang: locale.English, SectionID: e.section.ID}},
			{{Lang: locale.Assamese}},
		} {
			s := svc.Subscribe()
			endpoint := "https://push.example.net/send/" + string(rune('a'+i))
			if err := e.a.Push.Subscribe(context.Background(), push.Subscription{Endpoint: endpoint, P256dh: s.P256dh, Auth: s.Auth, Topics: topics}); err != nil {
				t.Fatal(err)
			}
		}
		r, _ = ed.editorForm(id, locale.English)
		deskText(t, r, "with subscribers", "Goes to 2 subscribed devices: 1 following every English story, 1 following the section Assam.")

		action := deskEditor(id, locale.English) + "/push"
		deskStatus(t, rep.post(action, url.Values{}), http.StatusForbidden, "a reporter sends a push")
		r = ed.post(action, url.Values{})
		deskStatus(t, r, http.StatusOK, "send")
		deskText(t, r, "after sending", "The push notification is queued and on its way to readers.", "to 2 devices: 0 delivered, 2 waiting", "Yes, send this story to readers again")
		r = ed.post(action, url.Values{})
		deskText(t, r, "a second send", "This story was already sent as a push notification.")
		if n := strings.Count(r.text(), "to 2 devices"); n != 1 {
			t.Errorf("after an unconfirmed second send the page lists %d sends, want 1", n)
		}
		r = ed.post(action, url.Values{"again": {"yes"}})
		deskText(t, r, "a confirmed second send", "The push notification is queued and on its way to readers.")
		if n := strings.Count(r.text(), "to 2 devices"); n != 2 {
			t.Errorf("after a confirmed second send the page lists %d sends, want 2", n)
		}
		deskText(t, ed.get("/newsroom/audit?story="+deskID(id)), "the audit log", "push notification sent")
	})
}
