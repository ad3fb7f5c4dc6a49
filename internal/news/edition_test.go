package news_test

import (
	"errors"
	"image/color"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

func TestSaveEditionCreatesDraft(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		story := f.story(news.StoryInput{SectionID: f.section("assam", 1).ID})
		e := f.save(news.EditionInput{StoryID: story, Lang: locale.English, Headline: "Brahmaputra crosses danger mark",
			Standfirst: "  Water levels rose overnight.  ", Body: "<p>Water rose.</p>"})
		if e.ID == 0 || e.StoryID != story || e.Lang != locale.English || e.Status != news.Draft || e.Revision != 1 {
			t.Errorf("edition = %+v, want a draft at revision 1", e)
		}
		if e.Standfirst != "Water levels rose overnight." || e.Body != "<p>Water rose.</p>" {
			t.Errorf("standfirst %q, body %q", e.Standfirst, e.Body)
		}
		if !e.PublishedAt.IsZero() || !e.UpdatedAt.IsZero() {
			t.Errorf("draft has published %v, updated %v", e.PublishedAt, e.UpdatedAt)
		}
		if !e.ModifiedAt.Equal(f.clock.Now()) {
			t.Errorf("modified %v, want %v", e.ModifiedAt, f.clock.Now())
		}
		revs, err := f.store.Revisions(f.ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 1 || revs[0].Number != 1 || revs[0].Headline != e.Headline || revs[0].Standfirst != e.Standfirst || revs[0].Body != e.Body {
			t.Errorf("revisions = %+v, want one copy of the save", revs)
		}
		// The other language is a separate edition with its own revisions.
		as := f.save(news.EditionInput{StoryID: story, Lang: locale.Assamese, Headline: "ব্ৰহ্মপুত্ৰৰ জলস্তৰ বিপদসীমাৰ ওপৰত"})
		if as.ID == e.ID || as.Revision != 1 || as.Lang != locale.Assamese {
			t.Errorf("assamese edition = %+v", as)
		}
		if _, err := f.store.Edition(f.ctx, as.ID+100); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("unknown edition: %v, want ErrNotFound", err)
		}
	})
}

func TestEditionSlug(t *testing.T) {
	cases := []struct {
		name     string
		lang     locale.Lang
		headline string
		slug     string
		want     string
	}{
		{"english headline", locale.English, "Flood Waters Rise in Dhemaji, 12 Villages Cut Off", "", "flood-waters-rise-in-dhemaji-12-villages-cut-off"},
		{"apostrophe and accent", locale.English, "Assam's Café Owners Worry", "", "assams-cafe-owners-worry"},
		{"assamese headline", locale.Assamese, "অসমৰ মুখ্যমন্ত্ৰীয়ে গুৱাহাটীত সাংবাদিক সন্মিলন কৰিলে", "",
			"অসমৰ-মুখ্যমন্ত্ৰীয়ে-গুৱাহাটীত-সাংবাদিক-সন্মিলন-কৰিলে"},
		{"explicit slug", locale.English, "Budget speech", "  Budget 2024: Explained! ", "budget-2024-explained"},
		{"explicit assamese slug", locale.Assamese, "বাজেট", "বাজেট ২০২৪", "বাজেট-২০২৪"},
		{"nothing sluggable", locale.English, "!!! ???", "", "story"},
		{"long headline", locale.English, strings.Repeat("monsoon ", 15), "", strings.TrimSuffix(strings.Repeat("monsoon-", 10), "-")},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		sec := f.section("assam", 1)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f := f.on(t)
				story := f.story(news.StoryInput{SectionID: sec.ID})
				e := f.save(news.EditionInput{StoryID: story, Lang: c.lang, Headline: c.headline, Slug: c.slug})
				if e.Slug != c.want {
					t.Errorf("slug = %q, want %q", e.Slug, c.want)
				}
				if n := utf8.RuneCountInString(e.Slug); n > 80 {
					t.Errorf("slug has %d runes, want at most 80", n)
				}
			})
		}
	})
}

