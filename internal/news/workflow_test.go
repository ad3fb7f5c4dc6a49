package news_test

import (
	"errors"
	"fmt"
	"image/color"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// team is a fixture with a section and four accounts: two reporters and two editors.
type team struct {
	*fixture
	sec                       news.Section
	reporter, other           news.Actor
	editor, editor2           news.Actor
	reporterName, editorName  string
	reporterUser, editor2User int64
}

func newTeam(t *testing.T, d *db.DB) *team {
	t.Helper()
	n := &team{fixture: newFixture(t, d)}
	n.sec = n.section("assam", 1)
	n.reporter = n.user("rina@batori.test", "Rina Das", people.Reporter)
	n.other = n.user("manoj@batori.test", "Manoj Kalita", people.Reporter)
	n.editor = n.user("priya@batori.test", "Priya Baruah", people.Editor)
	n.editor2 = n.user("bikash@batori.test", "Bikash Gogoi", people.Editor)
	n.reporterName, n.editorName = "Rina Das", "Priya Baruah"
	return n
}

// on returns the team reporting to t, for subtests sharing one database.
func (n *team) on(t *testing.T) *team {
	c := *n
	c.fixture = n.fixture.on(t)
	return &c
}

// user creates an account and returns it as a workflow actor.
func (n *team) user(email, name string, role people.Role) news.Actor {
	n.t.Helper()
	u, err := people.NewStore(n.d).Create(n.ctx, people.NewUser{Email: email, Name: name, Password: "a long enough password", Role: role})
	if err != nil {
		n.t.Fatalf("create user %s: %v", email, err)
	}
	return news.Actor{UserID: u.ID, Editor: role == people.Editor || role == people.Admin}
}

// draft creates a story owned by a with an English draft.
func (n *team) draft(a news.Actor, headline string) news.Edition {
	n.t.Helper()
	e, err := n.store.CreateDraft(n.ctx, a, news.DraftInput{SectionID: n.sec.ID,
		Edition: news.EditionInput{Lang: locale.English, Headline: headline, Body: "<p>" + headline + "</p>"}})
	if err != nil {
		n.t.Fatalf("create draft %q: %v", headline, err)
	}
	return e
}

// editionIn returns a reporter's edition brought to status by the steps an editor takes.
func (n *team) editionIn(status news.Status, headline string) news.Edition {
	n.t.Helper()
	e := n.draft(n.reporter, headline)
	var steps []func() error
	submit := func() error { return n.store.Submit(n.ctx, n.reporter, e.ID) }
	schedule := func() error { return n.store.Schedule(n.ctx, n.editor, e.ID, n.clock.Now().Add(time.Hour)) }
	publish := func() error { return n.store.PublishNow(n.ctx, n.editor, e.ID) }
	withdraw := func() error { return n.store.Withdraw(n.ctx, n.editor, e.ID) }
	switch status {
	case news.Draft:
	case news.Submitted:
		steps = append(steps, submit)
	case news.Scheduled:
		steps = append(steps, submit, schedule)
	case news.Published:
		steps = append(steps, submit, publish)
	case news.Unpublished:
		steps = append(steps, submit, publish, withdraw)
	default:
		n.t.Fatalf("no way to reach %s", status)
	}
	for i, s := range steps {
		n.clock.Advance(time.Minute)
		if err := s(); err != nil {
			n.t.Fatalf("bring %q to %s, step %d: %v", headline, status, i+1, err)
		}
	}
	e = n.edition(e.ID)
	if e.Status != status {
		n.t.Fatalf("edition %q is %s, want %s", headline, e.Status, status)
	}
	return e
}

// input returns the edition's current words as a save on top of its revision.
func input(e news.Edition) news.EditionInput {
	return news.EditionInput{StoryID: e.StoryID, Lang: e.Lang, Headline: e.Headline, Standfirst: e.Standfirst, Body: e.Body,
		Slug: e.Slug, AuthorIDs: e.AuthorIDs, BaseRevision: e.Revision}
}

// audit returns the story's audit actions, oldest first.
func (n *team) audit(storyID int64) []string {
	n.t.Helper()
	events, err := n.store.Audit(n.ctx, news.AuditFilter{StoryID: storyID})
	if err != nil {
		n.t.Fatalf("audit: %v", err)
	}
	var out []string
	for i := len(events) - 1; i >= 0; i-- {
		out = append(out, events[i].Action)
	}
	return out
}

// snapshot is what a failed workflow step must leave as it was.
type snapshot struct {
	edition  news.Edition
	audit    int
	notes    int
	revs     int
	editions int
}

func (n *team) snapshot(id int64) snapshot {
	n.t.Helper()
	return snapshot{edition: n.edition(id), audit: n.count("audit_events"), notes: n.count("edition_notes"), revs: n.count("revisions"),
		editions: n.count("editions")}
}

// unchanged fails the test if the edition or its log moved since before.
func (n *team) unchanged(before snapshot) {
	n.t.Helper()
	after := n.snapshot(before.edition.ID)
	b, a := before.edition, after.edition
	if a.Status != b.Status || a.Revision != b.Revision || a.Headline != b.Headline || a.Body != b.Body ||
		!a.PublishedAt.Equal(b.PublishedAt) || !a.UpdatedAt.Equal(b.UpdatedAt) || !a.ModifiedAt.Equal(b.ModifiedAt) {
		n.t.Errorf("edition changed by a failed step:\nbefore %+v\nafter  %+v", b, a)
	}
	if after.audit != before.audit || after.notes != before.notes || after.revs != before.revs || after.editions != before.editions {
		n.t.Errorf("failed step wrote rows: audit %d→%d, notes %d→%d, revisions %d→%d, editions %d→%d",
			before.audit, after.audit, before.notes, after.notes, before.revs, after.revs, before.editions, after.editions)
	}
}

// checkErr fails the test unless err is want, or (when field is set) a validation error on
// exactly that field.
func checkErr(t *testing.T, err error, want error, field string) {
	t.Helper()
	switch {
	case field != "":
		if got := validationFields(t, err); !sameKeys(got, field) {
			t.Errorf("validation fields %v, want only %q", got, field)
		}
	case !errors.Is(err, want):
		t.Errorf("err = %v, want %v", err, want)
	}
}

func TestCreateDraft(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		flood, tea := n.tag("flood"), n.tag("tea")
		e, err := n.store.CreateDraft(n.ctx, n.reporter, news.DraftInput{SectionID: n.sec.ID, TagIDs: []int64{tea.ID, flood.ID, tea.ID, flood.ID},
			Featured: true, Edition: news.EditionInput{Lang: locale.Assamese, Headline: "  মাজুলীত  বানপানী ", Body: "<p>নাও</p>", BaseRevision: 7}})
		if err != nil {
			t.Fatal(err)
		}
		if e.ID == 0 || e.Status != news.Draft || e.Revision != 1 || e.Lang != locale.Assamese || e.Headline != "মাজুলীত বানপানী" {
			t.Errorf("edition = %+v, want a clean Assamese draft at revision 1", e)
		}
		m, err := n.store.StoryMeta(n.ctx, e.StoryID)
		if err != nil {
			t.Fatal(err)
		}
		if m.CreatedBy != n.reporter.UserID || m.SectionID != n.sec.ID || !m.Featured || !m.CreatedAt.Equal(n.clock.Now()) {
			t.Errorf("story meta = %+v, want created by %d in section %d", m, n.reporter.UserID, n.sec.ID)
		}
		if want := []int64{min(flood.ID, tea.ID), max(flood.ID, tea.ID)}; !slices.Equal(m.TagIDs, want) {
			t.Errorf("tags = %v, want %v (duplicates ignored)", m.TagIDs, want)
		}
		revs, err := n.store.Revisions(n.ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 1 || revs[0].UserID != n.reporter.UserID {
			t.Errorf("revisions = %+v, want one by the reporter", revs)
		}
		events, err := n.store.Audit(n.ctx, news.AuditFilter{StoryID: e.StoryID})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].Action != "create" || events[0].UserID != n.reporter.UserID || events[0].UserName != n.reporterName ||
			events[0].EditionID != e.ID || events[0].Detail != e.Headline {
			t.Errorf("audit = %+v, want one create by the reporter", events)
		}
	})
}

