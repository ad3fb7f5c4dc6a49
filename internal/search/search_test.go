package search_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/search"
)

func TestAssameseQueries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		cm := f.add(story{lang: locale.Assamese,
			headline: "অসমৰ মুখ্যমন্ত্ৰীয়ে গুৱাহাটীত সাংবাদিক সন্মিলন কৰিলে",
			body: "<p>২০২৪ চনৰ নৱেম্বৰ মাহত দিছপুৰত হোৱা বৈঠকত ১২,৩৪,৫৬৭ টকাৰ আঁচনি ঘোষণা কৰা হয়।</p>" +
				"<p>ছাত্ৰসকলৰ বাবে নতুন বিদ্যালয় খোলা হ’ব।</p>"}).StoryID
		other := f.add(story{lang: locale.Assamese, headline: "কাজিৰঙাত গঁড়ৰ সংখ্যা বৃদ্ধি", body: "<p>উদ্যানত নতুন পিয়ল।</p>"}).StoryID
		english := f.add(story{headline: "Assam chief minister meets the press in Guwahati", body: "<p>Held in 2024.</p>"}).StoryID

		for _, q := range []string{
			"গুৱাহাটী", "গুৱাহাটীত", "গুৱাহাটীৰ", "গুৱাহাটীলৈ", // the word with any case ending
			"অসম", "অসমৰ", "অসমলৈ", "অসমত",
			"মুখ্যমন্ত্ৰী", "মুখ্যমন্ত্ৰীয়ে",
			"অসমর",                       // Bengali র typed for ৰ
			"মুখ্যমন্ত্রী",               // Bengali র in a conjunct
			"মুখ্যমন্ত্ৰী\u09DFে",        // precomposed য়, which NFC text never holds
			norm.NFD.String("হোৱা বৈঠক"), // decomposed vowel signs
			"গুৱা\u200Cহাটী",             // a stray joiner
			"গুবাহাটী", "নবেম্বৰ",        // ব typed for ৱ
			"2024", "২০২৪", "১২৩৪৫৬৭", "1,234,567", // either digits, grouped or not
			"ছাত্ৰ", "ছাত্ৰসকল", // a plural with its ending
			"সাংবাদিক সন্মিলন", // two words
			"দিছপুৰ বৈঠক",
		} {
			got := f.find(q, search.Filter{Lang: locale.Assamese})
			if !slices.Equal(got, []int64{cm}) {
				t.Errorf("query %q found %v, want [%d]", q, got, cm)
			}
		}
		for _, q := range []string{"গুৱাহাটী -দিছপুৰ", "কাজিৰঙা গুৱাহাটী", "ৰাছিয়া"} {
			if got := f.find(q, search.Filter{Lang: locale.Assamese}); len(got) != 0 {
				t.Errorf("query %q found %v, want nothing", q, got)
			}
		}
		if got := f.find("গঁড়", search.Filter{}); !slices.Equal(got, []int64{other}) {
			t.Errorf("গঁড় found %v, want [%d]", got, other)
		}
		// Both languages unless asked: digits find the English story too.
		if got := f.find("২০২৪", search.Filter{}); len(got) != 2 || !slices.Contains(got, english) {
			t.Errorf("২০২৪ in both languages found %v", got)
		}
	})
}

func TestEnglishRanking(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.clock.Advance(-90 * 24 * time.Hour)
		oldHead := f.add(story{headline: "Flood waters rise in Dhemaji", body: "<p>Villages cut off.</p>"}).StoryID
		f.clock.Advance(90 * 24 * time.Hour)
		body := f.add(story{headline: "Cabinet meets in Dispur", body: "<p>The cabinet also discussed the flood relief budget among many other things.</p>"}).StoryID
		newHead := f.add(story{headline: "Flood relief reaches Majuli", body: "<p>Boats carried rice.</p>"}).StoryID
		f.add(story{headline: "Tea prices steady", body: "<p>Nothing about water.</p>"})

		got := f.find("flood", search.Filter{})
		want := []int64{newHead, oldHead, body}
		if !slices.Equal(got, want) {
			t.Errorf("flood ranked %v, want %v (new headline, old headline, body only)", got, want)
		}
		// Case, plurals and possessives fold.
		for _, q := range []string{"FLOODS", "Flood's", "floods relief"} {
			if got := f.find(q, search.Filter{}); len(got) == 0 || got[0] != newHead {
				t.Errorf("query %q found %v, want %d first", q, got, newHead)
			}
		}
		if got := f.find("flood -majuli", search.Filter{}); slices.Contains(got, newHead) || len(got) != 2 {
			t.Errorf("flood -majuli found %v", got)
		}
	})
}

func TestFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		sports := f.newSection("sports")
		a1, err := f.news.CreateAuthor(f.ctx, news.AuthorInput{Slug: "anjali", Name: news.Names{EN: "Anjali Bora", AS: "অঞ্জলি বৰা"}})
		if err != nil {
			t.Fatal(err)
		}
		tag, err := f.news.CreateTag(f.ctx, "floods", news.Names{EN: "Monsoon", AS: "বাৰিষা"})
		if err != nil {
			t.Fatal(err)
		}
		start := f.clock.Now()
		s1 := f.add(story{headline: "River match report", authors: []int64{a1.ID}}).StoryID
		f.clock.Advance(48 * time.Hour)
		s2 := f.add(story{headline: "River festival", section: sports.ID, tags: []int64{tag.ID}}).StoryID
		s3 := f.add(story{lang: locale.Assamese, headline: "নদীৰ উৎসৱ river", section: sports.ID}).StoryID

		for _, c := range []struct {
			name string
			q    string
			f    search.Filter
			want []int64
		}{
			{"all", "river", search.Filter{}, []int64{s3, s2, s1}},
			{"english", "river", search.Filter{Lang: locale.English}, []int64{s2, s1}},
			{"assamese", "river", search.Filter{Lang: locale.Assamese}, []int64{s3}},
			{"section", "river", search.Filter{SectionID: sports.ID}, []int64{s3, s2}},
			{"author", "river", search.Filter{AuthorID: a1.ID}, []int64{s1}},
			{"from", "river", search.Filter{From: start.Add(24 * time.Hour)}, []int64{s3, s2}},
			{"to", "river", search.Filter{To: start.Add(24 * time.Hour)}, []int64{s1}},
			{"byline in English", "anjali", search.Filter{}, []int64{s1}},
			{"byline in Assamese", "অঞ্জলি বৰাৰ", search.Filter{}, []int64{s1}},
			{"tag", "monsoon", search.Filter{}, []int64{s2}},
			{"tag in Assamese", "বাৰিষাৰ", search.Filter{}, []int64{s2}},
			{"a filter's token is no word", "zzfacetlangen", search.Filter{}, nil},
			{"nor is a status", "zzfacetstatuspublished river", search.Filter{}, nil},
		} {
			got := f.find(c.q, c.f)
			slices.Sort(got)
			want := slices.Clone(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s: %q found %v, want %v", c.name, c.q, got, c.want)
			}
		}
	})
}

