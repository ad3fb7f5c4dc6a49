package newsroom_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/channels"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/people"
)

// TestChannelsPage: an admin sets up the English channel (a bad chat id and token are
// refused beside their fields), the token is never shown back, a failure Telegram gave is
// listed with its reason and can be sent again; editors may not open the page.
func TestChannelsPage(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ctx := context.Background()
		admin := e.login(people.Admin, "Anjali Baruah")
		ed := e.login(people.Editor, "Mitali Saikia")
		deskStatus(t, ed.get("/newsroom/channels"), http.StatusForbidden, "an editor opens channels")
		r := admin.get("/newsroom/channels")
		deskStatus(t, r, http.StatusOK, "channels page")
		deskText(t, r, "channels page", "Telegram channels", "English channel", "Assamese channel", "Off: no stories are posted.")

		r = admin.post("/newsroom/channels/en", url.Values{"chat": {"@ab"}, "token": {"nonsense"}})
		deskStatus(t, r, http.StatusUnprocessableEntity, "a bad channel")
		if r.doc.Find(`.channel-en .has-error`).Length() != 2 || r.doc.Find(`.channel-as .has-error`).Length() != 0 {
			t.Errorf("errors not beside the English fields\n%.2000s", r.text())
		}
		if v, _ := r.doc.Find(`#f-chat-en`).Attr("value"); v != "@ab" {
			t.Errorf("chat id typed not kept: %q", v)
		}
		const token = "1111111:AAEnglishBotSecretToken_abcdefgh"
		r = admin.post("/newsroom/channels/en", url.Values{"chat": {"@batori_news"}, "token": {token}})
		deskStatus(t, r, http.StatusOK, "save the channel")
		deskText(t, r, "after saving", "The channel is saved.", "On: stories are posted to @batori_news.", "1111111:••••efgh")
		if strings.Contains(r.body, "AAEnglishBot") {
			t.Error("the page shows the bot token")
		}
		if v, ok := r.doc.Find(`#f-token-en`).Attr("value"); ok && v != "" {
			t.Errorf("token field filled with %q", v)
		}

		// A post Telegram refused for good is listed with its reason and a button to send it again.
		story := ed.createStory(e, locale.English, "Embankment breached at Majuli", "<p>Water entered three villages.</p>")
		_, form := ed.editorForm(story, locale.English)
		form.Set("action", "publish")
		deskStatus(t, ed.post(deskEditor(story, locale.English), form), http.StatusOK, "publish")
		if _, err := e.a.DB.Exec(ctx, "UPDATE channel_posts SET status = 'failed', attempts = 1, error_code = 403, last_error = 'telegram 403: Forbidden: bot is not a member of the channel chat'"); err != nil {
			t.Fatal(err)
		}
		r = admin.get("/newsroom/channels")
		row := r.doc.Find(`.channel-en tr.post-failed`)
		if row.Length() != 1 || !strings.Contains(row.Text(), "bot is not a member") || !strings.Contains(row.Text(), "Embankment breached at Majuli") {
			t.Fatalf("failed post row %q\n%.3000s", row.Text(), r.text())
		}
		action, _ := row.Find("form").Attr("action")
		r = admin.post(action, url.Values{})
		deskStatus(t, r, http.StatusOK, "send again")
		deskText(t, r, "after send again", "The post will be sent again.")
		list, err := e.a.Channels.Recent(ctx, locale.English, 10)
		if err != nil || len(list) != 1 || list[0].Status != channels.StatusQueued {
			t.Errorf("after send again: %+v, %v", list, err)
		}
		r = admin.post(action, url.Values{})
		deskText(t, r, "a second send again", "That post is already on its way.")

		r = admin.post("/newsroom/channels/en", url.Values{"remove": {"1"}})
		deskStatus(t, r, http.StatusOK, "switch off")
		deskText(t, r, "after switching off", "The channel is switched off.")
		deskStatus(t, admin.post("/newsroom/channels/fr", url.Values{"chat": {"@batori_news"}}), http.StatusNotFound, "an unknown language")
	})
}

// TestBannersPage: editors see both languages' banners with their time and who set them,
// and take one down from there; the removal is in the audit log.
func TestBannersPage(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ed := e.login(people.Editor, "Mitali Saikia")
		reader := e.anon()
		r := ed.get("/newsroom/breaking")
		deskStatus(t, r, http.StatusOK, "banners page")
		if n := r.doc.Find(".banner-box").Length(); n != 2 || strings.Count(r.text(), "No banner is up.") != 2 {
			t.Fatalf("%d banner boxes\n%.2000s", n, r.text())
		}
		id := ed.createStory(e, locale.Assamese, "মাজুলীত মথাউৰি ভাঙিল", "<p>তিনিখন গাঁৱত পানী সোমাল।</p>")
		_, form := ed.editorForm(id, locale.Assamese)
		form.Set("action", "publish")
		deskStatus(t, ed.post(deskEditor(id, locale.Assamese), form), http.StatusOK, "publish")
		deskStatus(t, ed.post(deskEditor(id, locale.Assamese)+"/breaking", url.Values{"for": {"3h"}}), http.StatusOK, "set the banner")
		deskText(t, reader.get("/as/"), "Assamese home with the banner", "মাজুলীত মথাউৰি ভাঙিল")

		r = ed.get("/newsroom/breaking")
		box := r.doc.Find(".banner-as")
		if !strings.Contains(box.Text(), "মাজুলীত মথাউৰি ভাঙিল") || box.Find(".banner-until time").Length() != 1 ||
			!strings.Contains(box.Find(".banner-set-by").Text(), "Set by Mitali Saikia") {
			t.Errorf("Assamese banner box %q", box.Text())
		}
		if !strings.Contains(r.doc.Find(".banner-en").Text(), "No banner is up.") {
			t.Error("the English box shows a banner")
		}
		action, _ := box.Find("form").Attr("action")
		r = ed.post(action, url.Values{})
		deskStatus(t, r, http.StatusOK, "remove from the banners page")
		deskText(t, r, "after removing", "The breaking news banner is removed.")
		if reader.get("/as/").doc.Find("div.breaking").Length() != 0 {
			t.Error("the banner outlives its removal")
		}
		deskText(t, ed.get("/newsroom/audit"), "audit log", "breaking news banner removed")
		rep := e.login(people.Reporter, "Bikash Gogoi")
		deskStatus(t, rep.post(action, url.Values{}), http.StatusForbidden, "a reporter removes a banner")
	})
}