// TestCreateDraftInvalid checks that a draft that cannot be saved leaves no story, tag link,
// revision or audit event behind.
func TestCreateDraftInvalid(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		tag := n.tag("flood")
		cases := []struct {
			name  string
			in    news.DraftInput
			field string // the validation error's field; "" for another error
		}{
			{"no section", news.DraftInput{Edition: news.EditionInput{Lang: locale.English, Headline: "Flood"}}, "section"},
			{"empty headline", news.DraftInput{SectionID: n.sec.ID, TagIDs: []int64{tag.ID}, Edition: news.EditionInput{Lang: locale.English, Headline: " \n "}}, "headline"},
			{"unknown language", news.DraftInput{SectionID: n.sec.ID, Edition: news.EditionInput{Lang: "fr", Headline: "Crue"}}, "lang"},
			// These fail inside the transaction, after the story row was inserted.
			{"unknown tag", news.DraftInput{SectionID: n.sec.ID, TagIDs: []int64{tag.ID, tag.ID + 100}, Edition: news.EditionInput{Lang: locale.English, Headline: "Flood"}}, ""},
			{"unknown author", news.DraftInput{SectionID: n.sec.ID, TagIDs: []int64{tag.ID}, Edition: news.EditionInput{Lang: locale.English, Headline: "Flood", AuthorIDs: []int64{999}}}, ""},
			{"unknown section", news.DraftInput{SectionID: n.sec.ID + 100, Edition: news.EditionInput{Lang: locale.English, Headline: "Flood"}}, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n := n.on(t)
				_, err := n.store.CreateDraft(n.ctx, n.reporter, c.in)
				if c.field != "" {
					checkErr(t, err, nil, c.field)
				} else if err == nil {
					t.Fatal("err = nil, want an error")
				}
				for _, table := range []string{"stories", "story_tags", "editions", "revisions", "audit_events"} {
					if got := n.count(table); got != 0 {
						t.Errorf("%d rows left in %s", got, table)
					}
				}
			})
		}
	})
}

func TestCanEdit(t *testing.T) {
	type want struct{ owner, stranger, editor error }
	cases := []struct {
		status news.Status
		want   want
	}{
		{news.Draft, want{nil, news.ErrForbidden, nil}},
		{news.Submitted, want{news.ErrInvalidState, news.ErrForbidden, nil}},
		{news.Scheduled, want{news.ErrInvalidState, news.ErrForbidden, nil}},
		{news.Published, want{news.ErrInvalidState, news.ErrForbidden, nil}},
		{news.Unpublished, want{news.ErrInvalidState, news.ErrForbidden, nil}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		for _, c := range cases {
			t.Run(string(c.status), func(t *testing.T) {
				n := n.on(t)
				e := n.editionIn(c.status, "Tea garden wages "+string(c.status))
				for _, a := range []struct {
					name  string
					actor news.Actor
					want  error
				}{{"owner", n.reporter, c.want.owner}, {"stranger", n.other, c.want.stranger}, {"editor", n.editor, c.want.editor}} {
					if err := n.store.CanEdit(n.ctx, a.actor, e); !errors.Is(err, a.want) {
						t.Errorf("%s: err = %v, want %v", a.name, err, a.want)
					}
				}
			})
		}
	})
}