func TestIndexFollowsTheStory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		reporter := news.Actor{UserID: f.user("reporter@example.org", "reporter"), Name: "Reporter"}
		rival := news.Actor{UserID: f.user("rival@example.org", "reporter"), Name: "Rival"}
		staff := func(a news.Actor) search.Filter {
			return search.Filter{Staff: &search.Staff{Everything: a.Editor, UserID: a.UserID}}
		}
		e := f.add(story{headline: "Ferry service resumes", body: "<p>On the Brahmaputra.</p>", draft: true, by: &reporter})
		if got := f.find("ferry", search.Filter{}); len(got) != 0 {
			t.Errorf("a draft is found by readers: %v", got)
		}
		for who, want := range map[string]struct {
			a     news.Actor
			found bool
		}{"owner": {reporter, true}, "editor": {f.editor, true}, "another reporter": {rival, false}} {
			if got := f.find("ferry", staff(want.a)); (len(got) == 1) != want.found {
				t.Errorf("draft found by %s: %v, want %v", who, got, want.found)
			}
		}

		if err := f.news.PublishNow(f.ctx, f.editor, e.ID); err != nil {
			t.Fatal(err)
		}
		if got := f.find("ferry", search.Filter{}); !slices.Equal(got, []int64{e.StoryID}) {
			t.Errorf("after publishing found %v", got)
		}
		if got := f.find("ferry", staff(rival)); len(got) != 1 {
			t.Errorf("a published story is not found by every reporter: %v", got)
		}

		cur, err := f.news.Edition(f.ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.news.SaveAs(f.ctx, f.editor, news.EditionInput{StoryID: e.StoryID, Lang: locale.English, Headline: "Boat service resumes",
			Body: "<p>On the Brahmaputra at Neamatighat.</p>", BaseRevision: cur.Revision}); err != nil {
			t.Fatal(err)
		}
		if got := f.find("ferry", search.Filter{}); len(got) != 0 {
			t.Errorf("the old headline is still found: %v", got)
		}
		if got := f.find("neamatighat boat", search.Filter{}); !slices.Equal(got, []int64{e.StoryID}) {
			t.Errorf("the new words are not found: %v", got)
		}

		tag, err := f.news.CreateTag(f.ctx, "transport", news.Names{EN: "Transport", AS: "পৰিবহণ"})
		if err != nil {
			t.Fatal(err)
		}
		other := f.newSection("river")
		if err := f.news.UpdateStoryMeta(f.ctx, f.editor, e.StoryID, other.ID, []int64{tag.ID}, false); err != nil {
			t.Fatal(err)
		}
		if got := f.find("transport", search.Filter{SectionID: other.ID}); !slices.Equal(got, []int64{e.StoryID}) {
			t.Errorf("after a change of tags and section found %v", got)
		}

		// The other language's edition joins the index by itself.
		if _, err := f.news.SaveAs(f.ctx, f.editor, news.EditionInput{StoryID: e.StoryID, Lang: locale.Assamese, Headline: "নাও সেৱা পুনৰ আৰম্ভ"}); err != nil {
			t.Fatal(err)
		}
		if got := f.find("নাও", search.Filter{Staff: &search.Staff{Everything: true}}); !slices.Equal(got, []int64{e.StoryID}) {
			t.Errorf("the new edition is not found by editors: %v", got)
		}

		if err := f.news.Withdraw(f.ctx, f.editor, e.ID); err != nil {
			t.Fatal(err)
		}
		if got := f.find("boat", search.Filter{}); len(got) != 0 {
			t.Errorf("an unpublished story is found by readers: %v", got)
		}
		if got := f.find("boat", staff(reporter)); len(got) != 1 {
			t.Errorf("an unpublished story is not found by its owner: %v", got)
		}
		if got := f.find("boat", staff(rival)); len(got) != 0 {
			t.Errorf("an unpublished story is found by another reporter: %v", got)
		}
	})
}

func TestBackfill(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		d.Subscribe(nil)
		for i := range 5 {
			f.add(story{headline: fmt.Sprintf("Bridge number %d opens", i)})
		}
		if got := f.find("bridge", search.Filter{}); len(got) != 0 {
			t.Fatalf("found %v before the backfill", got)
		}
		if total := f.backfill(2); total != 5 {
			t.Errorf("backfilled %d stories, want 5", total)
		}
		if got := f.find("bridge", search.Filter{}); len(got) != 5 {
			t.Errorf("found %v after the backfill", got)
		}
	})
}