func TestEditionBodySanitised(t *testing.T) {
	body := `<p style="color:red" onclick="steal()">Flood <strong>relief</strong></p>` +
		`<script>alert("x")</script>` +
		`<h2 onmouseover="x()">Camps</h2>` +
		`<a href="javascript:alert(1)">click</a>` +
		`<a href="https://asdma.assam.gov.in/relief">ASDMA</a>` +
		`<blockquote>We need boats</blockquote>` +
		`<iframe src="https://evil.example"></iframe>` +
		`<img src="https://evil.example/x.png" onerror="steal()">`
	allowed := []string{"<p>Flood <strong>relief</strong></p>", "<h2>Camps</h2>", `<a href="https://asdma.assam.gov.in/relief"`,
		">ASDMA</a>", "<blockquote>We need boats</blockquote>"}
	forbidden := []string{"script", "alert", "onclick", "onmouseover", "onerror", "style", "javascript:", "iframe", "evil.example", "steal"}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		story := f.story(news.StoryInput{SectionID: f.section("assam", 1).ID})
		e := f.save(news.EditionInput{StoryID: story, Lang: locale.English, Headline: "Relief", Body: body})
		revs, err := f.store.Revisions(f.ctx, e.ID)
		if err != nil || len(revs) != 1 {
			t.Fatalf("revisions %v, %v", revs, err)
		}
		for name, got := range map[string]string{"edition": f.edition(e.ID).Body, "revision": revs[0].Body} {
			for _, s := range allowed {
				if !strings.Contains(got, s) {
					t.Errorf("%s body lost %q: %s", name, s, got)
				}
			}
			for _, s := range forbidden {
				if strings.Contains(got, s) {
					t.Errorf("%s body keeps %q: %s", name, s, got)
				}
			}
		}
	})
}

func TestEditionTextCleaned(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		story := f.story(news.StoryInput{SectionID: f.section("assam", 1).ID})
		// Decomposed é and the old khanda ta encoding are stored in NFC with ৎ.
		e := f.save(news.EditionInput{StoryID: story, Lang: locale.Assamese, Headline: "  Cafe\u0301 \n\t হঠাত\u09CD\u200D   বান  ",
			Standfirst: "\n বানপানী \n"})
		if want := "Café হঠাৎ বান"; e.Headline != want {
			t.Errorf("headline = %q, want %q", e.Headline, want)
		}
		if e.Standfirst != "বানপানী" {
			t.Errorf("standfirst = %q", e.Standfirst)
		}
	})
}

func TestEditionValidation(t *testing.T) {
	cases := []struct {
		name string
		in   news.EditionInput
		want []string
	}{
		{"empty headline", news.EditionInput{Lang: locale.English}, []string{"headline"}},
		{"blank headline", news.EditionInput{Lang: locale.English, Headline: " \n\t ", Body: "<p>text</p>"}, []string{"headline"}},
		{"non-breaking space only", news.EditionInput{Lang: locale.Assamese, Headline: "\u00a0"}, []string{"headline"}},
		{"headline too long", news.EditionInput{Lang: locale.Assamese, Headline: strings.Repeat("ক", 301)}, []string{"headline"}},
		{"standfirst too long", news.EditionInput{Lang: locale.English, Headline: "ok", Standfirst: strings.Repeat("a", 1001)}, []string{"standfirst"}},
		{"body too long", news.EditionInput{Lang: locale.English, Headline: "ok", Body: "<p>" + strings.Repeat("a", 500_000) + "</p>"}, []string{"body"}},
		{"unknown language", news.EditionInput{Lang: "fr", Headline: "Bonjour"}, []string{"lang"}},
		{"no language and no headline", news.EditionInput{}, []string{"lang", "headline"}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		story := f.story(news.StoryInput{SectionID: f.section("assam", 1).ID})
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := c.in
				in.StoryID = story
				_, err := f.store.SaveEdition(f.ctx, in)
				if got := validationFields(t, err); !sameKeys(got, c.want...) {
					t.Errorf("fields = %v, want keys %v", got, c.want)
				}
			})
		}
		// The codes are words with the limit as a parameter, never prose.
		_, err := f.store.SaveEdition(f.ctx, news.EditionInput{StoryID: story, Lang: "fr", Headline: strings.Repeat("ক", 301)})
		if got := validationFields(t, err); got["headline"].Code != fielderr.TooLong || got["headline"].Max != 300 || got["lang"].Code != fielderr.NotAllowed {
			t.Errorf("problems = %+v, want headline too_long (300), lang not_allowed", got)
		}
		if n, r := f.count("editions"), f.count("revisions"); n != 0 || r != 0 {
			t.Errorf("invalid saves stored %d editions, %d revisions", n, r)
		}
		// The limits themselves are allowed.
		e := f.save(news.EditionInput{StoryID: story, Lang: locale.Assamese, Headline: strings.Repeat("ক", 300), Standfirst: strings.Repeat("খ", 1000)})
		// An invalid save over an existing edition leaves it as it was.
		_, err = f.store.SaveEdition(f.ctx, news.EditionInput{StoryID: story, Lang: locale.Assamese, Headline: " ", Body: "<p>lost</p>", BaseRevision: 1})
		if got := validationFields(t, err); !sameKeys(got, "headline") {
			t.Errorf("fields = %v, want headline", got)
		}
		if got := f.edition(e.ID); got.Revision != 1 || got.Headline != e.Headline || got.Body != "" {
			t.Errorf("after an invalid save: rev %d, body %q", got.Revision, got.Body)
		}
		if r := f.count("revisions"); r != 1 {
			t.Errorf("%d revisions, want 1", r)
		}
	})
}

