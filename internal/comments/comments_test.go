package comments_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

func TestPostValidation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		tests := []struct {
			name  string
			edit  func(in *comments.Input)
			field string
			code  fielderr.Code
		}{
			{"no name", func(in *comments.Input) { in.Name = "  \t " }, "name", fielderr.Required},
			{"long name", func(in *comments.Input) { in.Name = strings.Repeat("ক", 81) }, "name", fielderr.TooLong},
			{"no e-mail", func(in *comments.Input) { in.Email = "" }, "email", fielderr.Required},
			{"bad e-mail", func(in *comments.Input) { in.Email = "reader at example.org" }, "email", fielderr.InvalidEmail},
			{"e-mail with a name", func(in *comments.Input) { in.Email = "Reader <r@example.org>" }, "email", fielderr.InvalidEmail},
			{"e-mail without a domain dot", func(in *comments.Input) { in.Email = "r@localhost" }, "email", fielderr.InvalidEmail},
			{"empty body", func(in *comments.Input) { in.Body = "\n\r\n  " }, "body", fielderr.Required},
			{"long body", func(in *comments.Input) { in.Body = strings.Repeat("ব", 4001) }, "body", fielderr.TooLong},
			{"three links", func(in *comments.Input) {
				in.Body = "See https://a.example/x and http://b.example and www.c.example for more"
			}, "body", fielderr.TooManyLinks},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := f.input("A fair comment.")
				tt.edit(&in)
				_, err := f.store.Post(f.ctx, in)
				v, _ := fielderr.As(err)
				if v.Code(tt.field) != tt.code {
					t.Fatalf("err = %v, want %s: %s", err, tt.field, tt.code)
				}
			})
		}
		if n := f.count("1 = 1"); n != 0 {
			t.Fatalf("%d comments stored from invalid posts", n)
		}

		// Two links are allowed; the text is stored clean.
		in := f.input("  First line  \r\nsecond line\n\n\n\nhttps://a.example and https://b.example\x07  ")
		in.Name = " Anjali \n Bora "
		in.Email = " Anjali@Example.ORG "
		c := f.post(in)
		if c.Status != comments.Pending || c.Name != "Anjali Bora" || c.Email != "anjali@example.org" ||
			c.Body != "First line\nsecond line\n\nhttps://a.example and https://b.example" {
			t.Errorf("stored %+v", c)
		}

		// Assamese text is stored NFC: the precomposed য় (U+09DF) becomes য + nukta.
		in = f.input("ভাল \u09DF")
		if c := f.post(in); c.Body != "ভাল \u09AF\u09BC" {
			t.Errorf("body not NFC: %q", c.Body)
		}
	})
}

func TestPostDefences(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		tok := func(age time.Duration) string {
			s, err := f.store.TokenAt(f.ctx, f.story, f.clock.Now().Add(-age))
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		tests := []struct {
			name string
			edit func(in *comments.Input)
			want error
		}{
			{"honeypot", func(in *comments.Input) { in.Trap = "http://spam.example" }, comments.ErrTrap},
			{"too fast", func(in *comments.Input) { in.Token = tok(2 * time.Second) }, comments.ErrTooFast},
			{"from the future", func(in *comments.Input) { in.Token = tok(-time.Minute) }, comments.ErrTooFast},
			{"expired", func(in *comments.Input) { in.Token = tok(25 * time.Hour) }, comments.ErrFormExpired},
			{"no token", func(in *comments.Input) { in.Token = "" }, comments.ErrBadToken},
			{"forged token", func(in *comments.Input) { in.Token = strings.Replace(in.Token, ".", "0.", 1) }, comments.ErrBadToken},
			{"another story's token", func(in *comments.Input) { in.Token = f.tokenFor(f.other) }, comments.ErrBadToken},
			{"no key", func(in *comments.Input) { in.Key = "" }, comments.ErrBadToken},
			{"unpublished edition", func(in *comments.Input) {
				in.StoryID, in.Lang, in.Token = f.other, locale.Assamese, f.tokenFor(f.other)
			}, comments.ErrNotFound},
			{"reply to nothing", func(in *comments.Input) { in.ParentID = 999999 }, comments.ErrParent},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := f.input("Hello")
				tt.edit(&in)
				if _, err := f.store.Post(f.ctx, in); !errors.Is(err, tt.want) {
					t.Fatalf("err = %v, want %v", err, tt.want)
				}
			})
		}
		if n := f.count("1 = 1"); n != 0 {
			t.Fatalf("%d comments stored from refused posts", n)
		}
		// Exactly the minimum time is enough.
		in := f.input("Took my time")
		in.Token = tok(3 * time.Second)
		f.post(in)
	})
}

func TestThreadsOrderPagesAndCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		var tops []comments.Comment
		for i := range 45 {
			tops = append(tops, f.approved(f.input(fmt.Sprintf("Comment %d", i))))
		}
		// Replies: to the first comment, and to that reply (which joins the same thread).
		in := f.input("Reply one")
		in.ParentID = tops[0].ID
		r1 := f.approved(in)
		if r1.ParentID != tops[0].ID {
			t.Fatalf("reply parent %d, want %d", r1.ParentID, tops[0].ID)
		}
		in = f.input("Reply to the reply")
		in.ParentID = r1.ID
		r2 := f.approved(in)
		if r2.ParentID != tops[0].ID {
			t.Fatalf("reply to a reply has parent %d, want the top-level %d", r2.ParentID, tops[0].ID)
		}
		// Not shown: a pending comment, a pending reply, a rejected one.
		f.post(f.input("Waiting"))
		in = f.input("Waiting reply")
		in.ParentID = tops[1].ID
		f.post(in)
		rej := f.post(f.input("Rude"))
		f.moderate(comments.Reject, rej.ID)
		// Replying to a comment readers cannot see is refused.
		in = f.input("To the rejected")
		in.ParentID = rej.ID
		if _, err := f.store.Post(f.ctx, in); !errors.Is(err, comments.ErrParent) {
			t.Errorf("reply to a rejected comment: %v", err)
		}
		// Replies on the other edition are refused too.
		in = f.input("Wrong edition")
		in.Lang, in.ParentID = locale.Assamese, tops[0].ID
		if _, err := f.store.Post(f.ctx, in); !errors.Is(err, comments.ErrParent) {
			t.Errorf("reply across editions: %v", err)
		}

		q := comments.ThreadQuery{StoryID: f.story, Lang: locale.English}
		th, err := f.store.Thread(f.ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if th.Count != 47 || th.TopLevel != 45 || th.Pages != 3 || len(th.Comments) != 20 {
			t.Fatalf("count %d, top %d, pages %d, on page %d", th.Count, th.TopLevel, th.Pages, len(th.Comments))
		}
		if th.Comments[0].ID != tops[44].ID {
			t.Errorf("newest first: got %q", th.Comments[0].Body)
		}
		q.Page = 3
		th, err = f.store.Thread(f.ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		last := th.Comments[len(th.Comments)-1]
		if len(th.Comments) != 5 || last.ID != tops[0].ID {
			t.Fatalf("page 3 has %d, last %q", len(th.Comments), last.Body)
		}
		if len(last.Replies) != 2 || last.Replies[0].ID != r1.ID || last.Replies[1].ID != r2.ID {
			t.Errorf("replies with their thread, oldest first: %+v", last.Replies)
		}
		q.Page, q.Oldest = 1, true
		th, err = f.store.Thread(f.ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if th.Comments[0].ID != tops[0].ID || len(th.Comments[0].Replies) != 2 {
			t.Errorf("oldest first starts with %q", th.Comments[0].Body)
		}
		q.Page = 4
		if _, err := f.store.Thread(f.ctx, q); !errors.Is(err, comments.ErrNotFound) {
			t.Errorf("page past the end: %v", err)
		}
		// The other edition has no comments: one empty page.
		th, err = f.store.Thread(f.ctx, comments.ThreadQuery{StoryID: f.story, Lang: locale.Assamese})
		if err != nil || th.Count != 0 || th.Pages != 1 || len(th.Comments) != 0 {
			t.Errorf("empty thread: %+v %v", th, err)
		}

		// Counts for a list of stories in one call; a reply whose thread is taken down
		// stops counting.
		counts, err := f.store.Counts(f.ctx, locale.English, []int64{f.story, f.other, 424242})
		if err != nil {
			t.Fatal(err)
		}
		if counts[f.story] != 47 || counts[f.other] != 0 || len(counts) != 1 {
			t.Errorf("counts %v", counts)
		}
		f.moderate(comments.Reject, tops[0].ID)
		counts, _ = f.store.Counts(f.ctx, locale.English, []int64{f.story})
		if counts[f.story] != 44 {
			t.Errorf("after rejecting a thread's first comment: %v", counts)
		}
		if c, _ := f.store.Counts(f.ctx, locale.Assamese, []int64{f.story}); len(c) != 0 {
			t.Errorf("Assamese counts %v", c)
		}
	})
}

