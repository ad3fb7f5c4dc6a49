package news_test

import (
	"errors"
	"image/color"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// TestLiveBlog runs a live blog through its life on both databases: started by an editor,
// entries posted by editors at once and by reporters through review, corrected and removed
// with their times kept for readers, key points, the cards' badge, translation into the other
// edition's blog, and the end with a closing note; and the events readers' pages follow.
func TestLiveBlog(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		events := dbtest.Subscribe(d)
		entryEvents := func() int { return len(dbtest.Of[news.LiveEntryChanged](events)) }
		liveEvents := func() int { return len(dbtest.Of[news.LiveChanged](events)) }
		id := n.story(news.StoryInput{SectionID: n.sec.ID})
		en := n.save(news.EditionInput{StoryID: id, Lang: locale.English, Headline: "Counting day", Body: "<p>Results as they come.</p>"})
		n.publish(en.ID, n.clock.Now())
		as := n.save(news.EditionInput{StoryID: id, Lang: locale.Assamese, Headline: "গণনাৰ দিন", Body: "<p>ফলাফল।</p>"})
		n.publish(as.ID, n.clock.Now())

		if _, err := n.store.AddEntry(n.ctx, n.editor, en.ID, news.EntryInput{Body: "too early"}); !errors.Is(err, news.ErrInvalidState) {
			t.Fatalf("entry before the blog starts: %v, want ErrInvalidState", err)
		}
		if err := n.store.StartLive(n.ctx, n.reporter, en.ID); !errors.Is(err, news.ErrForbidden) {
			t.Fatalf("a reporter starts a live blog: %v, want ErrForbidden", err)
		}
		if err := n.store.StartLive(n.ctx, n.editor, en.ID); err != nil {
			t.Fatal(err)
		}
		if got := dbtest.Of[news.LiveChanged](events); len(got) != 1 || got[0] != (news.LiveChanged{StoryID: id, Lang: locale.English}) {
			t.Fatalf("LiveChanged after the start: %+v", got)
		}
		list, err := n.store.Published(n.ctx, news.Filter{Lang: locale.English}, 10, 0)
		if err != nil || len(list) != 1 || !list[0].Live {
			t.Fatalf("card of the live edition: %+v, %v; want Live", list, err)
		}

		// Bad input answers per field and stores nothing.
		pic := n.image(color.RGBA{R: 200, A: 255})
		_, err = n.store.AddEntry(n.ctx, n.editor, en.ID, news.EntryInput{Body: "<p> </p>", EmbedURL: "javascript:alert(1)", MediaID: pic.ID + 100})
		if f := validationFields(t, err); !sameKeys(f, "body", "embed_url") {
			t.Fatalf("bad entry: fields %v", f)
		}
		_, err = n.store.AddEntry(n.ctx, n.editor, en.ID, news.EntryInput{Body: "x", MediaID: pic.ID + 100})
		if fielderr.CodeOf(err, "media_id") != fielderr.NotFound {
			t.Fatalf("entry with a picture not in the library: %v", err)
		}
		if c := n.count("live_entries"); c != 0 {
			t.Fatalf("%d entries stored by refused input", c)
		}

		// An editor's entry is posted at once; plain text becomes paragraphs, scripts go.
		before := entryEvents()
		first, err := n.store.AddEntry(n.ctx, n.editor, en.ID, news.EntryInput{Body: "Counting starts.\n\nTrends <script>x</script>by 9.", KeyPoint: true, MediaID: pic.ID, ImageAlt: "Counting hall"})
		if err != nil {
			t.Fatal(err)
		}
		if first.Status != news.EntryPosted || first.PostedAt.IsZero() || first.Author.EN != "Priya Baruah" || first.Image == nil || !first.KeyPoint {
			t.Fatalf("editor's entry: %+v", first)
		}
		if strings.Contains(first.Body, "<script") || !strings.HasPrefix(first.Body, "<p>Counting starts.</p><p>") {
			t.Fatalf("entry body not sanitised into paragraphs: %q", first.Body)
		}
		if got := entryEvents() - before; got != 1 {
			t.Fatalf("LiveEntryChanged after a post: %d events", got)
		}

		// A reporter's entry waits for an editor while review is on (the default), and
		// readers' view does not change until it is approved.
		before = entryEvents()
		n.clock.Advance(10 * time.Second)
		pending, err := n.store.AddEntry(n.ctx, n.reporter, en.ID, news.EntryInput{Body: "Trends: BJP ahead in 5 seats", EmbedURL: "https://www.youtube.com/watch?v=abc"})
		if err != nil {
			t.Fatal(err)
		}
		if pending.Status != news.EntryPending || entryEvents() != before {
			t.Fatalf("reporter's entry: %+v, %d events", pending, entryEvents()-before)
		}
		public, err := n.store.LiveEntries(n.ctx, en.ID, true, 0)
		if err != nil || len(public) != 1 {
			t.Fatalf("readers' entries with one pending: %d, %v", len(public), err)
		}
		all, _ := n.store.LiveEntries(n.ctx, en.ID, false, 0)
		if len(all) != 2 || all[0].ID != pending.ID {
			t.Fatalf("newsroom's entries: pending first, got %+v", all)
		}
		if err := n.store.ApproveEntry(n.ctx, n.reporter, pending.ID); !errors.Is(err, news.ErrForbidden) {
			t.Fatalf("reporter approves: %v", err)
		}
		if err := n.store.CorrectEntry(n.ctx, n.other, pending.ID, news.EntryInput{Body: "mine now"}); !errors.Is(err, news.ErrForbidden) {
			t.Fatalf("another reporter edits a pending entry: %v", err)
		}
		if err := n.store.CorrectEntry(n.ctx, n.reporter, pending.ID, news.EntryInput{Body: "Trends: BJP ahead in 6 seats", EmbedURL: pending.EmbedURL}); err != nil {
			t.Fatalf("reporter edits their pending entry: %v", err)
		}
		n.clock.Advance(10 * time.Second)
		if err := n.store.ApproveEntry(n.ctx, n.editor, pending.ID); err != nil {
			t.Fatal(err)
		}
		approved, _ := n.store.Entry(n.ctx, pending.ID)
		if approved.Status != news.EntryPosted || !approved.CorrectedAt.IsZero() || !strings.Contains(approved.Body, "6 seats") {
			t.Fatalf("approved entry: %+v", approved)
		}
		if err := n.store.CorrectEntry(n.ctx, n.reporter, pending.ID, news.EntryInput{Body: "late change"}); !errors.Is(err, news.ErrForbidden) {
			t.Fatalf("reporter changes a posted entry: %v", err)
		}

		// With review off, reporters post directly.
		if err := n.store.SetLiveReview(n.ctx, n.reporter, false); !errors.Is(err, news.ErrForbidden) {
			t.Fatalf("reporter turns review off: %v", err)
		}
		if err := n.store.SetLiveReview(n.ctx, n.editor, false); err != nil {
			t.Fatal(err)
		}
		direct, err := n.store.AddEntry(n.ctx, n.other, en.ID, news.EntryInput{Body: "Result: Jorhat declared"})
		if err != nil || direct.Status != news.EntryPosted {
			t.Fatalf("reporter's entry with review off: %+v, %v", direct, err)
		}

		// Corrections and removals keep their times for readers.
		n.clock.Advance(time.Minute)
		if err := n.store.CorrectEntry(n.ctx, n.editor, first.ID, news.EntryInput{Body: "Counting started at 8.", KeyPoint: true}); err != nil {
			t.Fatal(err)
		}
		if err := n.store.RemoveEntry(n.ctx, n.editor, direct.ID); err != nil {
			t.Fatal(err)
		}
		public, _ = n.store.LiveEntries(n.ctx, en.ID, true, 0)
		if len(public) != 3 || public[0].ID != direct.ID || public[0].Status != news.EntryRemoved || public[0].RemovedAt.IsZero() {
			t.Fatalf("readers' entries after a removal: %+v", public)
		}
		corrected, _ := n.store.Entry(n.ctx, first.ID)
		if corrected.CorrectedAt.IsZero() || corrected.Stamp() <= first.Stamp() || corrected.Image != nil {
			t.Fatalf("corrected entry: %+v", corrected)
		}
		keys, err := n.store.KeyPoints(n.ctx, en.ID)
		if err != nil || len(keys) != 1 || keys[0].ID != first.ID {
			t.Fatalf("key points: %+v, %v", keys, err)
		}
		list, err = n.store.Published(n.ctx, news.Filter{Lang: locale.English}, 10, 0)
		if err != nil || len(list) != 1 {
			t.Fatalf("cards: %+v, %v", list, err)
		}
		if !list[0].LiveUpdated.Equal(approved.PostedAt) {
			t.Fatalf("card's latest update %v, want %v", list[0].LiveUpdated, approved.PostedAt)
		}

		// Translation goes to the other edition's blog, which must be running, as pending.
		if _, err := n.store.AddTranslatedEntry(n.ctx, n.editor, first.ID, "<p>গণনা আৰম্ভ হ’ল।</p>"); !errors.Is(err, news.ErrInvalidState) {
			t.Fatalf("translation into an edition not live: %v", err)
		}
		if err := n.store.StartLive(n.ctx, n.editor, as.ID); err != nil {
			t.Fatal(err)
		}
		tr, err := n.store.AddTranslatedEntry(n.ctx, n.editor, first.ID, "<p>গণনা আৰম্ভ হ’ল।</p>")
		if err != nil || tr.EditionID != as.ID || tr.Status != news.EntryPending || tr.SourceID != first.ID || !tr.KeyPoint {
			t.Fatalf("translated entry: %+v, %v", tr, err)
		}
		if blogs, err := n.store.RunningLiveBlogs(n.ctx); err != nil || len(blogs) != 2 || blogs[0].EditionID != as.ID || blogs[0].Pending != 1 {
			t.Fatalf("running live blogs: %+v, %v", blogs, err)
		}

		// The end: the badge goes, entries are refused, the note stays.
		before = liveEvents()
		if err := n.store.EndLive(n.ctx, n.editor, en.ID, "Counting is over. Thank you for following."); err != nil {
			t.Fatal(err)
		}
		b, err := n.store.LiveBlogOf(n.ctx, en.ID)
		if err != nil || b.Running() || b.ClosingNote != "Counting is over. Thank you for following." || b.EndedAt.Before(b.StartedAt) {
			t.Fatalf("ended blog: %+v, %v", b, err)
		}
		if _, err := n.store.AddEntry(n.ctx, n.editor, en.ID, news.EntryInput{Body: "after the end"}); !errors.Is(err, news.ErrInvalidState) {
			t.Fatalf("entry after the end: %v", err)
		}
		list, _ = n.store.Published(n.ctx, news.Filter{Lang: locale.English}, 10, 0)
		if list[0].Live {
			t.Fatal("the card of an ended live blog still shows Live")
		}
		if got := liveEvents() - before; got != 1 {
			t.Fatalf("LiveChanged after the end: %d events", got)
		}
		if _, err := n.store.LiveBlogOf(n.ctx, as.ID+1000); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("live blog of no edition: %v", err)
		}
	})
}