// TestSaveEditionUnknownStory checks that saving an edition of a story that does not exist
// (deleted while an editor had it open) is reported as ErrNotFound, as ErrNotFound documents.
func TestSaveEditionUnknownStory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		_, err := f.store.SaveEdition(f.ctx, news.EditionInput{StoryID: 4242, Lang: locale.English, Headline: "Orphan"})
		if !errors.Is(err, news.ErrNotFound) {
			t.Errorf("err = %v, want ErrNotFound", err)
		}
		if n := f.count("editions"); n != 0 {
			t.Errorf("%d editions stored", n)
		}
	})
}

func TestEditionConflict(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		sec := f.section("assam", 1)
		story := f.story(news.StoryInput{SectionID: sec.ID})
		first := f.save(news.EditionInput{StoryID: story, Lang: locale.English, Headline: "Tea prices", Body: "<p>v1</p>"})

		// Two editors opened revision 1; the first to save wins.
		a := f.save(news.EditionInput{StoryID: story, Lang: locale.English, Headline: "Tea prices", Body: "<p>from A</p>", BaseRevision: 1})
		if a.Revision != 2 {
			t.Fatalf("first save: revision %d, want 2", a.Revision)
		}
		for _, c := range []struct {
			name string
			base int
		}{{"same base as the winner", 1}, {"new edition over an existing one", 0}, {"base from the future", 7}} {
			_, err := f.store.SaveEdition(f.ctx, news.EditionInput{StoryID: story, Lang: locale.English, Headline: "Tea prices (B)",
				Body: "<p>from B</p>", BaseRevision: c.base})
			if !errors.Is(err, news.ErrConflict) {
				t.Errorf("%s: err = %v, want ErrConflict", c.name, err)
			}
		}
		got := f.edition(first.ID)
		if got.Body != "<p>from A</p>" || got.Headline != "Tea prices" || got.Revision != 2 {
			t.Errorf("stored edition = %q %q rev %d, want A's text at revision 2", got.Headline, got.Body, got.Revision)
		}
		if revs, _ := f.store.Revisions(f.ctx, first.ID); len(revs) != 2 {
			t.Errorf("%d revisions, want 2", len(revs))
		}

		// An editor who thinks an edition exists when it does not is out of date too.
		_, err := f.store.SaveEdition(f.ctx, news.EditionInput{StoryID: story, Lang: locale.Assamese, Headline: "চাহৰ দাম", BaseRevision: 1})
		if !errors.Is(err, news.ErrConflict) {
			t.Errorf("base revision on a missing edition: err = %v, want ErrConflict", err)
		}
		other := f.story(news.StoryInput{SectionID: sec.ID})
		if _, err := f.store.SaveEdition(f.ctx, news.EditionInput{StoryID: other, Lang: locale.English, Headline: "x", BaseRevision: 1}); !errors.Is(err, news.ErrConflict) {
			t.Errorf("base revision on a story with no edition: err = %v, want ErrConflict", err)
		}
		if n, r := f.count("editions"), f.count("revisions"); n != 1 || r != 2 {
			t.Errorf("after conflicts: %d editions, %d revisions; want 1 and 2", n, r)
		}
	})
}