func TestSaveAs(t *testing.T) {
	cases := []struct {
		name    string
		status  news.Status
		actor   func(n *team) news.Actor
		lang    locale.Lang // the language saved; the story has an English edition
		wantErr error
		updated bool // whether "Updated On" moves
	}{
		{"owner edits own draft", news.Draft, func(n *team) news.Actor { return n.reporter }, locale.English, nil, false},
		{"another reporter", news.Draft, func(n *team) news.Actor { return n.other }, locale.English, news.ErrForbidden, false},
		{"owner after submit", news.Submitted, func(n *team) news.Actor { return n.reporter }, locale.English, news.ErrInvalidState, false},
		{"owner after publish", news.Published, func(n *team) news.Actor { return n.reporter }, locale.English, news.ErrInvalidState, false},
		{"editor edits submitted", news.Submitted, func(n *team) news.Actor { return n.editor }, locale.English, nil, false},
		{"editor edits published", news.Published, func(n *team) news.Actor { return n.editor }, locale.English, nil, true},
		{"owner starts other language", news.Published, func(n *team) news.Actor { return n.reporter }, locale.Assamese, nil, false},
		{"editor starts other language", news.Draft, func(n *team) news.Actor { return n.editor }, locale.Assamese, nil, false},
		{"stranger starts other language", news.Draft, func(n *team) news.Actor { return n.other }, locale.Assamese, news.ErrForbidden, false},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n := n.on(t)
				e := n.editionIn(c.status, "Bridge opens at Dhubri")
				before := n.snapshot(e.ID)
				in := input(e)
				if c.lang != e.Lang {
					in = news.EditionInput{StoryID: e.StoryID, Lang: c.lang, Headline: "ধুবুৰীত দলং মুকলি"}
				}
				in.Body = "<p>New words.</p>"
				in.UserID = n.other.UserID // SaveAs records the actor, whatever the input says
				saved := n.clock.Advance(time.Hour)
				a := c.actor(n)
				got, err := n.store.SaveAs(n.ctx, a, in)
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				if c.wantErr != nil {
					n.unchanged(before)
					return
				}
				if got.Lang != c.lang || got.Body != "<p>New words.</p>" || !got.ModifiedAt.Equal(saved) {
					t.Errorf("saved = %+v", got)
				}
				if c.updated != !got.UpdatedAt.IsZero() || (c.updated && !got.UpdatedAt.Equal(saved)) {
					t.Errorf("updated = %v, want moved: %v", got.UpdatedAt, c.updated)
				}
				wantStatus := e.Status
				if c.lang != e.Lang {
					wantStatus = news.Draft
				}
				if got.Status != wantStatus {
					t.Errorf("status %s, want %s", got.Status, wantStatus)
				}
				events, err := n.store.Audit(n.ctx, news.AuditFilter{StoryID: e.StoryID, Limit: 1})
				if err != nil {
					t.Fatal(err)
				}
				if len(events) != 1 || events[0].Action != "save" || events[0].UserID != a.UserID || events[0].EditionID != got.ID ||
					events[0].Detail != fmt.Sprintf("revision %d", got.Revision) {
					t.Errorf("last audit event = %+v, want save of revision %d by %d", events, got.Revision, a.UserID)
				}
				revs, err := n.store.Revisions(n.ctx, got.ID)
				if err != nil {
					t.Fatal(err)
				}
				if revs[0].UserID != a.UserID {
					t.Errorf("revision saved by %d, want %d", revs[0].UserID, a.UserID)
				}
			})
		}
		t.Run("unknown story", func(t *testing.T) {
			_, err := n.store.SaveAs(n.ctx, n.editor, news.EditionInput{StoryID: 9999, Lang: locale.English, Headline: "Nothing"})
			if !errors.Is(err, news.ErrNotFound) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
		})
	})
}

// TestTransitions walks every workflow step from every state with every kind of actor and
// checks the resulting state, or that a refused step changed nothing.
func TestTransitions(t *testing.T) {
	type step struct {
		name string
		do   func(n *team, a news.Actor, id int64) error
	}
	submit := step{"submit", func(n *team, a news.Actor, id int64) error { return n.store.Submit(n.ctx, a, id) }}
	ret := step{"return", func(n *team, a news.Actor, id int64) error { return n.store.Return(n.ctx, a, id, "Check the figures") }}
	schedule := step{"schedule", func(n *team, a news.Actor, id int64) error {
		return n.store.Schedule(n.ctx, a, id, n.clock.Now().Add(24*time.Hour))
	}}
	publish := step{"publish", func(n *team, a news.Actor, id int64) error { return n.store.PublishNow(n.ctx, a, id) }}
	withdraw := step{"withdraw", func(n *team, a news.Actor, id int64) error { return n.store.Withdraw(n.ctx, a, id) }}
	correct := step{"correct", func(n *team, a news.Actor, id int64) error {
		e := n.edition(id)
		in := input(e)
		in.Body = "<p>Corrected.</p>"
		_, err := n.store.Correct(n.ctx, a, in, "Figures corrected")
		return err
	}}
	reporter := func(n *team) news.Actor { return n.reporter }
	other := func(n *team) news.Actor { return n.other }
	editor := func(n *team) news.Actor { return n.editor }
	cases := []struct {
		from    news.Status
		step    step
		actor   func(n *team) news.Actor
		wantErr error
		to      news.Status
	}{
		{news.Draft, submit, reporter, nil, news.Submitted},
		{news.Draft, submit, editor, nil, news.Submitted},
		{news.Draft, submit, other, news.ErrForbidden, ""},
		{news.Submitted, submit, reporter, news.ErrInvalidState, ""},
		{news.Published, submit, editor, news.ErrInvalidState, ""},

		{news.Submitted, ret, editor, nil, news.Draft},
		{news.Submitted, ret, reporter, news.ErrForbidden, ""},
		{news.Draft, ret, editor, news.ErrInvalidState, ""},
		{news.Published, ret, editor, news.ErrInvalidState, ""},

		{news.Draft, schedule, editor, nil, news.Scheduled},
		{news.Submitted, schedule, editor, nil, news.Scheduled},
		{news.Scheduled, schedule, editor, nil, news.Scheduled},
		{news.Submitted, schedule, reporter, news.ErrForbidden, ""},
		{news.Published, schedule, editor, news.ErrInvalidState, ""},
		{news.Unpublished, schedule, editor, news.ErrInvalidState, ""},

		{news.Draft, publish, editor, nil, news.Published},
		{news.Submitted, publish, editor, nil, news.Published},
		{news.Scheduled, publish, editor, nil, news.Published},
		{news.Unpublished, publish, editor, nil, news.Published},
		{news.Submitted, publish, reporter, news.ErrForbidden, ""},
		{news.Published, publish, editor, news.ErrInvalidState, ""},

		{news.Published, withdraw, editor, nil, news.Unpublished},
		{news.Scheduled, withdraw, editor, nil, news.Draft},
		{news.Published, withdraw, reporter, news.ErrForbidden, ""},
		{news.Draft, withdraw, editor, news.ErrInvalidState, ""},
		{news.Submitted, withdraw, editor, news.ErrInvalidState, ""},
		{news.Unpublished, withdraw, editor, news.ErrInvalidState, ""},

		{news.Published, correct, editor, nil, news.Published},
		{news.Published, correct, reporter, news.ErrForbidden, ""},
		{news.Draft, correct, editor, news.ErrInvalidState, ""},
		{news.Scheduled, correct, editor, news.ErrInvalidState, ""},
		{news.Unpublished, correct, editor, news.ErrInvalidState, ""},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		for _, c := range cases {
			who := map[news.Actor]string{n.reporter: "owner", n.other: "stranger", n.editor: "editor"}[c.actor(n)]
			t.Run(fmt.Sprintf("%s %s by %s", c.step.name, c.from, who), func(t *testing.T) {
				n := n.on(t)
				e := n.editionIn(c.from, "Rhino count at Kaziranga")
				before := n.snapshot(e.ID)
				at := n.clock.Advance(time.Minute)
				err := c.step.do(n, c.actor(n), e.ID)
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				if c.wantErr != nil {
					n.unchanged(before)
					return
				}
				got := n.edition(e.ID)
				if got.Status != c.to || !got.ModifiedAt.Equal(at) {
					t.Errorf("status %s modified %v, want %s at %v", got.Status, got.ModifiedAt, c.to, at)
				}
				action := c.step.name
				if c.step.name == "withdraw" {
					action = map[news.Status]string{news.Published: "unpublish", news.Scheduled: "unschedule"}[c.from]
				}
				if log := n.audit(e.StoryID); n.count("audit_events") != before.audit+1 || log[len(log)-1] != action {
					t.Errorf("audit = %v (%d events before), want one %s event more", log, before.audit, action)
				}
			})
		}
		t.Run("unknown edition", func(t *testing.T) {
			for _, s := range []step{submit, ret, schedule, publish, withdraw} {
				if err := s.do(n, n.editor, 9999); !errors.Is(err, news.ErrNotFound) {
					t.Errorf("%s: err = %v, want ErrNotFound", s.name, err)
				}
			}
		})
	})
}