func TestPagesAndSnippets(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for i := range 7 {
			f.add(story{headline: fmt.Sprintf("Report %d", i), body: "<p>Lorem ipsum dolor sit amet.</p><p>The <b>tea</b> estates of Upper Assam pay a new wage &amp; more, <script>x</script> said the union.</p>"})
			f.clock.Advance(time.Hour)
		}
		q, _ := search.ParseQuery("tea wages")
		var seen []int64
		for offset := 0; offset < 7; offset += 3 {
			res, err := f.ix.Search(f.ctx, q, search.Filter{}, 3, offset)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != 7 || res.Capped {
				t.Errorf("total %d capped %v", res.Total, res.Capped)
			}
			for _, h := range res.Hits {
				seen = append(seen, h.EditionID)
			}
			if offset == 0 {
				var marked []string
				text := ""
				for _, p := range res.Hits[0].Snippet {
					text += p.Text
					if p.Mark {
						marked = append(marked, p.Text)
					}
				}
				if !slices.Equal(marked, []string{"tea", "wage"}) {
					t.Errorf("snippet marks %q in %q", marked, text)
				}
				if want := "… Lorem ipsum dolor sit amet. The tea estates of Upper Assam pay a new wage & more, said the union."; text != want && text != want[len("… "):] {
					t.Errorf("snippet %q", text)
				}
			}
		}
		slices.Sort(seen)
		if len(slices.Compact(seen)) != 7 {
			t.Errorf("pages held %v", seen)
		}
	})
}

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		in      string
		key     string
		code    fielderr.Code
		isEmpty bool
	}{
		{in: "  Guwahati  FLOODS ", key: "guwahati floods"},
		{in: "গুৱাহাটীত -অসমৰ", key: "গুবাহাটীত -অসমৰ"},
		{in: "২০২৪ 2024", key: "2024"},
		{in: `"?!" -- ,,,`, isEmpty: true},
		{in: "-excluded", key: "-excluded", isEmpty: true},
		{in: string(make([]rune, 0)) + repeat("অ", search.MaxQueryRunes+1), code: fielderr.TooLong},
		{in: "a b c d e f g h i j k l m", code: fielderr.TooMany},
	} {
		q, err := search.ParseQuery(c.in)
		var fe *fielderr.Error
		switch {
		case c.code != "":
			if !errors.As(err, &fe) || fe.Code("q") != c.code {
				t.Errorf("%q: error %v, want %s", c.in, err, c.code)
			}
			continue
		case err != nil:
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if q.Key() != c.key || q.Empty() != c.isEmpty {
			t.Errorf("%q: key %q empty %v, want %q %v", c.in, q.Key(), q.Empty(), c.key, c.isEmpty)
		}
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// A word in more stories than MaxResults is ranked among its newest MaxResults matches: a
// story among them with the word in its headline, or in its standfirst, comes before newer
// ones that hold it in their body only, and the count stops at the bound.
func TestCommonWordRanking(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		now := f.clock.Now()
		const n = search.MaxResults + 100
		var inHeadline, inStandfirst, tooOld int64
		err := d.InTx(f.ctx, func(tx *db.Tx) error {
			ids, err := tx.ReserveIDs(f.ctx, "stories", n)
			if err != nil {
				return err
			}
			var stories, editions []any
			for i, id := range ids {
				// Stories are written in the order of their dates, as a newsroom does: the last
				// is the newest, age hours old.
				age := n - 1 - i
				at := now.Add(-time.Duration(age) * time.Hour)
				headline, standfirst := fmt.Sprintf("Report %d", i), "The day in brief"
				switch age {
				case 100:
					headline, inHeadline = "Flood waters rise", id
				case 50:
					standfirst, inStandfirst = "After the flood", id
				case n - 10:
					headline, tooOld = "Flood of the past", id
				}
				stories = append(stories, id, f.section.ID, at)
				editions = append(editions, id, "en", fmt.Sprintf("r-%d", i), headline, standfirst,
					"<p>Rain again, and the flood came back to the villages.</p>", string(news.Published), 1, at, at, at)
			}
			if err := tx.InsertRows(f.ctx, "stories", []string{"id", "section_id", "created_at"}, stories); err != nil {
				return err
			}
			return tx.InsertRows(f.ctx, "editions", []string{"story_id", "lang", "slug", "headline", "standfirst", "body", "status", "revision",
				"published_at", "modified_at", "created_at"}, editions)
		})
		if err != nil {
			t.Fatal(err)
		}
		f.backfill(1000)
		q, _ := search.ParseQuery("floods")
		res, err := f.ix.Search(f.ctx, q, search.Filter{}, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != search.MaxResults || !res.Capped || len(res.Hits) != 10 {
			t.Fatalf("total %d capped %v, %d hits; want %d, capped, 10", res.Total, res.Capped, len(res.Hits), search.MaxResults)
		}
		var got []int64
		for _, h := range res.Hits {
			got = append(got, h.StoryID)
		}
		if got[0] != inHeadline || got[1] != inStandfirst {
			t.Errorf("ranked %v, want %d (headline) then %d (standfirst) first", got, inHeadline, inStandfirst)
		}
		// The rest by recency: the newest stories holding the word in their body.
		for i := 3; i < len(res.Hits); i++ {
			if !res.Hits[i].PublishedAt.Before(res.Hits[i-1].PublishedAt) {
				t.Errorf("hit %d (%v) is not older than hit %d (%v)", i, res.Hits[i].PublishedAt, i-1, res.Hits[i-1].PublishedAt)
			}
		}
		seen := map[int64]bool{}
		for offset := 0; offset < search.MaxResults; offset += 100 {
			res, err := f.ix.Search(f.ctx, q, search.Filter{}, 100, offset)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				seen[h.StoryID] = true
			}
		}
		if len(seen) != search.MaxResults || seen[tooOld] {
			t.Errorf("pages held %d stories (the one beyond the newest %d: %v)", len(seen), search.MaxResults, seen[tooOld])
		}
		if res, err := f.ix.Search(f.ctx, q, search.Filter{}, 10, search.MaxResults); err != nil || len(res.Hits) != 0 {
			t.Errorf("past the bound: %d hits, %v", len(res.Hits), err)
		}
	})
}
