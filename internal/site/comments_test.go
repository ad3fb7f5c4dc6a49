package site_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/web"
)

// The comment tests run the reader site with comments and the page cache, over the demo
// newspaper, posting as a browser without JavaScript does: a plain form POST.

type commentsFixture struct {
	srv      *httptest.Server
	news     *news.Store
	comments *comments.Store
	cache    *pagecache.Cache
	clock    *testkit.Clock // real time, moved on so a form can be "filled in" in no time
	// story is the newest English story of its section, with its section page; bilingual is
	// a story with an Assamese edition.
	story     news.Article
	section   string
	bilingual news.Article
}

func newCommentsFixture(t *testing.T, d *db.DB) *commentsFixture {
	t.Helper()
	ctx := context.Background()
	lib := media.NewLibrary(d, filepath.Join(t.TempDir(), "media"))
	st := news.NewStore(d)
	set := settings.NewStore(d)
	if _, err := demo.Seed(ctx, demo.Stores{News: st, Settings: set, Media: lib}, demo.Options{}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	f := &commentsFixture{news: st, clock: testkit.RunningClock(), cache: pagecache.New(500, time.Minute)}
	f.comments = comments.NewStore(d).WithClock(f.clock.Now)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := site.New(site.Deps{News: st, Settings: set, Media: lib, Templates: templates, Assets: assets, Log: log,
		Cache: f.cache, Comments: f.comments})
	mux := http.NewServeMux()
	s.Routes(mux)
	f.srv = httptest.NewServer(web.Chain(mux, web.SecurityHeaders, web.Recover(log, s.RenderError)))
	t.Cleanup(f.srv.Close)

	sections, err := st.Sections(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range sections {
		list, err := st.Published(ctx, news.Filter{Lang: locale.English, SectionID: sec.ID}, 1, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 1 && f.story.StoryID == 0 {
			f.story, _ = st.PublishedArticle(ctx, list[0].StoryID, locale.English)
			f.section = "/section/" + sec.Slug
		}
	}
	list, _ := st.Published(ctx, news.Filter{Lang: locale.Assamese}, 50, 0)
	for _, tz := range list {
		if tz.StoryID != f.story.StoryID && f.bilingual.StoryID == 0 {
			f.bilingual, _ = st.PublishedArticle(ctx, tz.StoryID, locale.Assamese)
		}
	}
	if f.story.StoryID == 0 || f.bilingual.StoryID == 0 {
		t.Fatal("demo content lacks the stories the comment tests need")
	}
	return f
}

type commentsResp struct {
	status int
	header http.Header
	doc    *goquery.Document
	body   string
}

func (f *commentsFixture) do(t *testing.T, method, path string, form url.Values) commentsResp {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, f.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(string(b)))
	return commentsResp{status: res.StatusCode, header: res.Header, doc: doc, body: string(b)}
}

func (f *commentsFixture) get(t *testing.T, path string, want int) commentsResp {
	t.Helper()
	r := f.do(t, http.MethodGet, path, nil)
	if r.status != want {
		t.Fatalf("GET %s = %d, want %d", path, r.status, want)
	}
	return r
}

// form returns the comment form of a page as a browser would send it, with the reader's words.
func commentForm(t *testing.T, doc *goquery.Document, name, email, body string) (string, url.Values) {
	t.Helper()
	form := doc.Find("form#respond")
	if form.Length() != 1 {
		t.Fatal("no comment form on the page")
	}
	v := url.Values{}
	form.Find("input[type=hidden]").Each(func(_ int, s *goquery.Selection) {
		v.Set(s.AttrOr("name", ""), s.AttrOr("value", ""))
	})
	v.Set("name", name)
	v.Set("email", email)
	v.Set("body", body)
	v.Set("website", "")
	return form.AttrOr("action", ""), v
}

func TestCommentsOnArticles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newCommentsFixture(t, d)
		ctx := context.Background()
		a := f.story
		page := storyPath(locale.English, a.StoryID, a.Slug)
		count := func(where string, args ...any) int {
			var n int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM comments WHERE "+where, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		// The article carries the section, its stylesheet and a form that needs no script.
		r := f.get(t, page, 200)
		sec := r.doc.Find("section#comments")
		if sec.Length() != 1 || !strings.Contains(sec.Find("h2").Text(), "0 so far") || sec.Find(".comments-none").Length() != 1 {
			t.Fatalf("comments section: %q", sec.Text())
		}
		if r.doc.Find(`head link[rel=stylesheet][href*="/static/comments."]`).Length() != 1 {
			t.Error("comments.css not linked from the article")
		}
		action, form := commentForm(t, r.doc, "Anjali Bora", "anjali@example.org", "Thank you for this report.\n\nThe embankment at https://example.org/map is weak.")
		if action != page+"/comments" || form.Get("key") == "" || form.Get("token") == "" {
			t.Fatalf("form posts to %q with %v", action, form)
		}
		if hp := r.doc.Find(`input[name=website]`); hp.Length() != 1 || hp.AttrOr("tabindex", "") != "-1" || hp.Closest("[aria-hidden=true]").Length() != 1 {
			t.Error("honeypot field missing or not hidden")
		}
		for _, sel := range []string{"#cf-name", "#cf-email", "#cf-body", "#cf-notify"} {
			if id := strings.TrimPrefix(sel, "#"); r.doc.Find(sel).Length() != 1 || r.doc.Find(`label[for="`+id+`"]`).Length() != 1 {
				t.Errorf("%s missing or unlabelled", sel)
			}
		}

		t.Run("too fast", func(t *testing.T) {
			v := url.Values{}
			for k := range form {
				v.Set(k, form.Get(k))
			}
			tok, _ := f.comments.FormToken(ctx, a.StoryID)
			v.Set("token", tok)
			r := f.do(t, http.MethodPost, action, v)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.doc.Find(".cf-alert").Text(), "That was quick") {
				t.Fatalf("too fast: %d %q", r.status, r.doc.Find(".cf-alert").Text())
			}
			if r.header.Get("Cache-Control") != "no-store" || r.doc.Find("#cf-body").Text() != form.Get("body") ||
				r.doc.Find("#cf-name").AttrOr("value", "") != "Anjali Bora" {
				t.Error("too-fast answer lost the reader's input or may be cached")
			}
		})

		f.clock.Advance(5 * time.Second)
		t.Run("invalid input comes back with messages", func(t *testing.T) {
			v := url.Values{}
			for k := range form {
				v.Set(k, form.Get(k))
			}
			v.Set("email", "not an address")
			v.Set("body", "Links: https://a.example https://b.example https://c.example")
			v.Set("notify", "on")
			r := f.do(t, http.MethodPost, action, v)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.status)
			}
			if got := r.doc.Find("#cf-email-error").Text(); !strings.Contains(got, "valid e-mail") {
				t.Errorf("e-mail message %q", got)
			}
			if got := r.doc.Find("#cf-body-error").Text(); !strings.Contains(got, "at most 2 links") {
				t.Errorf("body message %q", got)
			}
			if r.doc.Find("#cf-email").AttrOr("value", "") != "not an address" || r.doc.Find("#cf-body").Text() != v.Get("body") ||
				r.doc.Find("#cf-notify[checked]").Length() != 1 || r.doc.Find("#cf-email[aria-invalid=true]").Length() != 1 {
				t.Error("input not kept or not marked")
			}
			if r.header.Get("Cache-Control") != "no-store" || r.doc.Find(`meta[name=robots][content=noindex]`).Length() != 1 {
				t.Error("re-rendered form may be cached or indexed")
			}
			if r.doc.Find("h1").Text() != a.Headline {
				t.Error("the re-render is not the article")
			}
		})

		var first comments.Comment
		t.Run("post without JavaScript", func(t *testing.T) {
			r := f.do(t, http.MethodPost, action, form)
			want := page + "?comment=pending#comments"
			if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
				t.Fatalf("post: %d → %q, want 303 → %q", r.status, r.header.Get("Location"), want)
			}
			if count("story_id = ? AND status = 'pending'", a.StoryID) != 1 {
				t.Fatal("comment not stored as pending")
			}
			// A double click sends the form again: still one comment, the same answer.
			r = f.do(t, http.MethodPost, action, form)
			if r.status != http.StatusSeeOther || r.header.Get("Location") != want || count("story_id = ?", a.StoryID) != 1 {
				t.Fatalf("retry: %d → %q, %d rows", r.status, r.header.Get("Location"), count("story_id = ?", a.StoryID))
			}
			r = f.get(t, strings.TrimSuffix(want, "#comments"), 200)
			if got := r.doc.Find(".comments-notice").Text(); !strings.Contains(got, "awaiting moderation") {
				t.Errorf("notice %q", got)
			}
			if r.doc.Find("article.comment").Length() != 0 {
				t.Error("a pending comment is shown")
			}
			list, _, _ := f.comments.Queue(ctx, comments.QueueFilter{StoryID: a.StoryID})
			first = list[0].Comment
		})

		t.Run("honeypot", func(t *testing.T) {
			v := url.Values{}
			for k := range form {
				v.Set(k, form.Get(k))
			}
			v.Set("body", "Buy cheap watches")
			v.Set("website", "https://spam.example")
			r := f.do(t, http.MethodPost, action, v)
			if r.status != http.StatusSeeOther || !strings.Contains(r.header.Get("Location"), "comment=pending") {
				t.Fatalf("honeypot answered %d %q", r.status, r.header.Get("Location"))
			}
			if count("body = ?", "Buy cheap watches") != 0 {
				t.Error("honeypot post stored")
			}
		})

		t.Run("approved comment appears after the cache is purged", func(t *testing.T) {
			r := f.get(t, page, 200)
			r = f.get(t, page, 200)
			if r.header.Get("X-Cache") != "HIT" {
				t.Fatalf("article not served from the cache: %q", r.header.Get("X-Cache"))
			}
			if _, err := f.comments.Moderate(ctx, comments.Moderation{IDs: []int64{first.ID}, Action: comments.Approve}); err != nil {
				t.Fatal(err)
			}
			f.cache.Purge()
			r = f.get(t, page, 200)
			c := r.doc.Find("#comment-" + fmt.Sprint(first.ID))
			if c.Length() != 1 || c.Find(".comment-author").Text() != "Anjali Bora" {
				t.Fatalf("approved comment not shown: %q", r.doc.Find("#comments").Text())
			}
			if strings.Contains(r.body, "anjali@example.org") {
				t.Error("the commenter's e-mail address is on the page")
			}
			if c.Find(".comment-body p").Length() != 2 {
				t.Errorf("paragraphs: %q", c.Find(".comment-body").Text())
			}
			link := c.Find(`.comment-body a[href="https://example.org/map"]`)
			if link.AttrOr("rel", "") != "nofollow ugc noopener" {
				t.Errorf("link in comment: %v", link.Nodes)
			}
			if !strings.Contains(r.doc.Find("#h-comments").Text(), "1 so far") {
				t.Errorf("heading %q", r.doc.Find("#h-comments").Text())
			}
			// Cards count the comment too.
			r = f.get(t, f.section, 200)
			card := r.doc.Find(`a.card-comments[href="` + page + `#comments"]`)
			if card.Length() != 1 || card.Text() != "1 comment" {
				t.Errorf("section card count: %d %q", card.Length(), card.Text())
			}
		})

		t.Run("replies and staff replies", func(t *testing.T) {
			r := f.get(t, fmt.Sprintf("%s?reply=%d", page, first.ID), 200)
			if got := r.doc.Find("#h-respond").Text(); got != "Reply to Anjali Bora" {
				t.Errorf("reply form heading %q", got)
			}
			action, v := commentForm(t, r.doc, "Rituraj Kalita", "rituraj@example.org", "I agree <b>entirely</b>.")
			if v.Get("parent") != fmt.Sprint(first.ID) {
				t.Fatalf("reply form parent %q", v.Get("parent"))
			}
			f.clock.Advance(5 * time.Second)
			if r := f.do(t, http.MethodPost, action, v); r.status != http.StatusSeeOther {
				t.Fatalf("reply: %d", r.status)
			}
			var reply int64
			if err := d.QueryRow(ctx, "SELECT id FROM comments WHERE parent_id = ?", first.ID).Scan(&reply); err != nil {
				t.Fatal(err)
			}
			f.comments.Moderate(ctx, comments.Moderation{IDs: []int64{reply}, Action: comments.Approve})
			staff, err := f.comments.StaffReply(ctx, comments.Reply{ParentID: reply, UserID: staffUser(t, d), Name: "Mina Das", Email: "mina@batori.example",
				Body: "Our reporter is at the embankment now."})
			if err != nil {
				t.Fatal(err)
			}
			f.cache.Purge()
			r = f.get(t, page, 200)
			replies := r.doc.Find("#comment-" + fmt.Sprint(first.ID)).Parent().Find(".comment-replies > li")
			if replies.Length() != 2 {
				t.Fatalf("%d replies shown", replies.Length())
			}
			if got := replies.First().Find(".comment-body").Text(); !strings.Contains(got, "I agree <b>entirely</b>.") {
				t.Errorf("reply text %q (markup must show as text)", got)
			}
			st := r.doc.Find(fmt.Sprintf("#comment-%d", staff.ID))
			if !st.HasClass("comment-staff") || st.Find(".comment-badge").Text() != "Staff" || st.Find(".comment-author").Text() != "Mina Das" {
				t.Errorf("staff reply not marked: %q", st.Text())
			}
			if !strings.Contains(r.doc.Find("#h-comments").Text(), "3 so far") {
				t.Errorf("heading %q", r.doc.Find("#h-comments").Text())
			}
		})

		t.Run("flag", func(t *testing.T) {
			flag := fmt.Sprintf("%s/comments/%d/flag", page, first.ID)
			r := f.get(t, page, 200)
			if r.doc.Find(fmt.Sprintf(`form[action="%s"] button`, flag)).Length() != 1 {
				t.Fatal("no Report button")
			}
			for range 2 {
				r := f.do(t, http.MethodPost, flag, url.Values{})
				if r.status != http.StatusSeeOther || r.header.Get("Location") != fmt.Sprintf("%s?comment=flagged#comment-%d", page, first.ID) {
					t.Fatalf("flag: %d %q", r.status, r.header.Get("Location"))
				}
			}
			if count("id = ? AND flag_count = 1", first.ID) != 1 {
				t.Error("one client's two flags counted twice")
			}
			if r := f.do(t, http.MethodPost, fmt.Sprintf("%s/comments/%d/flag", page, 999999), url.Values{}); r.status != 404 {
				t.Errorf("flag on a missing comment: %d", r.status)
			}
			r = f.get(t, page+"?comment=flagged", 200)
			if !strings.Contains(r.doc.Find(".comments-notice").Text(), "editors will look") {
				t.Error("no thanks after a flag")
			}
		})

		t.Run("order and pages", func(t *testing.T) {
			for i := range 24 {
				tok, _ := f.comments.TokenAt(ctx, a.StoryID, f.clock.Now().Add(-time.Minute))
				c, err := f.comments.Post(ctx, comments.Input{StoryID: a.StoryID, Lang: locale.English, Name: fmt.Sprintf("Reader %02d", i),
					Email: fmt.Sprintf("r%d@example.org", i), Body: fmt.Sprintf("Point %d", i), Key: comments.NewFormKey(), Token: tok,
					Client: fmt.Sprintf("192.0.2.%d", i+1)})
				if err != nil {
					t.Fatal(err)
				}
				f.comments.Moderate(ctx, comments.Moderation{IDs: []int64{c.ID}, Action: comments.Approve})
				f.clock.Advance(time.Second)
			}
			f.cache.Purge()
			r := f.get(t, page, 200)
			if n := r.doc.Find(".comment-list > li").Length(); n != 20 {
				t.Fatalf("%d threads on page 1", n)
			}
			if got := r.doc.Find(".comment-list > li .comment-author").First().Text(); got != "Reader 23" {
				t.Errorf("newest first starts with %q", got)
			}
			next := r.doc.Find(`.comments-pager a[rel=next]`).AttrOr("href", "")
			if next != page+"?cpage=2#comments" {
				t.Fatalf("next page link %q", next)
			}
			r = f.get(t, strings.TrimSuffix(next, "#comments"), 200)
			if n := r.doc.Find(".comment-list > li").Length(); n != 5 || r.doc.Find(`.comments-pager a[rel=prev]`).Length() != 1 {
				t.Errorf("page 2 has %d threads", n)
			}
			// The first thread, with its replies, is last of all.
			if r.doc.Find(fmt.Sprintf("#comment-%d", first.ID)).Parent().Find(".comment-replies li").Length() != 2 {
				t.Error("replies not shown with their thread on page 2")
			}
			r = f.get(t, page+"?comments=oldest", 200)
			if got := r.doc.Find(".comment-list > li .comment-author").First().Text(); got != "Anjali Bora" {
				t.Errorf("oldest first starts with %q", got)
			}
			if r.doc.Find(`.comments-order a[aria-current]`).Text() != "Oldest first" {
				t.Error("order switch does not show the order")
			}
			f.get(t, page+"?cpage=9", 404)
			f.get(t, page+"?cpage=x", 404)
		})

		t.Run("rate limit", func(t *testing.T) {
			// Two posts from this client so far (the comment and the reply); three more pass.
			for i := range 4 {
				r := f.get(t, fmt.Sprintf("%s?n=%d", page, i), 200)
				action, v := commentForm(t, r.doc, "Busy Reader", fmt.Sprintf("busy%d@example.org", i), fmt.Sprintf("Thought number %d", i))
				f.clock.Advance(4 * time.Second)
				r = f.do(t, http.MethodPost, action, v)
				want := http.StatusSeeOther
				if i == 3 {
					want = http.StatusTooManyRequests
				}
				if r.status != want {
					t.Fatalf("post %d: %d, want %d", i, r.status, want)
				}
				if i == 3 && !strings.Contains(r.doc.Find(".cf-alert").Text(), "wait a few minutes") {
					t.Errorf("rate limit message %q", r.doc.Find(".cf-alert").Text())
				}
			}
			f.clock.Advance(11 * time.Minute)
		})

		t.Run("closed", func(t *testing.T) {
			r := f.get(t, page+"?before=closing", 200)
			action, v := commentForm(t, r.doc, "Late Reader", "late@example.org", "Am I too late?")
			if err := f.comments.SetClosed(ctx, a.StoryID, true, 0); err != nil {
				t.Fatal(err)
			}
			f.cache.Purge()
			r = f.get(t, page, 200)
			if r.doc.Find("form#respond").Length() != 0 || !strings.Contains(r.doc.Find(".comments-closed").Text(), "closed") {
				t.Error("closed story still shows the form")
			}
			if r.doc.Find(".comment-actions a").Length() != 0 {
				t.Error("Reply links on a closed story")
			}
			f.clock.Advance(5 * time.Second)
			r = f.do(t, http.MethodPost, action, v)
			if r.status != http.StatusForbidden || !strings.Contains(r.doc.Find(".comments-closed").Text(), "Comments on this story are closed") {
				t.Errorf("post on a closed story: %d %q", r.status, r.doc.Find(".comments-closed").Text())
			}
			if count("body = ?", "Am I too late?") != 0 {
				t.Error("comment stored on a closed story")
			}
			f.comments.SetClosed(ctx, a.StoryID, false, 0)
			// Closed by age: the demo story is older than a day once the clock moves on.
			f.comments.SaveSettings(ctx, comments.Settings{CloseAfterDays: 1})
			f.clock.Advance(400 * 24 * time.Hour)
			f.cache.Purge()
			r = f.get(t, page, 200)
			if got := r.doc.Find(".comments-closed").Text(); !strings.Contains(got, "for 1 day after") {
				t.Errorf("closed by age: %q", got)
			}
			f.comments.SaveSettings(ctx, comments.Settings{})
			f.cache.Purge()
		})

		t.Run("Assamese", func(t *testing.T) {
			b := f.bilingual
			asPage := storyPath(locale.Assamese, b.StoryID, b.Slug)
			r := f.get(t, asPage, 200)
			sec := r.doc.Find("section#comments")
			if got := sec.Find("h2").Text(); !strings.HasPrefix(got, "মন্তব্য") || !strings.Contains(got, "এতিয়ালৈকে ০টা") || strings.Count(got, "মন্তব্য") != 1 {
				t.Errorf("Assamese heading %q", got)
			}
			if r.doc.Find(`label[for="cf-name"]`).Text() != "নাম" || r.doc.Find(`#respond button[type=submit]`).Text() != "মন্তব্য পঠিয়াওক" {
				t.Error("Assamese form labels missing")
			}
			if offs := locale.BengaliRa(sec.Text()); offs != nil {
				t.Errorf("Bengali র in the Assamese comments section: %q", sec.Text())
			}
			action, v := commentForm(t, r.doc, "অঞ্জলি বৰা", "anjali.as@example.org", "ভাল বাতৰি। ধন্যবাদ।")
			if !strings.HasPrefix(action, "/as/news/") {
				t.Fatalf("Assamese form posts to %q", action)
			}
			f.clock.Advance(5 * time.Second)
			r = f.do(t, http.MethodPost, action, v)
			if r.status != http.StatusSeeOther || r.header.Get("Location") != asPage+"?comment=pending#comments" {
				t.Fatalf("Assamese post: %d %q", r.status, r.header.Get("Location"))
			}
			if count("story_id = ? AND lang = 'as' AND author_name = ?", b.StoryID, "অঞ্জলি বৰা") != 1 {
				t.Fatal("Assamese comment not stored on the Assamese edition")
			}
			r = f.get(t, asPage+"?comment=pending", 200)
			if got := r.doc.Find(".comments-notice").Text(); !strings.Contains(got, "অপেক্ষাত") {
				t.Errorf("Assamese notice %q", got)
			}
			v.Set("email", "")
			v.Set("body", "নতুন মন্তব্য")
			r = f.do(t, http.MethodPost, action, v)
			if r.status != http.StatusUnprocessableEntity || r.doc.Find("#cf-email-error").Text() != "অনুগ্ৰহ কৰি এই ঘৰটো পূৰণ কৰক।" {
				t.Errorf("Assamese field message: %d %q", r.status, r.doc.Find("#cf-email-error").Text())
			}
			if lang := r.doc.Find("html").AttrOr("lang", ""); lang != "as" {
				t.Errorf("re-render lang %q", lang)
			}
		})
	})
}

// staffUser makes a newsroom account for staff replies.
func staffUser(t *testing.T, d *db.DB) int64 {
	t.Helper()
	var id int64
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		id, err = tx.InsertID(context.Background(), "INSERT INTO users (email, name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)",
			"mina@batori.example", "Mina Das", "x", "editor", time.Now().UTC())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}