func TestSubmit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		e := n.draft(n.reporter, "Bihu dates announced")
		at := n.clock.Advance(time.Hour)
		if err := n.store.Submit(n.ctx, n.reporter, e.ID); err != nil {
			t.Fatal(err)
		}
		items, _, err := n.store.Desk(n.ctx, news.DeskFilter{Status: news.Submitted})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != 1 || items[0].EditionID != e.ID || !items[0].SubmittedAt.Equal(at) {
			t.Errorf("review queue = %+v, want the edition submitted at %v", items, at)
		}
		if got, want := n.audit(e.StoryID), []string{"create", "submit"}; !slices.Equal(got, want) {
			t.Errorf("audit = %v, want %v", got, want)
		}
	})
}

func TestReturn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		e := n.editionIn(news.Submitted, "Tea auction prices fall")
		t.Run("comment required", func(t *testing.T) {
			n := n.on(t)
			before := n.snapshot(e.ID)
			checkErr(t, n.store.Return(n.ctx, n.editor, e.ID, " \n\t "), nil, "comment")
			n.unchanged(before)
		})
		at := n.clock.Advance(time.Hour)
		if err := n.store.Return(n.ctx, n.editor, e.ID, "  Please add the auction centre's figures.  "); err != nil {
			t.Fatal(err)
		}
		if got := n.edition(e.ID); got.Status != news.Draft {
			t.Errorf("status %s, want draft", got.Status)
		}
		notes, err := n.store.Notes(n.ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 1 || notes[0].Body != "Please add the auction centre's figures." || notes[0].UserID != n.editor.UserID ||
			notes[0].UserName != n.editorName || notes[0].EditionID != e.ID || !notes[0].CreatedAt.Equal(at) {
			t.Errorf("notes = %+v, want the editor's trimmed comment", notes)
		}
		events, err := n.store.Audit(n.ctx, news.AuditFilter{StoryID: e.StoryID, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].Action != "return" || events[0].Detail != notes[0].Body {
			t.Errorf("last audit event = %+v, want return with the comment", events)
		}
		// Back with the reporter: they may edit and submit again; a second return adds a note
		// listed first.
		if err := n.store.CanEdit(n.ctx, n.reporter, n.edition(e.ID)); err != nil {
			t.Errorf("owner may not edit the returned draft: %v", err)
		}
		if err := n.store.Submit(n.ctx, n.reporter, e.ID); err != nil {
			t.Fatal(err)
		}
		n.clock.Advance(time.Hour)
		if err := n.store.Return(n.ctx, n.editor2, e.ID, "Still missing"); err != nil {
			t.Fatal(err)
		}
		notes, err = n.store.Notes(n.ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(notes) != 2 || notes[0].Body != "Still missing" || notes[0].UserID != n.editor2.UserID {
			t.Errorf("notes = %+v, want the newest first", notes)
		}
	})
}

