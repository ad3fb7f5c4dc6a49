package app_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// TestBrowserBreakingBanner: an editor puts a published story in the English breaking banner
// for an hour from its editing page; a reader sees the banner on English pages (served from
// the page cache the second time) and not on Assamese ones; the editor takes it down from the
// newsroom's banner page, and the reader's cached page no longer shows it.
func TestBrowserBreakingBanner(t *testing.T) {
	requireChromium(t)
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			cfg.ShutdownTimeout = 5 * time.Second
			j, a := newJourney(t, name, cfg)
			ctx := context.Background()
			const email, password = "mitali@batori.test", "flood-watch-at-dawn-93"
			if _, err := a.People.Create(ctx, people.NewUser{Email: email, Name: "Mitali Saikia", Password: password, Role: people.Editor}); err != nil {
				t.Fatal(err)
			}
			sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
			if err != nil {
				t.Fatal(err)
			}
			f := &newsroomFixture{t: t, ctx: ctx, a: a, section: sec.ID}
			story := f.story()
			const breaking = "Embankment breached at Majuli"
			f.publish(story, locale.English, breaking)
			f.publish(story, locale.Assamese, "মাজুলীত মথাউৰি ভাঙিল")
			j.open(a)

			reader := j.newPerson("reader", phone)
			// cacheOf asks the server, outside the browser (whose own cache revalidates and
			// shows the first answer's headers), how its page cache serves path.
			cacheOf := func(path string) string {
				t.Helper()
				resp, err := http.Get(reader.base + path)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != 200 {
					t.Fatalf("GET %s: %d", path, resp.StatusCode)
				}
				return resp.Header.Get("X-Cache")
			}
			reader.open("/")
			reader.open("/as/")

			editor := j.newPerson("editor", desktop)
			editor.open("/newsroom/login")
			editor.fill("#f-email", email)
			editor.fill("#f-password", password)
			editor.press(`form[action="/newsroom/login"] button[type=submit]`, 200)
			editPath := "/newsroom/stories/" + strconv.FormatInt(story, 10) + "/edition/en"
			editor.open(editPath)
			editor.choose("#breaking-for", "1h")
			editor.press(`form.desk-breaking button[type=submit]`, 200)
			editor.wantText(".flash", "The breaking news banner is up.")
			editor.wantText("form.desk-breaking", "This story is in the breaking news banner")

			reader.open("/")
			if c := cacheOf("/"); c != "HIT" {
				t.Errorf("the English home with the banner: X-Cache %q, want HIT", c)
			}
			reader.wantText(`div.breaking[role="region"]`, breaking)
			if n := reader.count("div.breaking"); n != 1 {
				reader.errorf("%d banners on the English home", n)
			}
			reader.open("/as/")
			if n := reader.count("div.breaking"); n != 0 {
				reader.errorf("the Assamese home shows the English banner")
			}
			reader.shot("banner-en")

			editor.open("/newsroom/breaking")
			editor.wantText(".banner-en .banner-story", breaking)
			editor.wantText(".banner-en .banner-set-by", "Mitali Saikia")
			if until := editor.attr(".banner-en .banner-until time", "datetime"); until == "" {
				editor.errorf("the banner page shows no expiry time")
			}
			editor.wantText(".banner-as", "No banner is up.")
			editor.shot("banners")
			editor.press(`.banner-en form button[type=submit]`, 200)
			editor.wantText(".flash", "The breaking news banner is removed.")
			editor.wantText(".banner-en", "No banner is up.")

			// The removal dropped the cached page: the next load renders it afresh, bannerless.
			if c := cacheOf("/"); c != "MISS" {
				t.Errorf("the English home after the banner's removal: X-Cache %q, want MISS", c)
			}
			reader.open("/")
			if n := reader.count("div.breaking"); n != 0 {
				reader.errorf("the banner outlives its removal")
			}
			log, err := a.News.Audit(ctx, news.AuditFilter{StoryID: story})
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			for _, ev := range log {
				actions = append(actions, ev.Action)
			}
			if !strings.Contains(strings.Join(actions, " "), "breaking_removed") {
				t.Errorf("audit log %v lacks the removal", actions)
			}
			for _, p := range []*person{reader, editor} {
				if d := p.dialogs.list(); len(d) > 0 {
					t.Errorf("%s saw dialogs: %q", p.who, d)
				}
			}
		})
	}
}