// TestEditionConcurrentSaves has several editors save from the same revision at the same
// moment: one wins, every other one is told of the conflict. A race is not certain to happen
// in one round, so each case runs several rounds on fresh stories.
func TestEditionConcurrentSaves(t *testing.T) {
	const editors, rounds = 8, 15
	cases := []struct {
		name     string
		existing bool // an edition at revision 1 exists before the editors save
		base     int
	}{
		{"new edition", false, 0},
		{"existing edition", true, 1},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		sec := f.section("assam", 1)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f := f.on(t)
				for round := range rounds {
					story := f.story(news.StoryInput{SectionID: sec.ID})
					if c.existing {
						f.save(news.EditionInput{StoryID: story, Lang: locale.English, Headline: "Base"})
					}
					errs := make([]error, editors)
					var wg sync.WaitGroup
					start := make(chan struct{})
					for i := range editors {
						wg.Go(func() {
							<-start
							_, errs[i] = f.store.SaveEdition(f.ctx, news.EditionInput{StoryID: story, Lang: locale.English,
								Headline: "Editor " + string(rune('A'+i)), BaseRevision: c.base})
						})
					}
					close(start)
					wg.Wait()
					wins := 0
					for i, err := range errs {
						switch {
						case err == nil:
							wins++
						case !errors.Is(err, news.ErrConflict):
							t.Errorf("round %d, editor %d: err = %v, want nil or ErrConflict", round, i, err)
						}
					}
					if wins != 1 {
						t.Errorf("round %d: %d saves won, want 1", round, wins)
					}
					if t.Failed() {
						return
					}
				}
			})
		}
	})
}

func TestRevisionsNewestFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		story := f.story(news.StoryInput{SectionID: f.section("assam", 1).ID})
		saves := []struct{ headline, standfirst, body string }{
			{"Draft one", "first", "<p>one</p>"},
			{"Draft two", "second", "<p>two</p>"},
			{"Draft three", "third", "<p>three</p>"},
		}
		var id int64
		var times []time.Time
		for i, s := range saves {
			times = append(times, f.clock.Advance(time.Minute))
			e := f.save(news.EditionInput{StoryID: story, Lang: locale.English, Headline: s.headline, Standfirst: s.standfirst,
				Body: s.body, BaseRevision: i})
			id = e.ID
		}
		revs, err := f.store.Revisions(f.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != len(saves) {
			t.Fatalf("%d revisions, want %d", len(revs), len(saves))
		}
		for i, r := range revs {
			n := len(saves) - i // newest first
			s := saves[n-1]
			if r.Number != n || r.Headline != s.headline || r.Standfirst != s.standfirst || r.Body != s.body {
				t.Errorf("revisions[%d] = %d %q %q %q, want %d %q %q %q", i, r.Number, r.Headline, r.Standfirst, r.Body, n, s.headline, s.standfirst, s.body)
			}
			if !r.CreatedAt.Equal(times[n-1]) {
				t.Errorf("revision %d created %v, want %v", n, r.CreatedAt, times[n-1])
			}
			if r.UserID != 0 {
				t.Errorf("revision %d by user %d, want 0 (system)", n, r.UserID)
			}
		}
		if revs, err := f.store.Revisions(f.ctx, id+100); err != nil || len(revs) != 0 {
			t.Errorf("unknown edition: %v, %v", revs, err)
		}
	})
}

func TestEditionAuthorsAndImage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		story := f.story(news.StoryInput{SectionID: f.section("assam", 1).ID})
		a, b, c := f.author("a"), f.author("b"), f.author("c")
		img := f.image(color.RGBA{G: 200, A: 255})
		in := news.EditionInput{StoryID: story, Lang: locale.English, Headline: "Bylines", AuthorIDs: []int64{c.ID, a.ID, b.ID},
			ImageID: img.ID, ImageAlt: "Boats on the river", ImageCaption: "Relief boats in Majuli", ImageCredit: "Batori"}
		e := f.save(in)
		if !slices.Equal(e.AuthorIDs, []int64{c.ID, a.ID, b.ID}) {
			t.Errorf("authors = %v, want c a b", e.AuthorIDs)
		}
		want := news.Image{Photo: news.Photo{MediaID: img.ID, Key: img.Key, Width: 4, Height: 3},
			Alt: "Boats on the river", Caption: "Relief boats in Majuli", Credit: "Batori"}
		if e.Image == nil || *e.Image != want {
			t.Errorf("image = %+v, want %+v", e.Image, want)
		}
		steps := []struct {
			authors []int64
			want    []int64
		}{
			{[]int64{b.ID}, []int64{b.ID}},
			{[]int64{a.ID, c.ID}, []int64{a.ID, c.ID}},
			{nil, nil},
		}
		for i, s := range steps {
			in.AuthorIDs, in.BaseRevision = s.authors, i+1
			if got := f.save(in); !slices.Equal(got.AuthorIDs, s.want) {
				t.Errorf("re-save %d: authors = %v, want %v", i+1, got.AuthorIDs, s.want)
			}
		}
		in.ImageID, in.BaseRevision = 0, len(steps)+1
		if got := f.save(in); got.Image != nil {
			t.Errorf("image removed, still %+v", got.Image)
		}
	})
}