func TestSchedule(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		img := n.image(color.RGBA{G: 200, A: 255})
		// withImage gives the draft a picture with the alt text.
		withImage := func(n *team, e news.Edition, alt string) news.Edition {
			in := input(e)
			in.ImageID, in.ImageAlt = img.ID, alt
			got, err := n.store.SaveAs(n.ctx, n.editor, in)
			if err != nil {
				n.t.Fatal(err)
			}
			return got
		}
		cases := []struct {
			name    string
			setup   func(n *team) news.Edition
			at      func(now time.Time) time.Time
			wantErr error
			field   string
		}{
			{"tomorrow in IST", func(n *team) news.Edition { return n.editionIn(news.Submitted, "Budget session") },
				func(now time.Time) time.Time { return now.Add(24 * time.Hour).In(ist) }, nil, ""},
			{"picture with alt", func(n *team) news.Edition {
				return withImage(n, n.editionIn(news.Draft, "Rhinos"), "A rhino in tall grass")
			}, func(now time.Time) time.Time { return now.Add(time.Hour) }, nil, ""},
			{"reschedule", func(n *team) news.Edition { return n.editionIn(news.Scheduled, "Budget session") },
				func(now time.Time) time.Time { return now.Add(48 * time.Hour) }, nil, ""},
			{"in the past", func(n *team) news.Edition { return n.editionIn(news.Submitted, "Budget session") },
				func(now time.Time) time.Time { return now.Add(-time.Minute) }, nil, "publish_at"},
			{"now", func(n *team) news.Edition { return n.editionIn(news.Submitted, "Budget session") },
				func(now time.Time) time.Time { return now }, nil, "publish_at"},
			{"zero time", func(n *team) news.Edition { return n.editionIn(news.Submitted, "Budget session") },
				func(time.Time) time.Time { return time.Time{} }, nil, "publish_at"},
			{"picture without alt", func(n *team) news.Edition { return withImage(n, n.editionIn(news.Draft, "Rhinos"), " ") },
				func(now time.Time) time.Time { return now.Add(time.Hour) }, nil, "image_alt"},
			{"published before", func(n *team) news.Edition { return n.editionIn(news.Unpublished, "Budget session") },
				func(now time.Time) time.Time { return now.Add(time.Hour) }, news.ErrInvalidState, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n := n.on(t)
				e := c.setup(n)
				before := n.snapshot(e.ID)
				at := c.at(n.clock.Advance(time.Minute))
				err := n.store.Schedule(n.ctx, n.editor, e.ID, at)
				if c.field != "" || c.wantErr != nil {
					checkErr(t, err, c.wantErr, c.field)
					n.unchanged(before)
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				got := n.edition(e.ID)
				if got.Status != news.Scheduled || !got.PublishedAt.Equal(at) {
					t.Errorf("status %s published %v, want scheduled at %v", got.Status, got.PublishedAt, at)
				}
				events, err := n.store.Audit(n.ctx, news.AuditFilter{StoryID: e.StoryID, Limit: 1})
				if err != nil {
					t.Fatal(err)
				}
				if len(events) != 1 || events[0].Action != "schedule" || events[0].Detail != at.UTC().Format(time.RFC3339) {
					t.Errorf("last audit event = %+v, want schedule for %v", events, at)
				}
				if _, err := n.store.PublishedArticle(n.ctx, e.StoryID, e.Lang); !errors.Is(err, news.ErrNotFound) {
					t.Errorf("scheduled edition is public: err = %v", err)
				}
			})
		}
		t.Run("reporter", func(t *testing.T) {
			n := n.on(t)
			e := n.editionIn(news.Submitted, "Budget session")
			before := n.snapshot(e.ID)
			if err := n.store.Schedule(n.ctx, n.reporter, e.ID, n.clock.Now().Add(time.Hour)); !errors.Is(err, news.ErrForbidden) {
				t.Errorf("err = %v, want ErrForbidden", err)
			}
			n.unchanged(before)
		})
	})
}

func TestPublishNow(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		t.Run("first publication", func(t *testing.T) {
			n := n.on(t)
			e := n.editionIn(news.Submitted, "Guwahati metro approved")
			at := n.clock.Advance(time.Hour)
			if err := n.store.PublishNow(n.ctx, n.editor, e.ID); err != nil {
				t.Fatal(err)
			}
			got := n.edition(e.ID)
			if got.Status != news.Published || !got.PublishedAt.Equal(at) || !got.UpdatedAt.IsZero() {
				t.Errorf("status %s published %v updated %v, want published at %v", got.Status, got.PublishedAt, got.UpdatedAt, at)
			}
			if a, err := n.store.PublishedArticle(n.ctx, e.StoryID, e.Lang); err != nil || a.EditionID != e.ID {
				t.Errorf("article = %+v, %v; want the edition public", a, err)
			}
		})
		t.Run("republish keeps first time", func(t *testing.T) {
			n := n.on(t)
			e := n.editionIn(news.Published, "Guwahati metro approved")
			first := e.PublishedAt
			n.clock.Advance(time.Hour)
			if err := n.store.Withdraw(n.ctx, n.editor, e.ID); err != nil {
				t.Fatal(err)
			}
			if got := n.edition(e.ID); got.Status != news.Unpublished || !got.PublishedAt.Equal(first) {
				t.Errorf("withdrawn: status %s published %v, want unpublished, %v", got.Status, got.PublishedAt, first)
			}
			n.clock.Advance(24 * time.Hour)
			if err := n.store.PublishNow(n.ctx, n.editor2, e.ID); err != nil {
				t.Fatal(err)
			}
			if got := n.edition(e.ID); got.Status != news.Published || !got.PublishedAt.Equal(first) {
				t.Errorf("republished: status %s published %v, want published, %v", got.Status, got.PublishedAt, first)
			}
			if got, want := n.audit(e.StoryID), []string{"create", "submit", "publish", "unpublish", "publish"}; !slices.Equal(got, want) {
				t.Errorf("audit = %v, want %v", got, want)
			}
		})
		t.Run("scheduled published early", func(t *testing.T) {
			n := n.on(t)
			e := n.editionIn(news.Scheduled, "Guwahati metro approved")
			at := n.clock.Advance(10 * time.Minute)
			if !e.PublishedAt.After(at) {
				t.Fatalf("planned time %v not after %v", e.PublishedAt, at)
			}
			if err := n.store.PublishNow(n.ctx, n.editor, e.ID); err != nil {
				t.Fatal(err)
			}
			if got := n.edition(e.ID); got.Status != news.Published || !got.PublishedAt.Equal(at) {
				t.Errorf("status %s published %v, want published now (%v), not at the planned %v", got.Status, got.PublishedAt, at, e.PublishedAt)
			}
			// Nothing is left for the scheduler to do.
			if k, err := n.store.PublishDue(n.ctx, e.PublishedAt.Add(time.Minute)); err != nil || k != 0 {
				t.Errorf("publish due = %d, %v; want 0", k, err)
			}
		})
		img := n.image(color.RGBA{R: 200, A: 255})
		for _, c := range []struct {
			alt   string
			field string
		}{{"A metro train at Khanapara", ""}, {"", "image_alt"}, {" \t", "image_alt"}} {
			t.Run(fmt.Sprintf("alt %q", c.alt), func(t *testing.T) {
				n := n.on(t)
				e := n.editionIn(news.Submitted, "Guwahati metro approved")
				in := input(e)
				in.ImageID, in.ImageAlt = img.ID, c.alt
				if _, err := n.store.SaveAs(n.ctx, n.editor, in); err != nil {
					t.Fatal(err)
				}
				before := n.snapshot(e.ID)
				err := n.store.PublishNow(n.ctx, n.editor, e.ID)
				if c.field == "" {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				checkErr(t, err, nil, c.field)
				n.unchanged(before)
			})
		}
	})
}