func TestFlags(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		c := f.approved(f.input("Questionable"))
		pending := f.post(f.input("Not yet seen"))
		flag := func(id int64, client string) (bool, error) {
			return f.store.Flag(f.ctx, id, f.story, locale.English, client)
		}
		if added, err := flag(c.ID, "203.0.113.5"); !added || err != nil {
			t.Fatalf("first flag: %v %v", added, err)
		}
		if added, err := flag(c.ID, "203.0.113.5"); added || err != nil {
			t.Fatalf("same client again: %v %v", added, err)
		}
		// One IPv6 household is one client.
		if added, _ := flag(c.ID, "2001:db8:1:2::10"); !added {
			t.Fatal("IPv6 flag not added")
		}
		if added, _ := flag(c.ID, "2001:db8:1:2::99"); added {
			t.Error("second address of the same /64 flagged again")
		}
		if _, err := flag(pending.ID, "203.0.113.5"); !errors.Is(err, comments.ErrNotFound) {
			t.Errorf("flag on a pending comment: %v", err)
		}
		if _, err := f.store.Flag(f.ctx, c.ID, f.other, locale.English, "203.0.113.5"); !errors.Is(err, comments.ErrNotFound) {
			t.Errorf("flag through another story: %v", err)
		}
		list, total, err := f.store.Queue(f.ctx, comments.QueueFilter{Status: comments.Flagged})
		if err != nil || total != 1 || list[0].ID != c.ID || list[0].Flags != 2 {
			t.Fatalf("flagged queue %+v %d %v", list, total, err)
		}
		counts, _ := f.store.QueueCounts(f.ctx, 0)
		if counts[comments.Flagged] != 1 || counts[string(comments.Pending)] != 1 || counts[string(comments.Approved)] != 1 {
			t.Errorf("queue counts %v", counts)
		}
		// An editor approving it clears the flags; readers may flag it again.
		f.moderate(comments.Approve, c.ID)
		if _, total, _ := f.store.Queue(f.ctx, comments.QueueFilter{Status: comments.Flagged}); total != 0 {
			t.Errorf("still flagged after approval: %d", total)
		}
		if added, _ := flag(c.ID, "203.0.113.5"); !added {
			t.Error("cannot flag again after review")
		}
	})
}

