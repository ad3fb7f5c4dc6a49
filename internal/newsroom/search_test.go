package newsroom_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// TestNewsroomSearch searches stories as the newsroom's roles may: the owner and editors find a
// draft, another reporter does not until it is published, and then reads it on the site.
func TestNewsroomSearch(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Anu Bora")
		other := e.login(people.Reporter, "Bikash Kalita")
		ed := e.login(people.Editor, "Chandra Hazarika")
		id := rep.createStory(e, locale.Assamese, "নিমাতীঘাটত নাৱৰীয়াৰ ধৰ্মঘট", "<p>ফেৰী সেৱা বন্ধ।</p>")

		r := rep.get("/newsroom/")
		if r.doc.Find(`header form.nr-search[action="/newsroom/search"][method=get] input[name=q]`).Length() != 1 {
			t.Fatal("the newsroom header has no search box")
		}
		r = rep.get("/newsroom/search")
		deskStatus(t, r, http.StatusOK, "empty search")
		deskText(t, r, "empty search", "Search your own stories in every state")

		for who, c := range map[string]*deskClient{"owner": rep, "editor": ed} {
			r = c.get("/newsroom/search?q=" + "নিমাতীঘাট")
			deskStatus(t, r, http.StatusOK, who+" search")
			link := r.doc.Find(".search-results a")
			if link.Length() != 1 || link.AttrOr("href", "") != deskEditor(id, locale.Assamese) || link.Find("mark").Length() != 1 {
				t.Errorf("%s: results %d, link %q", who, link.Length(), link.AttrOr("href", ""))
			}
		}
		r = other.get("/newsroom/search?q=" + "ধৰ্মঘটত")
		deskStatus(t, r, http.StatusOK, "other reporter's search")
		if r.doc.Find(".search-results a").Length() != 0 {
			t.Error("another reporter finds someone's draft")
		}

		edition := e.edition(id, locale.Assamese)
		if err := e.a.News.PublishNow(context.Background(), news.Actor{UserID: ed.user.ID, Editor: true}, edition.ID); err != nil {
			t.Fatal(err)
		}
		r = other.get("/newsroom/search?q=" + "ধৰ্মঘটত&lang=as")
		link := r.doc.Find(".search-results a")
		if link.Length() != 1 || link.AttrOr("href", "") != "/as/news/"+deskID(id) {
			t.Errorf("published story for another reporter: %d results, link %q", link.Length(), link.AttrOr("href", ""))
		}

		r = ed.get("/newsroom/search?q=" + strings.Repeat("x", 101))
		deskStatus(t, r, http.StatusBadRequest, "too long a query")
		if r.doc.Find("#s-q-error").Text() == "" {
			t.Error("no message for too long a query")
		}
		deskStatus(t, ed.get("/newsroom/search?q=x&lang=fr"), http.StatusNotFound, "unknown language")
	})
}