func TestWithdraw(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		t.Run("published", func(t *testing.T) {
			n := n.on(t)
			e := n.editionIn(news.Published, "Flood relief camps close")
			if err := n.store.Withdraw(n.ctx, n.editor, e.ID); err != nil {
				t.Fatal(err)
			}
			got := n.edition(e.ID)
			if got.Status != news.Unpublished || !got.PublishedAt.Equal(e.PublishedAt) {
				t.Errorf("status %s published %v, want unpublished, %v kept", got.Status, got.PublishedAt, e.PublishedAt)
			}
			if _, err := n.store.PublishedArticle(n.ctx, e.StoryID, e.Lang); !errors.Is(err, news.ErrNotFound) {
				t.Errorf("withdrawn article: err = %v, want ErrNotFound", err)
			}
			if log := n.audit(e.StoryID); log[len(log)-1] != "unpublish" {
				t.Errorf("audit = %v, want unpublish last", log)
			}
		})
		t.Run("scheduled", func(t *testing.T) {
			n := n.on(t)
			e := n.editionIn(news.Scheduled, "Flood relief camps close")
			if err := n.store.Withdraw(n.ctx, n.editor, e.ID); err != nil {
				t.Fatal(err)
			}
			got := n.edition(e.ID)
			if got.Status != news.Draft || !got.PublishedAt.IsZero() {
				t.Errorf("status %s published %v, want a draft with no time", got.Status, got.PublishedAt)
			}
			if log := n.audit(e.StoryID); log[len(log)-1] != "unschedule" {
				t.Errorf("audit = %v, want unschedule last", log)
			}
			// The cancelled time is gone: the scheduler leaves it alone, and it can be
			// scheduled again.
			if k, err := n.store.PublishDue(n.ctx, e.PublishedAt.Add(time.Hour)); err != nil || k != 0 {
				t.Errorf("publish due = %d, %v; want 0", k, err)
			}
			if err := n.store.Schedule(n.ctx, n.editor, e.ID, n.clock.Now().Add(time.Hour)); err != nil {
				t.Errorf("schedule again: %v", err)
			}
		})
		t.Run("unknown", func(t *testing.T) {
			if err := n.store.Withdraw(n.ctx, n.editor, 9999); !errors.Is(err, news.ErrNotFound) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
		})
	})
}

func TestCorrect(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		t.Run("corrected", func(t *testing.T) {
			n := n.on(t)
			e := n.editionIn(news.Published, "Dibrugarh rainfall record")
			at := n.clock.Advance(3 * time.Hour)
			in := input(e)
			in.Body = "<p>It rained 250 mm, not 520 mm.</p>"
			got, err := n.store.Correct(n.ctx, n.editor, in, "  An earlier version gave the rainfall as 520 mm. ")
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != news.Published || got.Revision != e.Revision+1 || !got.UpdatedAt.Equal(at) || !got.PublishedAt.Equal(e.PublishedAt) {
				t.Errorf("corrected = %+v, want published, revision %d, updated %v", got, e.Revision+1, at)
			}
			a, err := n.store.PublishedArticle(n.ctx, e.StoryID, e.Lang)
			if err != nil {
				t.Fatal(err)
			}
			if a.CorrectionNote != "An earlier version gave the rainfall as 520 mm." || !a.CorrectionAt.Equal(at) || !a.UpdatedAt.Equal(at) ||
				a.Body != in.Body {
				t.Errorf("article = %+v, want the correction note at %v", a, at)
			}
			events, err := n.store.Audit(n.ctx, news.AuditFilter{StoryID: e.StoryID, Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			if len(events) != 1 || events[0].Action != "correct" || events[0].Detail != a.CorrectionNote || events[0].UserID != n.editor.UserID {
				t.Errorf("last audit event = %+v, want correct with the note", events)
			}
		})
		t.Run("note only", func(t *testing.T) {
			n := n.on(t)
			e := n.editionIn(news.Published, "Dibrugarh rainfall record")
			at := n.clock.Advance(time.Hour)
			got, err := n.store.Correct(n.ctx, n.editor, input(e), "The station's name was misspelt.")
			if err != nil {
				t.Fatal(err)
			}
			if !got.UpdatedAt.Equal(at) {
				t.Errorf("updated %v, want %v: a correction is a change even with the same words", got.UpdatedAt, at)
			}
		})
		cases := []struct {
			name    string
			status  news.Status
			actor   func(n *team) news.Actor
			note    string
			edit    func(in *news.EditionInput)
			wantErr error
			field   string
		}{
			{"no note", news.Published, func(n *team) news.Actor { return n.editor }, " \n ", nil, nil, "correction_note"},
			{"reporter", news.Published, func(n *team) news.Actor { return n.reporter }, "Fixed", nil, news.ErrForbidden, ""},
			{"draft", news.Draft, func(n *team) news.Actor { return n.editor }, "Fixed", nil, news.ErrInvalidState, ""},
			{"unpublished", news.Unpublished, func(n *team) news.Actor { return n.editor }, "Fixed", nil, news.ErrInvalidState, ""},
			{"empty headline", news.Published, func(n *team) news.Actor { return n.editor }, "Fixed",
				func(in *news.EditionInput) { in.Headline = "" }, nil, "headline"},
			{"stale revision", news.Published, func(n *team) news.Actor { return n.editor }, "Fixed",
				func(in *news.EditionInput) { in.BaseRevision-- }, news.ErrConflict, ""},
			{"other language", news.Published, func(n *team) news.Actor { return n.editor }, "Fixed",
				func(in *news.EditionInput) { in.Lang, in.BaseRevision = locale.Assamese, 0 }, news.ErrNotFound, ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n := n.on(t)
				e := n.editionIn(c.status, "Dibrugarh rainfall record")
				before := n.snapshot(e.ID)
				n.clock.Advance(time.Hour)
				in := input(e)
				in.Body = "<p>Changed.</p>"
				if c.edit != nil {
					c.edit(&in)
				}
				_, err := n.store.Correct(n.ctx, c.actor(n), in, c.note)
				checkErr(t, err, c.wantErr, c.field)
				n.unchanged(before)
				if c.status == news.Published {
					if a, err := n.store.PublishedArticle(n.ctx, e.StoryID, e.Lang); err != nil || a.CorrectionNote != "" {
						t.Errorf("article = %+v, %v; want no correction note", a, err)
					}
				}
			})
		}
	})
}

