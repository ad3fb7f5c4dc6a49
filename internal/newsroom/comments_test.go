package newsroom_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// The moderation tests run the whole app over HTTP on both databases: readers' comments are
// stored through the comment store (as the reader site does), editors moderate through the
// newsroom's pages, and the reader pages show the result.

// commentStory publishes a story in English and Assamese and returns its id and slugs.
func commentStory(t *testing.T, e *deskEnv) (int64, map[locale.Lang]string) {
	t.Helper()
	ctx := context.Background()
	id, err := e.a.News.CreateStory(ctx, news.StoryInput{SectionID: e.section.ID})
	if err != nil {
		t.Fatal(err)
	}
	slugs := map[locale.Lang]string{}
	for lang, h := range map[locale.Lang]string{locale.English: "Ferry services resume on the Brahmaputra", locale.Assamese: "ব্ৰহ্মপুত্ৰত পুনৰ ফেৰী সেৱা আৰম্ভ"} {
		ed, err := e.a.News.SaveEdition(ctx, news.EditionInput{StoryID: id, Lang: lang, Headline: h, Body: "<p>" + h + "</p>", AuthorIDs: []int64{e.author.ID}})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.a.News.Publish(ctx, ed.ID, time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		slugs[lang] = ed.Slug
	}
	return id, slugs
}

// readerComment stores a reader's comment as the site's form would, from its own client.
func readerComment(t *testing.T, e *deskEnv, story int64, lang locale.Lang, n int, body string, notify bool) comments.Comment {
	t.Helper()
	ctx := context.Background()
	tok, err := e.a.Comments.TokenAt(ctx, story, time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.a.Comments.Post(ctx, comments.Input{StoryID: story, Lang: lang, Name: fmt.Sprintf("Reader %d", n),
		Email: fmt.Sprintf("reader%d@example.org", n), Body: body, Notify: notify, Key: comments.NewFormKey(), Token: tok,
		Client: fmt.Sprintf("198.51.100.%d", n)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func getReader(t *testing.T, e *deskEnv, path string) *goquery.Document {
	t.Helper()
	resp, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func commentMails(t *testing.T, e *deskEnv, to string) []mail.Item {
	t.Helper()
	items, _, err := e.a.Outbox.List(context.Background(), mail.ListFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var out []mail.Item
	for _, it := range items {
		if it.To == to {
			out = append(out, it)
		}
	}
	return out
}

func commentStatus(t *testing.T, e *deskEnv, id int64) string {
	t.Helper()
	it, err := e.a.Comments.Get(context.Background(), id)
	if err != nil {
		return "gone"
	}
	return string(it.Status)
}

func TestCommentModeration(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ctx := context.Background()
		story, slugs := commentStory(t, e)
		enPage := fmt.Sprintf("/news/%d/%s", story, url.PathEscape(slugs[locale.English]))
		asPage := fmt.Sprintf("/as/news/%d/%s", story, url.PathEscape(slugs[locale.Assamese]))
		c1 := readerComment(t, e, story, locale.English, 1, "The ferry was on time today.", true)
		c2 := readerComment(t, e, story, locale.English, 2, "Fares went up again.", false)
		c3 := readerComment(t, e, story, locale.Assamese, 3, "ফেৰী সেৱা ভাল হৈছে।", true)
		c4 := readerComment(t, e, story, locale.English, 4, "Nonsense", false)
		editor := e.login(people.Editor, "Mina Editor")
		reporter := e.login(people.Reporter, "Rupam Reporter")

		t.Run("reporters cannot moderate", func(t *testing.T) {
			for _, path := range []string{"/newsroom/comments", "/newsroom/comments/blocklist", "/newsroom/comments/settings", fmt.Sprintf("/newsroom/comments/%d/reply", c1.ID)} {
				if r := reporter.get(path); r.status != http.StatusForbidden {
					t.Errorf("GET %s as a reporter: %d", path, r.status)
				}
			}
			r := reporter.post("/newsroom/comments/moderate", url.Values{"id": {deskID(c1.ID)}, "action": {"approve"}})
			if r.status != http.StatusForbidden || commentStatus(t, e, c1.ID) != "pending" {
				t.Errorf("bulk approve as a reporter: %d", r.status)
			}
			if r := reporter.post(fmt.Sprintf("/newsroom/comments/%d/moderate", c1.ID), url.Values{"action": {"delete"}}); r.status != http.StatusForbidden {
				t.Errorf("delete as a reporter: %d", r.status)
			}
			if r := reporter.get("/newsroom/"); r.doc.Find(`.menu a[href="/newsroom/comments"]`).Length() != 0 {
				t.Error("reporter's menu offers comments")
			}
		})

		t.Run("queue", func(t *testing.T) {
			r := editor.get("/newsroom/comments")
			if r.status != 200 || r.doc.Find(`.menu a[href="/newsroom/comments"][aria-current]`).Length() != 1 {
				t.Fatalf("queue: %d", r.status)
			}
			rows := r.doc.Find("article.comment-row")
			if rows.Length() != 4 || rows.First().AttrOr("id", "") != fmt.Sprintf("comment-%d", c1.ID) {
				t.Fatalf("pending queue has %d rows, first %q", rows.Length(), rows.First().AttrOr("id", ""))
			}
			link := rows.First().Find(`a[href="` + enPage + fmt.Sprintf("#comment-%d", c1.ID) + `"]`)
			if link.Text() != "Ferry services resume on the Brahmaputra" {
				t.Errorf("headline link %q", link.Text())
			}
			if rows.Eq(2).Find(`a[lang=as]`).Text() != "ব্ৰহ্মপুত্ৰত পুনৰ ফেৰী সেৱা আৰম্ভ" {
				t.Error("Assamese comment's headline missing")
			}
			if got := r.doc.Find(`.tabs a[aria-current] .count`).Text(); got != "4" {
				t.Errorf("pending count %q", got)
			}
			if r.doc.Find(`input[type=checkbox][form=bulk][name=id]`).Length() != 4 || r.doc.Find(`form#bulk select[name=action]`).Length() != 1 {
				t.Error("bulk controls missing")
			}
			if r.doc.Find(`a[href="/newsroom/comments/settings"]`).Length() != 0 {
				t.Error("editor offered the admins' settings")
			}
			if r := editor.get("/newsroom/comments?status=bogus"); r.status != 404 {
				t.Errorf("unknown filter: %d", r.status)
			}
		})

		t.Run("bulk approve mails and publishes", func(t *testing.T) {
			// The reader page is cached before the approval.
			if getReader(t, e, enPage).Find("article.comment").Length() != 0 {
				t.Fatal("pending comments shown")
			}
			r := editor.post("/newsroom/comments/moderate", url.Values{"id": {deskID(c1.ID), deskID(c2.ID), deskID(c3.ID)},
				"action": {"approve"}, "back": {"/newsroom/comments?status=pending"}})
			if r.status != 200 || !strings.HasSuffix(r.url, "/newsroom/comments?status=pending") || r.doc.Find(".flash").Text() != "Comments approved." {
				t.Fatalf("bulk approve: %d at %s, flash %q", r.status, r.url, r.doc.Find(".flash").Text())
			}
			for _, c := range []comments.Comment{c1, c2, c3} {
				if commentStatus(t, e, c.ID) != "approved" {
					t.Errorf("comment %d not approved", c.ID)
				}
			}
			en := commentMails(t, e, "reader1@example.org")
			if len(en) != 1 || en[0].Subject != "[Batori] Your comment is published" ||
				!strings.Contains(en[0].Text, "“Ferry services resume on the Brahmaputra”") || !strings.Contains(en[0].Text, enPage+fmt.Sprintf("#comment-%d", c1.ID)) {
				t.Errorf("English mail: %+v", en)
			}
			as := commentMails(t, e, "reader3@example.org")
			if len(as) != 1 || !strings.Contains(as[0].Subject, "আপোনাৰ মন্তব্য প্ৰকাশ পালে") || !strings.Contains(as[0].Text, asPage) {
				t.Errorf("Assamese mail: %+v", as)
			}
			if len(commentMails(t, e, "reader2@example.org")) != 0 {
				t.Error("mail to a commenter who did not ask")
			}
			// Approving again sends nothing more.
			editor.post(fmt.Sprintf("/newsroom/comments/%d/moderate", c1.ID), url.Values{"action": {"approve"}})
			if len(commentMails(t, e, "reader1@example.org")) != 1 {
				t.Error("second approval mailed again")
			}
			doc := getReader(t, e, enPage)
			if doc.Find("article.comment").Length() != 2 || !strings.Contains(doc.Find("#h-comments").Text(), "2 so far") {
				t.Errorf("reader page after approval: %q", doc.Find("#comments").Text())
			}
			if doc := getReader(t, e, asPage); doc.Find("article.comment").Length() != 1 {
				t.Error("Assamese edition lacks its comment")
			}
		})

		t.Run("spam, reject and delete", func(t *testing.T) {
			r := editor.post(fmt.Sprintf("/newsroom/comments/%d/moderate", c4.ID), url.Values{"action": {"spam"}, "back": {"/newsroom/comments?status=spam"}})
			if r.doc.Find(".flash").Text() != "Comments marked as spam." || commentStatus(t, e, c4.ID) != "spam" {
				t.Fatalf("spam: %q", r.doc.Find(".flash").Text())
			}
			if r.doc.Find("article.comment-row").Length() != 1 || r.doc.Find(".badge.status-spam").Length() != 1 {
				t.Error("spam filter does not show it")
			}
			editor.post(fmt.Sprintf("/newsroom/comments/%d/moderate", c2.ID), url.Values{"action": {"reject"}})
			if commentStatus(t, e, c2.ID) != "rejected" {
				t.Error("not rejected")
			}
			if getReader(t, e, enPage).Find(fmt.Sprintf("#comment-%d", c2.ID)).Length() != 0 {
				t.Error("rejected comment still on the reader page")
			}
			r = editor.post("/newsroom/comments/moderate", url.Values{"id": {deskID(c4.ID)}, "action": {"delete"}, "back": {"https://evil.example/"}})
			if commentStatus(t, e, c4.ID) != "gone" || !strings.HasSuffix(r.url, "/newsroom/comments") || r.doc.Find(".flash").Text() != "Comments deleted." {
				t.Errorf("delete: %s, %q", r.url, r.doc.Find(".flash").Text())
			}
			r = editor.post("/newsroom/comments/moderate", url.Values{"id": {deskID(c4.ID)}, "action": {"approve"}})
			if r.doc.Find(".flash").Text() != "Those comments no longer exist." {
				t.Errorf("moderating a deleted comment: %q", r.doc.Find(".flash").Text())
			}
			r = editor.post("/newsroom/comments/moderate", url.Values{"action": {"approve"}})
			if r.doc.Find(".flash").Text() != "Select at least one comment and an action." {
				t.Errorf("nothing ticked: %q", r.doc.Find(".flash").Text())
			}
			if r := editor.post(fmt.Sprintf("/newsroom/comments/%d/moderate", c1.ID), url.Values{"action": {"publish"}}); r.status != http.StatusBadRequest {
				t.Errorf("unknown action: %d", r.status)
			}
		})

		t.Run("flagged", func(t *testing.T) {
			for _, client := range []string{"203.0.113.1", "203.0.113.2"} {
				if _, err := e.a.Comments.Flag(ctx, c1.ID, story, locale.English, client); err != nil {
					t.Fatal(err)
				}
			}
			r := editor.get("/newsroom/comments?status=flagged")
			row := r.doc.Find("article.comment-row")
			if row.Length() != 1 || row.Find(".comment-flags").Text() != "2 flags" {
				t.Fatalf("flagged queue: %d %q", row.Length(), row.Find(".comment-flags").Text())
			}
			// Keeping it (approve) clears the flags.
			editor.post(fmt.Sprintf("/newsroom/comments/%d/moderate", c1.ID), url.Values{"action": {"approve"}})
			if r := editor.get("/newsroom/comments?status=flagged"); r.doc.Find("article.comment-row").Length() != 0 {
				t.Error("still flagged after review")
			}
		})

		t.Run("blocklist", func(t *testing.T) {
			r := editor.get("/newsroom/comments/blocklist")
			if r.status != 200 || r.doc.Find("textarea[name=blocklist]").Length() != 1 {
				t.Fatalf("blocklist page: %d", r.status)
			}
			r = editor.post("/newsroom/comments/blocklist", url.Values{"blocklist": {"casino\r\n\r\nজুৱা\r\nCASINO\r\nfree money"}})
			if r.doc.Find(".flash").Text() != "Blocked words saved." || r.doc.Find("textarea[name=blocklist]").Text() != "casino\nfree money\nজুৱা" {
				t.Fatalf("saved blocklist: %q / %q", r.doc.Find(".flash").Text(), r.doc.Find("textarea[name=blocklist]").Text())
			}
			c := readerComment(t, e, story, locale.Assamese, 20, "ইয়াত জুৱা খেলক", false)
			if c.Status != comments.Spam {
				t.Errorf("Assamese blocked word: %s", c.Status)
			}
			if c := readerComment(t, e, story, locale.English, 21, "Free   MONEY here", false); c.Status != comments.Spam {
				t.Errorf("blocked phrase: %s", c.Status)
			}
			r = editor.get("/newsroom/comments?status=spam")
			if !strings.Contains(r.doc.Find("main").Text(), "Sent to spam: blocklist: জুৱা") {
				t.Error("spam reason not shown")
			}
		})

		t.Run("settings are for admins", func(t *testing.T) {
			if r := editor.get("/newsroom/comments/settings"); r.status != http.StatusForbidden {
				t.Errorf("editor on settings: %d", r.status)
			}
			admin := e.login(people.Admin, "Asha Admin")
			r := admin.get("/newsroom/comments")
			if r.doc.Find(`a[href="/newsroom/comments/settings"]`).Length() != 1 {
				t.Error("admin not offered the settings")
			}
			r = admin.get("/newsroom/comments/settings")
			if r.status != 200 || r.doc.Find("#f-auto_approve_after").AttrOr("value", "") != "0" {
				t.Fatalf("settings page: %d", r.status)
			}
			r = admin.post("/newsroom/comments/settings", url.Values{"auto_approve_after": {"-3"}, "close_after_days": {"x"}})
			if r.status != http.StatusUnprocessableEntity || r.doc.Find(".alert").Length() != 1 || r.doc.Find("#f-close_after_days").AttrOr("value", "") != "x" {
				t.Errorf("invalid settings: %d", r.status)
			}
			r = admin.post("/newsroom/comments/settings", url.Values{"auto_approve_after": {"1"}, "close_after_days": {"30"}})
			if r.doc.Find(".flash").Text() != "Comment settings saved." {
				t.Fatalf("save settings: %q", r.doc.Find(".flash").Text())
			}
			if st, _ := e.a.Comments.Settings(ctx); st.AutoApproveAfter != 1 || st.CloseAfterDays != 30 {
				t.Errorf("stored %+v", st)
			}
			// reader1 has an approved comment: the next one is published at once.
			if c := readerComment(t, e, story, locale.English, 1, "Another thought", false); c.Status != comments.Approved {
				t.Errorf("trusted commenter's comment is %s", c.Status)
			}
			admin.post("/newsroom/comments/settings", url.Values{"auto_approve_after": {"0"}, "close_after_days": {"0"}})
		})

		t.Run("staff reply", func(t *testing.T) {
			r := editor.get(fmt.Sprintf("/newsroom/comments/%d/reply", c1.ID))
			if r.status != 200 || r.doc.Find("textarea[name=body]").Length() != 1 {
				t.Fatalf("reply page: %d", r.status)
			}
			r = editor.post(fmt.Sprintf("/newsroom/comments/%d/reply", c1.ID), url.Values{"body": {"  "}})
			if r.status != http.StatusUnprocessableEntity || r.doc.Find(".error").Length() != 1 {
				t.Errorf("empty reply: %d", r.status)
			}
			r = editor.post(fmt.Sprintf("/newsroom/comments/%d/reply", c1.ID), url.Values{"body": {"Thank you: the timetable is on our site."}})
			if r.doc.Find(".flash").Text() != "Your reply is published." || !strings.Contains(r.url, fmt.Sprintf("story=%d", story)) {
				t.Fatalf("reply: %s %q", r.url, r.doc.Find(".flash").Text())
			}
			doc := getReader(t, e, enPage)
			staff := doc.Find(".comment-replies .comment-staff")
			if staff.Length() != 1 || staff.Find(".comment-badge").Text() != "Staff" || staff.Find(".comment-author").Text() != "Mina Editor" {
				t.Errorf("staff reply on the reader page: %q", doc.Find("#comments").Text())
			}
			// A comment not published cannot be answered.
			r = editor.get(fmt.Sprintf("/newsroom/comments/%d/reply", c2.ID))
			if r.doc.Find("textarea[name=body]").Length() != 0 || r.doc.Find(".alert").Length() != 1 {
				t.Error("reply form for a rejected comment")
			}
			if r := editor.post(fmt.Sprintf("/newsroom/comments/%d/reply", c2.ID), url.Values{"body": {"Hello"}}); r.status != http.StatusConflict {
				t.Errorf("reply to a rejected comment: %d", r.status)
			}
		})

		t.Run("close a story's comments", func(t *testing.T) {
			r := editor.get(fmt.Sprintf("/newsroom/comments?story=/news/%d/%s", story, slugs[locale.English]))
			if r.status != 200 || !strings.Contains(r.doc.Find("h1").Text(), "Ferry services resume") || !strings.Contains(r.doc.Find(".comment-story").Text(), "open") {
				t.Fatalf("story queue: %d %q", r.status, r.doc.Find("h1").Text())
			}
			action := r.doc.Find(".comment-story form").AttrOr("action", "")
			r = editor.post(action, url.Values{"back": {r.doc.Find(".comment-story input[name=back]").AttrOr("value", "")}})
			if r.doc.Find(".flash").Text() != "Comments on the story are closed." || !strings.Contains(r.doc.Find(".comment-story").Text(), "closed") {
				t.Fatalf("close: %q", r.doc.Find(".flash").Text())
			}
			doc := getReader(t, e, enPage)
			if doc.Find("form#respond").Length() != 0 || doc.Find(".comments-closed").Length() != 1 {
				t.Error("closed story still takes comments on the site")
			}
			editor.post(fmt.Sprintf("/newsroom/comments/stories/%d/open", story), url.Values{})
			if getReader(t, e, enPage).Find("form#respond").Length() != 1 {
				t.Error("reopened story has no form")
			}
			if r := editor.get("/newsroom/comments?story=987654"); r.status != 404 {
				t.Errorf("missing story: %d", r.status)
			}
		})

		t.Run("in Assamese", func(t *testing.T) {
			editor.post("/newsroom/account/language", url.Values{"lang": {"as"}, "next": {"/newsroom/comments"}})
			for _, path := range []string{"/newsroom/comments?status=all", fmt.Sprintf("/newsroom/comments?status=all&story=%d", story),
				"/newsroom/comments/blocklist", fmt.Sprintf("/newsroom/comments/%d/reply", c1.ID)} {
				r := editor.get(path)
				if r.status != 200 || r.doc.Find("html").AttrOr("lang", "") != "as" {
					t.Errorf("GET %s in Assamese: %d", path, r.status)
				}
			}
			r := editor.get("/newsroom/comments?status=all")
			if got := r.doc.Find(`.menu a[href="/newsroom/comments"]`).Text(); got != "মন্তব্য" {
				t.Errorf("Assamese menu entry %q", got)
			}
		})
	})
}