func TestModeration(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		var ids []int64
		for i := range 4 {
			in := f.input(fmt.Sprintf("Comment %d", i))
			in.Notify = i%2 == 0
			if i == 3 {
				in.Lang, in.Token = locale.Assamese, f.tokenFor(f.story)
			}
			ids = append(ids, f.post(in).ID)
			f.clock.Advance(time.Second)
		}
		// The queue: pending, oldest first; all, pending first.
		list, total, err := f.store.Queue(f.ctx, comments.QueueFilter{Status: string(comments.Pending)})
		if err != nil || total != 4 || list[0].ID != ids[0] || list[0].Headline != "Flood waters rise in Majuli" {
			t.Fatalf("pending queue: %d %v %+v", total, err, list)
		}
		if list[3].Headline != "মাজুলীত বানপানী বাঢ়িছে" || list[3].Slug == "" {
			t.Errorf("Assamese comment's headline %q", list[3].Headline)
		}

		// The mails go out on the Published events that tell the author; the test subscriber
		// stands in for the application's.
		var told []string
		refuse := errors.New("mail down")
		ev := dbtest.Subscribe(f.d)
		ev.Refuse = func(e any) error {
			p, ok := e.(comments.Published)
			if !ok || !p.TellAuthor {
				return nil
			}
			if p.Item.Body == "Tell me" {
				return refuse
			}
			told = append(told, p.Item.Email+" "+string(p.Item.Lang)+" "+p.Item.Headline)
			return nil
		}
		approve := comments.Moderation{IDs: []int64{ids[0], ids[1], ids[2], ids[3], 99999}, Action: comments.Approve, By: f.editor}
		done, err := f.store.Moderate(f.ctx, approve)
		if err != nil || len(done) != 4 {
			t.Fatalf("bulk approve: %d %v", len(done), err)
		}
		if len(told) != 2 || !strings.HasSuffix(told[0], " en Flood waters rise in Majuli") {
			t.Errorf("told %v", told)
		}
		if n := len(dbtest.Of[comments.Published](ev)); n != 4 {
			t.Errorf("%d comments published, want 4", n)
		}
		// Approving again announces nothing twice.
		told = nil
		if _, err := f.store.Moderate(f.ctx, approve); err != nil || len(told) != 0 {
			t.Errorf("second approval told %v (%v)", told, err)
		}
		// A failing mail rolls the approval back.
		fresh := f.post(func() comments.Input { in := f.input("Tell me"); in.Notify = true; return in }())
		_, err = f.store.Moderate(f.ctx, comments.Moderation{IDs: []int64{fresh.ID}, Action: comments.Approve})
		if !errors.Is(err, refuse) || f.count("id = ? AND status = 'pending'", fresh.ID) != 1 {
			t.Errorf("approval kept though its mail failed: %v", err)
		}
		ev.Refuse = nil

		f.moderate(comments.MarkSpam, ids[1])
		f.moderate(comments.Reject, ids[2])
		counts, _ := f.store.QueueCounts(f.ctx, f.story)
		if counts["approved"] != 2 || counts["spam"] != 1 || counts["rejected"] != 1 || counts["pending"] != 1 {
			t.Errorf("counts %v", counts)
		}
		if _, total, _ := f.store.Queue(f.ctx, comments.QueueFilter{Status: "spam"}); total != 1 {
			t.Errorf("spam filter %d", total)
		}
		all, total, _ := f.store.Queue(f.ctx, comments.QueueFilter{})
		if total != 5 || all[0].Status != comments.Pending {
			t.Errorf("all, pending first: %d %+v", total, all[0])
		}

		// Deleting a thread's first comment deletes its replies.
		in := f.input("A reply")
		in.ParentID = ids[0]
		reply := f.approved(in)
		f.moderate(comments.Delete, ids[0])
		if f.count("id IN (?, ?)", ids[0], reply.ID) != 0 {
			t.Error("delete left the comment or its reply")
		}
		if _, err := f.store.Moderate(f.ctx, comments.Moderation{IDs: []int64{ids[0]}, Action: comments.Approve}); !errors.Is(err, comments.ErrNotFound) {
			t.Errorf("moderating a deleted comment: %v", err)
		}
		if _, err := f.store.Moderate(f.ctx, comments.Moderation{IDs: []int64{ids[2]}, Action: "publish"}); err == nil {
			t.Error("unknown action accepted")
		}
	})
}

func TestAutoApprove(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		if err := f.store.SaveSettings(f.ctx, comments.Settings{AutoApproveAfter: 2}); err != nil {
			t.Fatal(err)
		}
		regular := func(body string) comments.Input {
			in := f.input(body)
			in.Email = "Regular@Example.org"
			return in
		}
		f.approved(regular("one"))
		two := f.post(regular("two"))
		if two.Status != comments.Pending {
			t.Fatalf("with one approved comment: %s", two.Status)
		}
		f.moderate(comments.Approve, two.ID)
		if c := f.post(regular("three")); c.Status != comments.Approved || c.ModeratedAt.IsZero() {
			t.Fatalf("with two approved comments: %s", c.Status)
		}
		if c := f.post(f.input("stranger")); c.Status != comments.Pending {
			t.Errorf("a new commenter: %s", c.Status)
		}
		// Auto-approval never publishes blocked words.
		if _, err := f.store.SaveBlocklist(f.ctx, []string{"lottery"}); err != nil {
			t.Fatal(err)
		}
		if c := f.post(regular("You won the LOTTERY!")); c.Status != comments.Spam || !strings.Contains(c.SpamReason, "lottery") {
			t.Errorf("blocked comment of a regular: %s %q", c.Status, c.SpamReason)
		}
		if err := f.store.SaveSettings(f.ctx, comments.Settings{AutoApproveAfter: -1}); err == nil {
			t.Error("negative setting saved")
		}
		if st, _ := f.store.Settings(f.ctx); st.AutoApproveAfter != 2 {
			t.Errorf("settings %+v", st)
		}
	})
}