func TestPublishDue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		start := n.clock.Now()
		var scheduled []news.Edition
		for i, h := range []int{1, 2, 3} {
			e := n.editionIn(news.Submitted, fmt.Sprintf("Scheduled story %d", i+1))
			if err := n.store.Schedule(n.ctx, n.editor, e.ID, start.Add(time.Duration(h)*time.Hour)); err != nil {
				t.Fatal(err)
			}
			scheduled = append(scheduled, n.edition(e.ID))
		}
		draft := n.editionIn(news.Draft, "A draft")
		submitted := n.editionIn(news.Submitted, "Waiting for review")
		// A scheduled edition withdrawn before its time is not published.
		cancelled := n.editionIn(news.Scheduled, "Cancelled")
		if err := n.store.Withdraw(n.ctx, n.editor, cancelled.ID); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			now       time.Time
			want      int
			published []int // indexes into scheduled, of those published after the step
		}{
			{start.Add(30 * time.Minute), 0, nil},
			// Exactly at its time, given in another zone: the first is due.
			{start.Add(time.Hour).In(ist), 1, []int{0}},
			{start.Add(2*time.Hour + time.Second), 1, []int{0, 1}},
			{start.Add(2*time.Hour + time.Second), 0, []int{0, 1}},
			{start.Add(5 * time.Hour), 1, []int{0, 1, 2}},
			{start.Add(6 * time.Hour), 0, []int{0, 1, 2}},
		}
		for i, s := range steps {
			k, err := n.store.PublishDue(n.ctx, s.now)
			if err != nil || k != s.want {
				t.Errorf("step %d at %v: published %d, %v; want %d", i+1, s.now, k, err, s.want)
			}
			for j, e := range scheduled {
				got := n.edition(e.ID)
				want := news.Scheduled
				if slices.Contains(s.published, j) {
					want = news.Published
				}
				if got.Status != want || !got.PublishedAt.Equal(e.PublishedAt) {
					t.Errorf("step %d: %q is %s published %v, want %s at the planned %v", i+1, e.Headline, got.Status, got.PublishedAt, want, e.PublishedAt)
				}
			}
		}
		for _, e := range []news.Edition{draft, submitted, cancelled} {
			if got := n.edition(e.ID); got.Status == news.Published {
				t.Errorf("%q was published by the scheduler", e.Headline)
			}
		}
		events, err := n.store.Audit(n.ctx, news.AuditFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		var due []int64
		for _, ev := range events {
			if ev.Action == "publish_scheduled" {
				if ev.UserID != 0 || ev.UserName != "" {
					t.Errorf("scheduler event %+v has a user", ev)
				}
				due = append(due, ev.EditionID)
			}
		}
		slices.Sort(due)
		if want := []int64{scheduled[0].ID, scheduled[1].ID, scheduled[2].ID}; !slices.Equal(due, want) {
			t.Errorf("publish_scheduled events for %v, want %v", due, want)
		}
	})
}

// TestConcurrentPublishWithdraw races two editors on the same edition and checks that every
// refused step is ErrInvalidState and that the state, the publication time and the audit log
// agree with the steps that succeeded.
func TestConcurrentPublishWithdraw(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		editors := []news.Actor{n.editor, n.editor2}
		t.Run("same step", func(t *testing.T) {
			n := n.on(t)
			steps := []struct {
				name   string
				from   news.Status
				do     func(a news.Actor, id int64) error
				to     news.Status
				action string
			}{
				{"publish", news.Submitted, func(a news.Actor, id int64) error { return n.store.PublishNow(n.ctx, a, id) }, news.Published, "publish"},
				{"withdraw published", news.Published, func(a news.Actor, id int64) error { return n.store.Withdraw(n.ctx, a, id) }, news.Unpublished, "unpublish"},
				{"withdraw scheduled", news.Scheduled, func(a news.Actor, id int64) error { return n.store.Withdraw(n.ctx, a, id) }, news.Draft, "unschedule"},
				{"return", news.Submitted, func(a news.Actor, id int64) error { return n.store.Return(n.ctx, a, id, "Needs a source") }, news.Draft, "return"},
				{"submit", news.Draft, func(a news.Actor, id int64) error { return n.store.Submit(n.ctx, a, id) }, news.Submitted, "submit"},
			}
			for _, s := range steps {
				for round := range 5 {
					e := n.editionIn(s.from, fmt.Sprintf("%s race %d", s.name, round))
					before := len(n.audit(e.StoryID))
					errs := make([]error, len(editors))
					var wg sync.WaitGroup
					for i, a := range editors {
						wg.Go(func() { errs[i] = s.do(a, e.ID) })
					}
					wg.Wait()
					ok := 0
					for _, err := range errs {
						switch {
						case err == nil:
							ok++
						case !errors.Is(err, news.ErrInvalidState):
							t.Errorf("%s round %d: err = %v, want nil or ErrInvalidState", s.name, round, err)
						}
					}
					if ok != 1 {
						t.Errorf("%s round %d: %d editors succeeded, want 1 (%v)", s.name, round, ok, errs)
					}
					if got := n.edition(e.ID); got.Status != s.to {
						t.Errorf("%s round %d: status %s, want %s", s.name, round, got.Status, s.to)
					}
					if log := n.audit(e.StoryID); len(log) != before+1 || log[len(log)-1] != s.action {
						t.Errorf("%s round %d: audit %v, want one %s event added", s.name, round, log, s.action)
					}
					if notes, err := n.store.Notes(n.ctx, e.ID); err != nil || (s.action == "return") != (len(notes) == 1) || len(notes) > 1 {
						t.Errorf("%s round %d: notes %+v, %v", s.name, round, notes, err)
					}
				}
			}
		})
		t.Run("publish and withdraw", func(t *testing.T) {
			n := n.on(t)
			e := n.editionIn(news.Published, "Tug of war")
			first := e.PublishedAt
			const tries = 20
			type result struct{ published, withdrawn int }
			results := make([]result, len(editors))
			var wg sync.WaitGroup
			for i, a := range editors {
				wg.Go(func() {
					for k := range tries {
						// Each editor alternates, starting on a different step, so both
						// steps race from both states.
						n.clock.Advance(time.Second)
						var err error
						publish := (k+i)%2 == 1
						if publish {
							err = n.store.PublishNow(n.ctx, a, e.ID)
						} else {
							err = n.store.Withdraw(n.ctx, a, e.ID)
						}
						switch {
						case err == nil && publish:
							results[i].published++
						case err == nil:
							results[i].withdrawn++
						case !errors.Is(err, news.ErrInvalidState):
							t.Errorf("editor %d step %d: err = %v, want nil or ErrInvalidState", i, k, err)
						}
					}
				})
			}
			wg.Wait()
			published := results[0].published + results[1].published
			withdrawn := results[0].withdrawn + results[1].withdrawn
			got := n.edition(e.ID)
			// Publishing needs the edition off the site and withdrawing needs it on, so the
			// successes alternate, starting (from published) with a withdrawal.
			want := news.Published
			if withdrawn == published+1 {
				want = news.Unpublished
			} else if published != withdrawn {
				t.Errorf("%d publications and %d withdrawals cannot alternate", published, withdrawn)
			}
			if got.Status != want || !got.PublishedAt.Equal(first) {
				t.Errorf("status %s published %v, want %s first published %v", got.Status, got.PublishedAt, want, first)
			}
			var pubs, unpubs int
			for _, a := range n.audit(e.StoryID) {
				switch a {
				case "publish":
					pubs++
				case "unpublish":
					unpubs++
				}
			}
			// editionIn published it once before the race.
			if pubs != published+1 || unpubs != withdrawn {
				t.Errorf("audit has %d publish and %d unpublish events, want %d and %d", pubs, unpubs, published+1, withdrawn)
			}
			if withdrawn == 0 {
				t.Error("no withdrawal succeeded")
			}
		})
	})
}

