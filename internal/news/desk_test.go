package news_test

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// deskStory creates a story owned by a in lang, one minute after the last change, and has the
// editor take it to status (submitted or published; "" leaves a draft).
func (n *team) deskStory(a news.Actor, lang locale.Lang, headline string, status news.Status) news.Edition {
	n.t.Helper()
	n.clock.Advance(time.Minute)
	e, err := n.store.CreateDraft(n.ctx, a, news.DraftInput{SectionID: n.sec.ID, Edition: news.EditionInput{Lang: lang, Headline: headline}})
	if err != nil {
		n.t.Fatalf("create %q: %v", headline, err)
	}
	if status != "" && status != news.Draft {
		n.clock.Advance(time.Minute)
		if status == news.Submitted {
			err = n.store.Submit(n.ctx, a, e.ID)
		} else {
			err = n.store.PublishNow(n.ctx, n.editor, e.ID)
		}
		if err != nil {
			n.t.Fatalf("%q to %s: %v", headline, status, err)
		}
	}
	return n.edition(e.ID)
}

// deskHeadlines returns the headlines of a desk list, for readable comparisons.
func deskHeadlines(list []news.DeskItem) []string {
	out := make([]string, len(list))
	for i, it := range list {
		out[i] = it.Headline
	}
	return out
}

