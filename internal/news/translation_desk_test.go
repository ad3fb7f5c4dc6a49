package news_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// translatorOf makes a translator account, as the newsroom's actor.
func (n *team) translatorOf(email, name string) news.Actor {
	n.t.Helper()
	a := n.user(email, name, people.Translator)
	a.Translator, a.Name = true, name
	return a
}

func TestStartEditionAndSourceChanges(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		tr := n.translatorOf("anu@batori.test", "Anu Saikia")
		src := n.deskStory(n.reporter, locale.English, "Floods in Dhemaji", news.Published)

		// Nobody outside the story may start an edition; translators and editors may.
		if _, err := n.store.StartEdition(n.ctx, n.other, src.StoryID, locale.English, locale.Assamese, news.StartInput{}); !errors.Is(err, news.ErrForbidden) {
			t.Fatalf("other reporter: err = %v, want ErrForbidden", err)
		}
		if _, err := n.store.StartEdition(n.ctx, tr, src.StoryID, locale.Assamese, locale.English, news.StartInput{}); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("missing source: err = %v, want ErrNotFound", err)
		}

		// Without a draft the new edition is a copy of the source, with the source's bylines.
		e, err := n.store.StartEdition(n.ctx, tr, src.StoryID, locale.English, locale.Assamese, news.StartInput{})
		if err != nil {
			t.Fatalf("start: %v", err)
		}
		if e.Lang != locale.Assamese || e.Status != news.Draft || e.Headline != src.Headline || e.Revision != 1 {
			t.Fatalf("started edition = %+v", e)
		}
		if !slices.Equal(e.AuthorIDs, src.AuthorIDs) {
			t.Fatalf("bylines = %v, want the source's %v (the translator is credited apart)", e.AuthorIDs, src.AuthorIDs)
		}
		if _, err := n.store.StartEdition(n.ctx, n.editor, src.StoryID, locale.English, locale.Assamese, news.StartInput{}); !errors.Is(err, news.ErrConflict) {
			t.Fatalf("second start: err = %v, want ErrConflict", err)
		}
		tre, err := n.store.TranslationOf(n.ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tre.SourceLang != locale.English || tre.SourceRevision != src.Revision || tre.SourceChanged() || tre.Machine || tre.TranslatorID != tr.UserID {
			t.Fatalf("translation = %+v", tre)
		}
		if _, err := n.store.TranslationOf(n.ctx, src.ID); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("source as translation: err = %v, want ErrNotFound", err)
		}

		// The translator may edit the draft and submit it, but not publish or start stories.
		in := news.EditionInput{StoryID: src.StoryID, Lang: locale.Assamese, Headline: "ধেমাজিত বানপানী", Body: "<p>বানপানী</p>", AuthorIDs: e.AuthorIDs, BaseRevision: e.Revision}
		if _, err := n.store.SaveAs(n.ctx, tr, in); err != nil {
			t.Fatalf("translator saves: %v", err)
		}
		if err := n.store.PublishNow(n.ctx, tr, e.ID); !errors.Is(err, news.ErrForbidden) {
			t.Fatalf("translator publishes: err = %v, want ErrForbidden", err)
		}
		if _, err := n.store.CreateDraft(n.ctx, tr, news.DraftInput{SectionID: n.sec.ID, Edition: news.EditionInput{Lang: locale.English, Headline: "Mine"}}); !errors.Is(err, news.ErrForbidden) {
			t.Fatalf("translator creates a story: err = %v, want ErrForbidden", err)
		}
		if err := n.store.CanEdit(n.ctx, tr, src); !errors.Is(err, news.ErrInvalidState) {
			t.Fatalf("translator edits a published edition: err = %v, want ErrInvalidState", err)
		}
		if err := n.store.Submit(n.ctx, tr, e.ID); err != nil {
			t.Fatalf("translator submits: %v", err)
		}

		// The source changes: the desk flags the translation with the revisions to diff.
		n.clock.Advance(time.Minute)
		srcNow := n.edition(src.ID)
		upd := news.EditionInput{StoryID: src.StoryID, Lang: locale.English, Headline: "Floods in Dhemaji worsen", Body: srcNow.Body,
			AuthorIDs: srcNow.AuthorIDs, BaseRevision: srcNow.Revision}
		if _, err := n.store.SaveAs(n.ctx, n.editor, upd); err != nil {
			t.Fatal(err)
		}
		desk, err := n.store.TranslationDesk(n.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(desk.Changed) != 1 || desk.Changed[0].EditionID != e.ID || desk.Changed[0].SourceCurrent != srcNow.Revision+1 {
			t.Fatalf("changed = %+v", desk.Changed)
		}
		then, now, err := n.store.SourceChanges(n.ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if then.Headline != "Floods in Dhemaji" || now.Headline != "Floods in Dhemaji worsen" {
			t.Fatalf("source changes = %q → %q", then.Headline, now.Headline)
		}
		if ops := news.DiffWords(then.Text(), now.Text()); !hasInsert(ops, "worsen") {
			t.Fatalf("diff = %+v, want worsen inserted", ops)
		}
		if err := n.store.MarkSynced(n.ctx, n.other, e.ID); !errors.Is(err, news.ErrForbidden) {
			t.Fatalf("other reporter syncs: err = %v", err)
		}
		if err := n.store.MarkSynced(n.ctx, tr, e.ID); err != nil {
			t.Fatal(err)
		}
		if desk, _ = n.store.TranslationDesk(n.ctx); len(desk.Changed) != 0 {
			t.Fatalf("after sync, changed = %+v", desk.Changed)
		}
		if err := n.store.MarkSynced(n.ctx, n.editor, src.ID); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("sync an original: err = %v, want ErrNotFound", err)
		}

		// Published, the edition credits the translator as translator, not in the byline.
		if err := n.store.Publish(n.ctx, e.ID, n.clock.Now()); err != nil {
			t.Fatal(err)
		}
		pub, err := n.store.PublishedArticle(n.ctx, src.StoryID, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if len(pub.Translators) != 1 || pub.Translators[0].Name.EN != "Anu Saikia" || len(pub.Authors) != len(src.AuthorIDs) {
			t.Fatalf("published translation: translators %+v, bylines %+v", pub.Translators, pub.Authors)
		}
	})
}