func TestClosing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		published := f.clock.Now().Add(-24 * time.Hour)
		if c, err := f.store.Closing(f.ctx, f.story, published); c != comments.NotClosed || err != nil {
			t.Fatalf("new story: %q %v", c, err)
		}
		if err := f.store.SetClosed(f.ctx, f.story, true, f.editor); err != nil {
			t.Fatal(err)
		}
		if err := f.store.SetClosed(f.ctx, f.story, true, f.editor); err != nil {
			t.Fatalf("closing twice: %v", err)
		}
		if c, _ := f.store.Closing(f.ctx, f.story, published); c != comments.ClosedByEditor {
			t.Errorf("closed story: %q", c)
		}
		if _, err := f.store.Post(f.ctx, f.input("Too late")); !errors.Is(err, comments.ErrClosed) {
			t.Errorf("post on a closed story: %v", err)
		}
		if si, _ := f.store.Story(f.ctx, f.story); !si.Closed || si.Headline(locale.Assamese) != "মাজুলীত বানপানী বাঢ়িছে" || len(si.Editions) != 2 {
			t.Errorf("story info %+v", si)
		}
		if err := f.store.SetClosed(f.ctx, f.story, false, f.editor); err != nil {
			t.Fatal(err)
		}
		f.post(f.input("Open again"))
		if err := f.store.SetClosed(f.ctx, 987654, true, f.editor); !errors.Is(err, comments.ErrNotFound) {
			t.Errorf("closing a missing story: %v", err)
		}

		// Closing by age counts from publication (a day before the clock).
		if err := f.store.SaveSettings(f.ctx, comments.Settings{CloseAfterDays: 2}); err != nil {
			t.Fatal(err)
		}
		f.post(f.input("Within two days"))
		f.clock.Advance(25 * time.Hour)
		if c, _ := f.store.Closing(f.ctx, f.story, published); c != comments.ClosedByAge {
			t.Errorf("after three days: %q", c)
		}
		if _, err := f.store.Post(f.ctx, f.input("After two days")); !errors.Is(err, comments.ErrClosed) {
			t.Errorf("post on an old story: %v", err)
		}
	})
}

func TestBlocklist(t *testing.T) {
	got := comments.NormalizeBlocklist([]string{" Casino ", "casino", "", "  *  ", "free   money", "জুৱা", "বেয়া*", "বেয়া*", "CASINO"})
	want := []string{"Casino", "free money", "জুৱা", "বেয়া*"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("NormalizeBlocklist = %q, want %q", got, want)
	}
	list := []string{"casino", "free money", "জুৱা", "বেয়া*", "ৰঙা"}
	tests := []struct {
		text string
		want string
	}{
		{"Visit our CASINO today", "casino"},
		{"Casinos are everywhere", ""},
		{"online-casino!", "casino"},
		{"get FREE\n money now", "free money"},
		{"freemoney", ""},
		{"এইটো জুৱা।", "জুৱা"},
		{"জুৱাখেল", ""},
		// A prefix entry catches inflected Assamese words (বেয়াকৈ); the precomposed য়
		// (U+09DF) in text matches the entry's NFC form.
		{"বে\u09DFাকৈ কথা", "বেয়া*"},
		// Bengali র typed for Assamese ৰ, and a joiner, do not hide a word.
		{"\u09B0ঙা", "ৰঙা"},
		{"ৰ\u200Dঙা কাপোৰ", "ৰঙা"},
		// A vowel sign after the word means a longer word, not a boundary.
		{"ৰঙাটো", ""},
		{"ভাল কথা", ""},
	}
	for _, tt := range tests {
		if w, ok := comments.Blocked(list, tt.text); w != tt.want || ok != (tt.want != "") {
			t.Errorf("Blocked(%q) = %q %v, want %q", tt.text, w, ok, tt.want)
		}
	}

	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		saved, err := f.store.SaveBlocklist(f.ctx, []string{"casino", "জুৱা", "casino"})
		if err != nil || len(saved) != 2 {
			t.Fatalf("save blocklist: %v %v", saved, err)
		}
		if l, _ := f.store.Blocklist(f.ctx); strings.Join(l, ",") != "casino,জুৱা" {
			t.Errorf("stored %v", l)
		}
		in := f.input("ইয়াত জুৱা খেলক")
		in.Lang, in.Token = locale.Assamese, f.tokenFor(f.story)
		c := f.post(in)
		if c.Status != comments.Spam {
			t.Errorf("blocked Assamese comment is %s", c.Status)
		}
		in = f.input("A fine point")
		in.Name = "Casino King"
		if c := f.post(in); c.Status != comments.Spam {
			t.Errorf("blocked name: %s", c.Status)
		}
		if c := f.post(f.input("A casual remark")); c.Status != comments.Pending {
			t.Errorf("clean comment: %s", c.Status)
		}
	})
}

func TestRateLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		from := func(client, email string) comments.Input {
			in := f.input("Hello again")
			in.Client, in.Email = client, email
			in.Body = fmt.Sprintf("Hello %d", f.count("1 = 1"))
			return in
		}
		for i := range 5 {
			f.post(from("192.0.2.1", fmt.Sprintf("a%d@example.org", i)))
		}
		if _, err := f.store.Post(f.ctx, from("192.0.2.1", "b@example.org")); !errors.Is(err, comments.ErrRateLimited) {
			t.Fatalf("sixth post from one client in ten minutes: %v", err)
		}
		f.post(from("192.0.2.2", "b@example.org"))
		f.clock.Advance(11 * time.Minute)
		f.post(from("192.0.2.1", "c@example.org"))

		// Ten an hour from one address, whatever the client.
		for i := range 9 {
			f.post(from(fmt.Sprintf("192.0.2.%d", 10+i), "busy@example.org"))
			f.clock.Advance(time.Minute)
		}
		if _, err := f.store.Post(f.ctx, from("192.0.2.50", "BUSY@example.org")); err != nil {
			t.Fatalf("tenth post: %v", err)
		}
		if _, err := f.store.Post(f.ctx, from("192.0.2.51", "busy@example.org")); !errors.Is(err, comments.ErrRateLimited) {
			t.Fatalf("eleventh post in an hour from one address: %v", err)
		}
		f.clock.Advance(time.Hour)
		f.post(from("192.0.2.52", "busy@example.org"))

		// Limits are the store's to set.
		strict := f.store.WithLimits(comments.Limits{PerClient: 1, ClientWindow: time.Hour, PerEmail: 100, EmailWindow: time.Hour,
			MinFill: time.Second, MaxFormAge: time.Hour, MaxLinks: 0})
		in := from("192.0.2.99", "new@example.org")
		in.Body = "one link https://x.example"
		var v *fielderr.Error
		if _, err := strict.Post(f.ctx, in); !errors.As(err, &v) {
			t.Errorf("MaxLinks 0 allowed a link: %v", err)
		}
	})
}

func TestIdempotentPost(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		in := f.input("Posted twice by a double click")
		first := f.post(in)
		again := f.post(in)
		if again.ID != first.ID || f.count("1 = 1") != 1 {
			t.Fatalf("second post made %d (first %d)", again.ID, first.ID)
		}
		// The retry answers as the first did, even once the rules changed.
		if err := f.store.SetClosed(f.ctx, f.story, true, 0); err != nil {
			t.Fatal(err)
		}
		if c, err := f.store.Post(f.ctx, in); err != nil || c.ID != first.ID {
			t.Fatalf("retry after closing: %v", err)
		}
		if err := f.store.SetClosed(f.ctx, f.story, false, 0); err != nil {
			t.Fatal(err)
		}
		// The same key from another reader (a cached page hands one form to many) is a
		// comment of its own.
		other := in
		other.Email, other.Name, other.Client = "someone@example.org", "Someone", "192.0.2.77"
		if c := f.post(other); c.ID == first.ID {
			t.Fatal("another reader's comment taken for a retry")
		}

		// Twenty requests at once with one key store one comment.
		in = f.input("Sent by a flaky connection")
		var wg sync.WaitGroup
		ids := make([]int64, 20)
		errs := make([]error, 20)
		for i := range 20 {
			wg.Go(func() {
				c, err := f.store.Post(f.ctx, in)
				ids[i], errs[i] = c.ID, err
			})
		}
		wg.Wait()
		for i := range 20 {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Fatalf("request %d: id %d err %v (first %d)", i, ids[i], errs[i], ids[0])
			}
		}
		if n := f.count("body = ?", "Sent by a flaky connection"); n != 1 {
			t.Fatalf("%d rows for one key", n)
		}
	})
}