// TestOwnerSaveRacesPublication races a reporter's save of their draft against an editor
// publishing it: the reporter's words must never reach a published edition, since reporters
// may change a story only while it is a draft.
func TestOwnerSaveRacesPublication(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		for round := range 30 {
			e := n.draft(n.reporter, fmt.Sprintf("Race %d", round))
			n.clock.Advance(time.Minute)
			in := input(e)
			in.Body = "<p>The reporter's late change.</p>"
			var saveErr, publishErr error
			var wg sync.WaitGroup
			wg.Go(func() { _, saveErr = n.store.SaveAs(n.ctx, n.reporter, in) })
			wg.Go(func() { publishErr = n.store.PublishNow(n.ctx, n.editor, e.ID) })
			wg.Wait()
			if publishErr != nil {
				t.Fatalf("round %d: publish: %v", round, publishErr)
			}
			if saveErr != nil && !errors.Is(saveErr, news.ErrInvalidState) && !errors.Is(saveErr, news.ErrConflict) {
				t.Errorf("round %d: save: %v, want nil, ErrInvalidState or ErrConflict", round, saveErr)
			}
			// A save before publication leaves "Updated On" empty; one after it sets it.
			if got := n.edition(e.ID); !got.UpdatedAt.IsZero() {
				t.Errorf("round %d: the reporter changed the published edition (save err %v, audit %v)", round, saveErr, n.audit(e.StoryID))
			}
		}
	})
}

// TestNoPictureWithoutAltGoesLive checks that alt text removed after scheduling or
// publishing never leaves a picture without alt text in front of readers: either the save
// is refused or the edition is held back.
func TestNoPictureWithoutAltGoesLive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		img := n.image(color.RGBA{B: 100, A: 255})
		for _, c := range []struct {
			name   string
			status news.Status
			// change saves the edition without alt text.
			change func(n *team, in news.EditionInput) error
		}{
			{"scheduled, saved", news.Scheduled, func(n *team, in news.EditionInput) error {
				_, err := n.store.SaveAs(n.ctx, n.editor, in)
				return err
			}},
			{"published, saved", news.Published, func(n *team, in news.EditionInput) error {
				_, err := n.store.SaveAs(n.ctx, n.editor, in)
				return err
			}},
			{"published, corrected", news.Published, func(n *team, in news.EditionInput) error {
				_, err := n.store.Correct(n.ctx, n.editor, in, "Caption fixed")
				return err
			}},
		} {
			status := c.status
			t.Run(c.name, func(t *testing.T) {
				n := n.on(t)
				e := n.draft(n.reporter, "Rhino census "+string(status))
				in := input(e)
				in.ImageID, in.ImageAlt = img.ID, "A rhino and calf"
				e, err := n.store.SaveAs(n.ctx, n.reporter, in)
				if err != nil {
					t.Fatal(err)
				}
				if status == news.Scheduled {
					err = n.store.Schedule(n.ctx, n.editor, e.ID, n.clock.Now().Add(time.Hour))
				} else {
					err = n.store.PublishNow(n.ctx, n.editor, e.ID)
				}
				if err != nil {
					t.Fatal(err)
				}
				in = input(n.edition(e.ID))
				in.ImageID, in.ImageAlt = img.ID, ""
				saveErr := c.change(n, in)
				if _, err := n.store.PublishDue(n.ctx, n.clock.Now().Add(2*time.Hour)); err != nil {
					t.Fatal(err)
				}
				a, err := n.store.PublishedArticle(n.ctx, e.StoryID, e.Lang)
				if errors.Is(err, news.ErrNotFound) {
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if a.Image != nil && a.Image.Alt == "" {
					t.Errorf("a %s edition's alt text was removed (save err %v) and readers see the picture without it", status, saveErr)
				}
			})
		}
	})
}