func TestDesk(t *testing.T) {
	const (
		legacy  = "Legacy demo story"
		flood   = "Flood waters rise in Dhemaji"
		asFlood = "ধেমাজি আৰু গোলাঘাটত বানপানী"
		wages   = "Tea garden WAGES rise"
		cricket = "Cricket: Assam beat Delhi"
		prices  = "Prices up 50% in Guwahati"
		asWages = "চাহ বাগিচাৰ মজুৰি বৃদ্ধি"
	)
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		// A story from before the desk had owners (the demo loader's kind).
		n.save(news.EditionInput{StoryID: n.story(news.StoryInput{SectionID: n.sec.ID}), Lang: locale.English, Headline: legacy})
		a1 := n.deskStory(n.reporter, locale.English, flood, news.Draft)
		n.deskStory(n.reporter, locale.Assamese, asFlood, news.Draft)
		a3 := n.deskStory(n.reporter, locale.English, wages, news.Submitted)
		b1 := n.deskStory(n.other, locale.English, cricket, news.Published)
		n.deskStory(n.other, locale.English, prices, news.Submitted)
		n.deskStory(n.reporter, locale.Assamese, asWages, news.Published)
		// The reporter's later edit puts the first story on top of the newest-first lists.
		edited := n.clock.Advance(time.Minute)
		in := input(a1)
		in.Body = "<p>Twelve villages cut off.</p>"
		if _, err := n.store.SaveAs(n.ctx, n.reporter, in); err != nil {
			t.Fatal(err)
		}
		all := []string{flood, asWages, prices, cricket, wages, asFlood, legacy}
		cases := []struct {
			name  string
			f     news.DeskFilter
			want  []string
			total int
		}{
			{"all, last changed first", news.DeskFilter{}, all, 7},
			{"one reporter", news.DeskFilter{CreatedBy: n.reporter.UserID}, []string{flood, asWages, wages, asFlood}, 4},
			{"other reporter", news.DeskFilter{CreatedBy: n.other.UserID}, []string{prices, cricket}, 2},
			{"nobody's", news.DeskFilter{CreatedBy: n.editor.UserID}, nil, 0},
			{"submitted", news.DeskFilter{Status: news.Submitted}, []string{prices, wages}, 2},
			{"review queue", news.DeskFilter{Status: news.Submitted, OldestFirst: true}, []string{wages, prices}, 2},
			{"all oldest first", news.DeskFilter{OldestFirst: true}, []string{legacy, asFlood, wages, cricket, prices, asWages, flood}, 7},
			{"drafts", news.DeskFilter{Status: news.Draft}, []string{flood, asFlood, legacy}, 3},
			{"assamese", news.DeskFilter{Lang: locale.Assamese}, []string{asWages, asFlood}, 2},
			{"reporter's english drafts", news.DeskFilter{CreatedBy: n.reporter.UserID, Lang: locale.English, Status: news.Draft}, []string{flood}, 1},
			{"query upper case", news.DeskFilter{Query: "FLOOD"}, []string{flood}, 1},
			{"query lower case", news.DeskFilter{Query: "garden wages"}, []string{wages}, 1},
			{"query spaces trimmed", news.DeskFilter{Query: "  dhemaji \n"}, []string{flood}, 1},
			{"query several", news.DeskFilter{Query: "rise"}, []string{flood, wages}, 2},
			{"query assamese", news.DeskFilter{Query: "মজুৰি"}, []string{asWages}, 1},
			// ো typed as its two parts (ে + া) is the same letter.
			{"query assamese decomposed", news.DeskFilter{Query: "গ\u09c7\u09beলাঘাট"}, []string{asFlood}, 1},
			{"query with other filters", news.DeskFilter{Query: "a", Lang: locale.English, Status: news.Published}, []string{cricket}, 1},
			{"query no match", news.DeskFilter{Query: "earthquake"}, nil, 0},
			{"query percent sign", news.DeskFilter{Query: "50%"}, []string{prices}, 1},
			// LIKE's wildcards are the user's characters, not patterns.
			{"query only percent", news.DeskFilter{Query: "%"}, []string{prices}, 1},
			{"query underscore", news.DeskFilter{Query: "_"}, nil, 0},
			{"first page", news.DeskFilter{Limit: 2}, all[:2], 7},
			{"middle page", news.DeskFilter{Limit: 2, Offset: 2}, all[2:4], 7},
			{"last page", news.DeskFilter{Limit: 2, Offset: 6}, all[6:], 7},
			{"past the end", news.DeskFilter{Limit: 2, Offset: 7}, nil, 7},
			{"page of a filter", news.DeskFilter{CreatedBy: n.reporter.UserID, Limit: 3, Offset: 1}, []string{asWages, wages, asFlood}, 4},
			{"limit out of range", news.DeskFilter{Limit: 1000}, all, 7},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				list, total, err := n.store.Desk(n.ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				if got := deskHeadlines(list); !slices.Equal(got, c.want) || total != c.total {
					t.Errorf("desk = %q (total %d), want %q (total %d)", got, total, c.want, c.total)
				}
			})
		}
		t.Run("item", func(t *testing.T) {
			list, _, err := n.store.Desk(n.ctx, news.DeskFilter{Query: "wages", Lang: locale.English})
			if err != nil || len(list) != 1 {
				t.Fatalf("desk = %+v, %v", list, err)
			}
			it := list[0]
			if it.EditionID != a3.ID || it.StoryID != a3.StoryID || it.Lang != locale.English || it.Status != news.Submitted ||
				it.AuthorName != n.reporterName || it.CreatedBy != n.reporter.UserID || it.SectionName != n.sec.Name ||
				it.Revision != 1 || !it.ModifiedAt.Equal(a3.ModifiedAt) || !it.SubmittedAt.Equal(a3.ModifiedAt) || !it.PublishedAt.IsZero() {
				t.Errorf("item = %+v, want the submitted wages story by %s", it, n.reporterName)
			}
			list, _, err = n.store.Desk(n.ctx, news.DeskFilter{Status: news.Published, Lang: locale.English})
			if err != nil || len(list) != 1 || !list[0].PublishedAt.Equal(b1.PublishedAt) || !list[0].SubmittedAt.IsZero() {
				t.Errorf("published item = %+v, %v; want published at %v", list, err, b1.PublishedAt)
			}
			list, _, err = n.store.Desk(n.ctx, news.DeskFilter{Query: "dhemaji"})
			if err != nil || len(list) != 1 || list[0].Revision != 2 || !list[0].ModifiedAt.Equal(edited) {
				t.Errorf("edited item = %+v, %v; want revision 2 modified %v", list, err, edited)
			}
			list, _, err = n.store.Desk(n.ctx, news.DeskFilter{Query: "legacy"})
			if err != nil || len(list) != 1 || list[0].AuthorName != "" || list[0].CreatedBy != 0 {
				t.Errorf("legacy item = %+v, %v; want no owner", list, err)
			}
		})
		t.Run("counts", func(t *testing.T) {
			for _, c := range []struct {
				name string
				by   int64
				want map[news.Status]int
			}{
				{"reporter", n.reporter.UserID, map[news.Status]int{news.Draft: 2, news.Submitted: 1, news.Published: 1}},
				{"other", n.other.UserID, map[news.Status]int{news.Submitted: 1, news.Published: 1}},
				{"editor", n.editor.UserID, map[news.Status]int{}},
				{"all", 0, map[news.Status]int{news.Draft: 3, news.Submitted: 2, news.Published: 2}},
			} {
				got, err := n.store.DeskCounts(n.ctx, c.by)
				if err != nil {
					t.Fatal(err)
				}
				if !maps.Equal(got, c.want) {
					t.Errorf("%s: counts = %v, want %v", c.name, got, c.want)
				}
			}
		})
	})
}