func TestStaffReply(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		top := f.approved(f.input("Why was the bridge delayed?"))
		in := f.input("Me too")
		in.ParentID = top.ID
		reply := f.approved(in)
		c, err := f.store.StaffReply(f.ctx, comments.Reply{ParentID: reply.ID, UserID: f.editor, Name: "Mina Editor", Email: "editor@example.org",
			Body: "The contractor's report is due on Monday."})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Staff() || c.Status != comments.Approved || c.ParentID != top.ID {
			t.Errorf("staff reply %+v", c)
		}
		th, _ := f.store.Thread(f.ctx, comments.ThreadQuery{StoryID: f.story, Lang: locale.English})
		if len(th.Comments[0].Replies) != 2 || !th.Comments[0].Replies[1].Staff() {
			t.Errorf("thread %+v", th.Comments[0].Replies)
		}
		pending := f.post(f.input("Not yet"))
		if _, err := f.store.StaffReply(f.ctx, comments.Reply{ParentID: pending.ID, UserID: f.editor, Body: "x"}); !errors.Is(err, comments.ErrParent) {
			t.Errorf("reply to a pending comment: %v", err)
		}
		var v *fielderr.Error
		if _, err := f.store.StaffReply(f.ctx, comments.Reply{ParentID: top.ID, UserID: f.editor, Body: " "}); !errors.As(err, &v) {
			t.Errorf("empty staff reply: %v", err)
		}
	})
}

func TestHTML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello <script>alert(1)</script> & \"you\"", "<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;you&#34;</p>\n"},
		{"one\ntwo\n\nthree", "<p>one<br>\ntwo</p>\n<p>three</p>\n"},
		{"see https://example.org/a?b=1&c=2.", `<p>see <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">https://example.org/a?b=1&amp;c=2</a>.</p>` + "\n"},
		{"(http://example.org/x)", `<p>(<a href="http://example.org/x" rel="nofollow ugc noopener">http://example.org/x</a>)</p>` + "\n"},
		{"https://en.wikipedia.org/wiki/Bihu_(festival)", `<p><a href="https://en.wikipedia.org/wiki/Bihu_(festival)" rel="nofollow ugc noopener">https://en.wikipedia.org/wiki/Bihu_(festival)</a></p>` + "\n"},
		{"চাওক https://example.org।", `<p>চাওক <a href="https://example.org" rel="nofollow ugc noopener">https://example.org</a>।</p>` + "\n"},
		{"javascript:alert(1) www.example.org", "<p>javascript:alert(1) www.example.org</p>\n"},
		{`https://x.example/"onmouseover="a`, `<p><a href="https://x.example/" rel="nofollow ugc noopener">https://x.example/</a>&#34;onmouseover=&#34;a</p>` + "\n"},
	}
	for _, tt := range tests {
		if got := string(comments.HTML(tt.in)); got != tt.want {
			t.Errorf("HTML(%q) =\n%s\nwant\n%s", tt.in, got, tt.want)
		}
	}
	if n := comments.CountLinks("https://a.example http://b.example/www.c.example www.d.example mail@www.e.example"); n != 3 {
		t.Errorf("CountLinks = %d, want 3", n)
	}
}

// TestBoundToken: a form given back to one reader carries a token bound to their address (an
// IPv6 reader by the /64): refused from any other, and good for one comment, its retry
// answered as the first; the shared token of the cached page serves every reader.
func TestBoundToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		in := f.input("A reply to the district commissioner's statement")
		in.Client = "2001:db8:7:8::1"
		tok, err := f.store.FormTokenFor(f.ctx, f.story, in.Client)
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(time.Minute)
		in.Token = tok
		stranger := in
		stranger.Client = "2001:db8:7:9::1"
		if _, err := f.store.Post(f.ctx, stranger); !errors.Is(err, comments.ErrBadToken) {
			t.Errorf("bound token from another network: %v", err)
		}
		neighbour := in
		neighbour.Client = "2001:db8:7:8::ffff"
		first := f.post(neighbour) // the same /64
		if again := f.post(neighbour); again.ID != first.ID {
			t.Errorf("the retry made a second comment")
		}
		second := in
		second.Body = "And another thought on the embankment"
		if _, err := f.store.Post(f.ctx, second); !errors.Is(err, comments.ErrTokenUsed) {
			t.Errorf("a bound token used for a second comment: %v", err)
		}
		// The cached page's token is good for any number of readers.
		shared := f.tokenFor(f.story)
		for i, client := range []string{"203.0.113.4", "203.0.113.5"} {
			c := f.input(fmt.Sprintf("Reader %d on the flood relief", i))
			c.Token, c.Client = shared, client
			f.post(c)
		}
	})
}