func hasInsert(ops []news.DiffOp, word string) bool {
	for _, op := range ops {
		if op.Kind == "insert" && strings.Contains(op.Text, word) {
			return true
		}
	}
	return false
}

func TestTranslationDeskLists(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		lone := n.deskStory(n.reporter, locale.English, "Tea garden wages", news.Published)
		drafted := n.deskStory(n.reporter, locale.English, "Bihu dates", news.Published)
		n.deskStory(n.reporter, locale.English, "Still a draft", news.Draft)
		e, err := n.store.StartEdition(n.ctx, n.editor, drafted.StoryID, locale.English, locale.Assamese,
			news.StartInput{Headline: "বিহুৰ তাৰিখ", Body: "<p>যন্ত্ৰ</p>", Machine: true})
		if err != nil {
			t.Fatal(err)
		}
		desk, err := n.store.TranslationDesk(n.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(desk.Untranslated) != 1 || desk.Untranslated[0].StoryID != lone.StoryID {
			t.Fatalf("untranslated = %+v", desk.Untranslated)
		}
		if len(desk.Machine) != 1 || desk.Machine[0].EditionID != e.ID || !desk.Machine[0].Machine {
			t.Fatalf("machine drafts = %+v", desk.Machine)
		}
		// A finished job for the lone story is offered as a draft until its edition exists.
		j, err := n.store.EnqueueMachine(n.ctx, lone.ID, lone.Revision, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if err := n.store.CompleteMachine(n.ctx, j.ID, "চাহ", "", "<p>চাহ</p>"); err != nil {
			t.Fatal(err)
		}
		if j, err = n.store.MachineJobByID(n.ctx, j.ID); err != nil {
			t.Fatal(err)
		}
		if desk, _ = n.store.TranslationDesk(n.ctx); len(desk.Ready) != 1 || desk.Ready[0].ID != j.ID {
			t.Fatalf("ready = %+v", desk.Ready)
		}
		// A person's save ends the machine draft.
		if _, err := n.store.SaveAs(n.ctx, n.editor, news.EditionInput{StoryID: drafted.StoryID, Lang: locale.Assamese,
			Headline: "বিহুৰ দিন", Body: e.Body, AuthorIDs: e.AuthorIDs, BaseRevision: e.Revision}); err != nil {
			t.Fatal(err)
		}
		if _, err := n.store.StartEdition(n.ctx, n.editor, lone.StoryID, locale.English, locale.Assamese,
			news.StartInput{Headline: j.Headline, Body: j.Body, Machine: true, SourceRevision: j.SourceRevision}); err != nil {
			t.Fatal(err)
		}
		desk, _ = n.store.TranslationDesk(n.ctx)
		if len(desk.Ready) != 0 || len(desk.Untranslated) != 0 || len(desk.Machine) != 1 || desk.Machine[0].StoryID != lone.StoryID {
			t.Fatalf("desk after = %+v", desk)
		}
	})
}