func TestAuthorsAndTags(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		if authors, err := f.store.Authors(f.ctx); err != nil || len(authors) != 0 {
			t.Errorf("authors of an empty site = %v, %v", authors, err)
		}
		if tags, err := f.store.Tags(f.ctx); err != nil || len(tags) != 0 {
			t.Errorf("tags of an empty site = %v, %v", tags, err)
		}
		for _, slug := range []string{"zubeen", "arup", "rina"} {
			f.author(slug)
		}
		if _, err := f.store.CreateAuthor(f.ctx, news.AuthorInput{Slug: "bina", Name: news.Names{EN: "Bina Saikia", AS: "বীণা শইকীয়া"},
			Bio: news.Names{EN: "Covers tea.", AS: "চাহৰ খবৰ।"}}); err != nil {
			t.Fatal(err)
		}
		for _, slug := range []string{"tea", "flood", "bihu"} {
			f.tag(slug)
		}
		authors, err := f.store.Authors(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range authors {
			names = append(names, a.Name.EN)
			if a.ID == 0 || a.Slug == "" || a.Name.AS == "" {
				t.Errorf("author %+v incomplete", a)
			}
		}
		if want := []string{"Author arup", "Author rina", "Author zubeen", "Bina Saikia"}; !slices.Equal(names, want) {
			t.Errorf("authors = %q, want %q", names, want)
		}
		if b := authors[3]; b.Slug != "bina" || b.Bio != (news.Names{EN: "Covers tea.", AS: "চাহৰ খবৰ।"}) {
			t.Errorf("author = %+v, want Bina with her bio", b)
		}
		tags, err := f.store.Tags(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var slugs []string
		for _, tag := range tags {
			slugs = append(slugs, tag.Slug)
			if tag.ID == 0 || tag.Name != (news.Names{EN: "Tag " + tag.Slug, AS: "টেগ " + tag.Slug}) {
				t.Errorf("tag %+v incomplete", tag)
			}
		}
		if want := []string{"bihu", "flood", "tea"}; !slices.Equal(slugs, want) {
			t.Errorf("tags = %q, want %q", slugs, want)
		}
	})
}

func TestAudit(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		n.clock.Advance(time.Minute)
		a := n.draft(n.reporter, "Story A")
		n.clock.Advance(time.Minute)
		b := n.draft(n.other, "Story B")
		n.clock.Advance(time.Minute)
		steps := []func() error{
			func() error { return n.store.Submit(n.ctx, n.reporter, a.ID) },
			func() error { return n.store.Schedule(n.ctx, n.editor, b.ID, n.clock.Now().Add(30*time.Second)) },
			func() error { return n.store.PublishNow(n.ctx, n.editor, a.ID) },
			func() error {
				_, err := n.store.PublishDue(n.ctx, n.clock.Now())
				return err
			},
		}
		for i, s := range steps {
			if err := s(); err != nil {
				t.Fatalf("step %d: %v", i+1, err)
			}
			n.clock.Advance(time.Minute)
		}
		// Two events at the same moment are listed by when they were written.
		if err := n.store.Withdraw(n.ctx, n.editor2, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := n.store.Withdraw(n.ctx, n.editor, b.ID); err != nil {
			t.Fatal(err)
		}
		type event struct {
			action string
			story  int64
			user   string
		}
		const rina, manoj, priya, bikash = "Rina Das", "Manoj Kalita", "Priya Baruah", "Bikash Gogoi"
		all := []event{
			{"unpublish", b.StoryID, priya},
			{"unpublish", a.StoryID, bikash},
			{"publish_scheduled", b.StoryID, ""},
			{"publish", a.StoryID, priya},
			{"schedule", b.StoryID, priya},
			{"submit", a.StoryID, rina},
			{"create", b.StoryID, manoj},
			{"create", a.StoryID, rina},
		}
		var ofA []event
		for _, e := range all {
			if e.story == a.StoryID {
				ofA = append(ofA, e)
			}
		}
		cases := []struct {
			name string
			f    news.AuditFilter
			want []event
		}{
			{"all, newest first", news.AuditFilter{}, all},
			{"one story", news.AuditFilter{StoryID: a.StoryID}, ofA},
			{"unknown story", news.AuditFilter{StoryID: 9999}, nil},
			{"limit", news.AuditFilter{Limit: 3}, all[:3]},
			{"limit on a story", news.AuditFilter{StoryID: a.StoryID, Limit: 2}, ofA[:2]},
			{"limit out of range", news.AuditFilter{Limit: 10_000}, all},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				list, err := n.store.Audit(n.ctx, c.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []event
				for _, e := range list {
					got = append(got, event{e.Action, e.StoryID, e.UserName})
					if e.ID == 0 || e.EditionID == 0 || e.CreatedAt.IsZero() {
						t.Errorf("event %+v incomplete", e)
					}
					if (e.UserName == "") != (e.UserID == 0) {
						t.Errorf("event %+v: user id and name disagree", e)
					}
				}
				if !slices.Equal(got, c.want) {
					t.Errorf("audit =\n%v\nwant\n%v", got, c.want)
				}
				for i := 1; i < len(list); i++ {
					if list[i].CreatedAt.After(list[i-1].CreatedAt) {
						t.Errorf("event %d at %v is newer than event %d at %v", i, list[i].CreatedAt, i-1, list[i-1].CreatedAt)
					}
				}
			})
		}
	})
}

// TestDeskQueryFoldsCase checks that the headline search ignores case beyond ASCII the same
// way on both databases: a headline is found by the very words it has.
func TestDeskQueryFoldsCase(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		n.deskStory(n.reporter, locale.English, "CAFÉ owners in Shillong fear ÉCOLE closures", news.Draft)
		for _, q := range []string{"CAFÉ", "café", "Café owners", "école"} {
			list, total, err := n.store.Desk(n.ctx, news.DeskFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			if total != 1 || len(list) != 1 {
				t.Errorf("query %q found %d, want the headline", q, total)
			}
		}
	})
}