func TestMachineJobs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		src := n.deskStory(n.reporter, locale.English, "Rhino census", news.Published)
		if _, err := n.store.ClaimMachine(n.ctx); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("empty queue: err = %v", err)
		}
		if _, err := n.store.MachineJob(n.ctx, src.ID, src.Revision, locale.Assamese); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("no job yet: err = %v", err)
		}
		j1, err := n.store.EnqueueMachine(n.ctx, src.ID, src.Revision, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		j2, err := n.store.EnqueueMachine(n.ctx, src.ID, src.Revision, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if j1.ID != j2.ID || j1.Status != news.JobQueued || j1.StoryID != src.StoryID || n.count("mt_jobs") != 1 {
			t.Fatalf("enqueue twice: %+v, %+v", j1, j2)
		}
		c, err := n.store.ClaimMachine(n.ctx)
		if err != nil || c.ID != j1.ID || c.Status != news.JobRunning || c.Attempts != 1 {
			t.Fatalf("claim = %+v, %v", c, err)
		}
		if _, err := n.store.ClaimMachine(n.ctx); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("claimed twice: err = %v", err)
		}
		// A worker that went silent loses the job to the next.
		n.clock.Advance(6 * time.Minute)
		if c, err = n.store.ClaimMachine(n.ctx); err != nil || c.Attempts != 2 {
			t.Fatalf("reclaim = %+v, %v", c, err)
		}
		if err := n.store.CompleteMachine(n.ctx, c.ID, "  গঁড়  পিয়ল ", "", `<p onclick="x()">গঁড়</p><script>x()</script>`); err != nil {
			t.Fatal(err)
		}
		done, err := n.store.MachineJob(n.ctx, src.ID, src.Revision, locale.Assamese)
		if err != nil || done.Status != news.JobDone || done.Headline != "গঁড় পিয়ল" || strings.Contains(done.Body, "script") || strings.Contains(done.Body, "onclick") {
			t.Fatalf("done = %+v, %v", done, err)
		}
		if again, _ := n.store.EnqueueMachine(n.ctx, src.ID, src.Revision, locale.Assamese); again.Status != news.JobDone {
			t.Fatalf("enqueue a done job: %+v", again)
		}

		// A new revision is a new job; a failure is kept until retried an hour later.
		j3, err := n.store.EnqueueMachine(n.ctx, src.ID, src.Revision+1, locale.Assamese)
		if err != nil || j3.ID == j1.ID {
			t.Fatalf("new revision: %+v, %v", j3, err)
		}
		if c, err = n.store.ClaimMachine(n.ctx); err != nil || c.ID != j3.ID {
			t.Fatalf("claim new = %+v, %v", c, err)
		}
		if err := n.store.FailMachine(n.ctx, c.ID, "quota used up"); err != nil {
			t.Fatal(err)
		}
		if f, _ := n.store.EnqueueMachine(n.ctx, src.ID, src.Revision+1, locale.Assamese); f.Status != news.JobFailed || f.Error != "quota used up" {
			t.Fatalf("failed job = %+v", f)
		}
		n.clock.Advance(61 * time.Minute)
		if f, _ := n.store.EnqueueMachine(n.ctx, src.ID, src.Revision+1, locale.Assamese); f.Status != news.JobQueued || f.Attempts != 0 {
			t.Fatalf("retried job = %+v", f)
		}
		if err := n.store.FailMachine(n.ctx, 999999, "x"); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("fail unknown: %v", err)
		}
		// A job whose workers keep dying is failed, not left running for ever.
		for range 3 {
			if _, err := n.store.ClaimMachine(n.ctx); err != nil {
				t.Fatal(err)
			}
			n.clock.Advance(6 * time.Minute)
		}
		if _, err := n.store.ClaimMachine(n.ctx); !errors.Is(err, news.ErrNotFound) {
			t.Fatalf("claim after attempts: %v", err)
		}
		if f, _ := n.store.MachineJobByID(n.ctx, j3.ID); f.Status != news.JobFailed {
			t.Fatalf("abandoned job = %+v", f)
		}
	})
}

// TestClaimMachineOnce proves concurrent workers never take the same job.
func TestClaimMachineOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		for i := range 6 {
			e := n.deskStory(n.reporter, locale.English, "Story "+string(rune('A'+i)), news.Published)
			if _, err := n.store.EnqueueMachine(n.ctx, e.ID, e.Revision, locale.Assamese); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					j, err := n.store.ClaimMachine(n.ctx)
					if errors.Is(err, news.ErrNotFound) {
						return
					}
					if err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					seen[j.ID]++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(seen) != 6 {
			t.Fatalf("claimed %d jobs, want 6", len(seen))
		}
		for id, k := range seen {
			if k != 1 {
				t.Fatalf("job %d claimed %d times", id, k)
			}
		}
	})
}
