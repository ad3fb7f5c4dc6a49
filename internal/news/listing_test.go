package news_test

import (
	"errors"
	"fmt"
	"image/color"
	"slices"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/memo"
	"github.com/batori-news/batori/internal/news"
)

// newsroom is a small paper: two sections, two tags, two reporters and stories in every state.
type newsroom struct {
	assam, sports news.Section
	flood, tea    news.Tag
	rina, arup    news.Author
	image         media.Media
	start         time.Time
	// The stories, by what they are.
	dhemaji   int64 // en + as published, assam, flood, featured, picture, bylines arup then rina
	cricket   int64 // en published, sports, no tags, byline rina
	wages     int64 // en published, assam, tea, featured
	draft     int64 // en draft, assam, flood
	withdrawn int64 // en published then unpublished, assam, flood
	asOnly    int64 // as published only, assam, flood
	boatRace  int64 // en published, as draft, sports, flood
}

func newNewsroom(f *fixture) *newsroom {
	f.t.Helper()
	n := &newsroom{
		assam: f.section("assam", 1), sports: f.section("sports", 2),
		flood: f.tag("flood"), tea: f.tag("tea"),
		rina: f.author("rina"), arup: f.author("arup"),
		image: f.image(color.RGBA{R: 90, G: 120, B: 200, A: 255}),
		start: f.clock.Now(),
	}
	at := func(d time.Duration) time.Time { return n.start.Add(d) }

	n.dhemaji = f.story(news.StoryInput{SectionID: n.assam.ID, TagIDs: []int64{n.flood.ID}, Featured: true})
	en := f.save(news.EditionInput{StoryID: n.dhemaji, Lang: locale.English, Headline: "Flood in Dhemaji", Body: "<p>Water everywhere.</p>",
		AuthorIDs: []int64{n.arup.ID, n.rina.ID}, ImageID: n.image.ID, ImageAlt: "Flooded road", ImageCaption: "Dhemaji town", ImageCredit: "Batori"})
	f.publish(en.ID, at(time.Hour))
	as := f.save(news.EditionInput{StoryID: n.dhemaji, Lang: locale.Assamese, Headline: "ধেমাজিত বান", Body: "<p>চাৰিওফালে পানী।</p>",
		AuthorIDs: []int64{n.rina.ID}})
	f.publish(as.ID, at(90*time.Minute))

	n.cricket = f.publishedStory(news.StoryInput{SectionID: n.sports.ID}, locale.English, "Cricket at Barsapara", at(2*time.Hour), n.rina.ID).StoryID
	n.wages = f.publishedStory(news.StoryInput{SectionID: n.assam.ID, TagIDs: []int64{n.tea.ID}, Featured: true}, locale.English,
		"Tea garden wages", at(3*time.Hour)).StoryID

	n.draft = f.story(news.StoryInput{SectionID: n.assam.ID, TagIDs: []int64{n.flood.ID}})
	f.save(news.EditionInput{StoryID: n.draft, Lang: locale.English, Headline: "Draft only"})

	w := f.publishedStory(news.StoryInput{SectionID: n.assam.ID, TagIDs: []int64{n.flood.ID}}, locale.English, "Withdrawn", at(4*time.Hour))
	n.withdrawn = w.StoryID
	if err := f.store.Unpublish(f.ctx, w.Edition.ID); err != nil {
		f.t.Fatal(err)
	}

	n.asOnly = f.publishedStory(news.StoryInput{SectionID: n.assam.ID, TagIDs: []int64{n.flood.ID}}, locale.Assamese, "বানপানীত ক্ষতি", at(5*time.Hour)).StoryID

	n.boatRace = f.publishedStory(news.StoryInput{SectionID: n.sports.ID, TagIDs: []int64{n.flood.ID}}, locale.English, "Boat race", at(30*time.Minute)).StoryID
	f.save(news.EditionInput{StoryID: n.boatRace, Lang: locale.Assamese, Headline: "নাও খেল"})
	return n
}

func TestPublishedTeasers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		n := newNewsroom(f)
		list, err := f.store.Published(f.ctx, news.Filter{Lang: locale.English}, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"Tea garden wages", "Cricket at Barsapara", "Flood in Dhemaji", "Boat race"}
		if got := headlines(list); !slices.Equal(got, want) {
			t.Fatalf("published = %q, want %q", got, want)
		}
		dh := list[2]
		if dh.StoryID != n.dhemaji || dh.Lang != locale.English || dh.Slug != "flood-in-dhemaji" || !dh.Featured ||
			!dh.PublishedAt.Equal(n.start.Add(time.Hour)) || !dh.UpdatedAt.IsZero() {
			t.Errorf("teaser = %+v", dh)
		}
		if dh.Section != n.assam {
			t.Errorf("section = %+v, want %+v", dh.Section, n.assam)
		}
		var bylines []string
		for _, a := range dh.Authors {
			bylines = append(bylines, a.Slug+"="+a.Name.EN+"/"+a.Name.AS)
		}
		if want := []string{"arup=Author arup/লেখক arup", "rina=Author rina/লেখক rina"}; !slices.Equal(bylines, want) {
			t.Errorf("authors = %q, want %q", bylines, want)
		}
		wantImage := news.Image{Photo: news.Photo{MediaID: n.image.ID, Key: n.image.Key, Width: 4, Height: 3},
			Alt: "Flooded road", Caption: "Dhemaji town", Credit: "Batori"}
		if dh.Image == nil || *dh.Image != wantImage {
			t.Errorf("image = %+v, want %+v", dh.Image, wantImage)
		}
		if cr := list[1]; cr.Image != nil || cr.Featured || cr.Section != n.sports || len(cr.Authors) != 1 || cr.Authors[0].ID != n.rina.ID {
			t.Errorf("cricket teaser = %+v", cr)
		}
		if wg := list[0]; len(wg.Authors) != 0 {
			t.Errorf("teaser without bylines has %+v", wg.Authors)
		}
	})
}

func TestPublishedFilters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		n := newNewsroom(f)
		cases := []struct {
			name   string
			filter news.Filter
			want   []string
		}{
			{"english", news.Filter{Lang: locale.English}, []string{"Tea garden wages", "Cricket at Barsapara", "Flood in Dhemaji", "Boat race"}},
			{"assamese", news.Filter{Lang: locale.Assamese}, []string{"বানপানীত ক্ষতি", "ধেমাজিত বান"}},
			{"section", news.Filter{Lang: locale.English, SectionID: n.assam.ID}, []string{"Tea garden wages", "Flood in Dhemaji"}},
			{"other section", news.Filter{Lang: locale.English, SectionID: n.sports.ID}, []string{"Cricket at Barsapara", "Boat race"}},
			{"tag", news.Filter{Lang: locale.English, TagID: n.flood.ID}, []string{"Flood in Dhemaji", "Boat race"}},
			{"other tag", news.Filter{Lang: locale.English, TagID: n.tea.ID}, []string{"Tea garden wages"}},
			{"author", news.Filter{Lang: locale.English, AuthorID: n.rina.ID}, []string{"Cricket at Barsapara", "Flood in Dhemaji"}},
			{"second author", news.Filter{Lang: locale.English, AuthorID: n.arup.ID}, []string{"Flood in Dhemaji"}},
			{"author in assamese", news.Filter{Lang: locale.Assamese, AuthorID: n.rina.ID}, []string{"ধেমাজিত বান"}},
			{"featured", news.Filter{Lang: locale.English, FeaturedOnly: true}, []string{"Tea garden wages", "Flood in Dhemaji"}},
			{"exclude story", news.Filter{Lang: locale.English, ExcludeStory: n.wages}, []string{"Cricket at Barsapara", "Flood in Dhemaji", "Boat race"}},
			{"combined", news.Filter{Lang: locale.English, SectionID: n.assam.ID, FeaturedOnly: true, ExcludeStory: n.dhemaji}, []string{"Tea garden wages"}},
			{"nothing matches", news.Filter{Lang: locale.Assamese, SectionID: n.sports.ID}, nil},
			{"unknown tag", news.Filter{Lang: locale.English, TagID: n.tea.ID + 100}, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				list, err := f.store.Published(f.ctx, c.filter, 20, 0)
				if err != nil {
					t.Fatal(err)
				}
				if got := headlines(list); !slices.Equal(got, c.want) {
					t.Errorf("published = %q, want %q", got, c.want)
				}
				for _, tz := range list {
					if tz.Lang != c.filter.Lang {
						t.Errorf("%q is in %s, asked for %s", tz.Headline, tz.Lang, c.filter.Lang)
					}
				}
				count, err := f.store.CountPublished(f.ctx, c.filter)
				if err != nil || count != len(c.want) {
					t.Errorf("count = %d, %v; want %d", count, err, len(c.want))
				}
			})
		}
		// Every list read together in one statement is each list read alone, bylines and
		// sections too; limits apply per list.
		var lists []news.List
		for i, c := range cases {
			lists = append(lists, news.List{Filter: c.filter, Limit: 1 + i%3})
		}
		together, err := f.store.PublishedLists(f.ctx, lists)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range lists {
			alone, err := f.store.Published(f.ctx, l.Filter, l.Limit, 0)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(together[i], alone, func(a, b news.Teaser) bool {
				return a.EditionID == b.EditionID && a.Section == b.Section && slices.Equal(a.Authors, b.Authors)
			}) {
				t.Errorf("%s: together %q, alone %q", cases[i].name, headlines(together[i]), headlines(alone))
			}
		}
	})
}

func TestPublishedPagination(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		sec := f.section("assam", 1)
		start := f.clock.Now()
		var want []string
		// Stories 5 and 6 share a publication time: the later edition comes first.
		offsets := []time.Duration{0, 1, 2, 3, 4, 5, 5, 6}
		for i, off := range offsets {
			f.publishedStory(news.StoryInput{SectionID: sec.ID}, locale.English, fmt.Sprintf("Story %d", i), start.Add(off*time.Hour))
			want = append([]string{fmt.Sprintf("Story %d", i)}, want...)
		}
		filter := news.Filter{Lang: locale.English}
		total, err := f.store.CountPublished(f.ctx, filter)
		if err != nil || total != len(offsets) {
			t.Fatalf("count = %d, %v; want %d", total, err, len(offsets))
		}
		for _, size := range []int{1, 3, 5, 8, 20} {
			t.Run(fmt.Sprint("page size ", size), func(t *testing.T) {
				var got []string
				for offset := 0; offset < total; offset += size {
					page, err := f.store.Published(f.ctx, filter, size, offset)
					if err != nil {
						t.Fatal(err)
					}
					if want := min(size, total-offset); len(page) != want {
						t.Errorf("page at %d has %d teasers, want %d", offset, len(page), want)
					}
					got = append(got, headlines(page)...)
				}
				if !slices.Equal(got, want) {
					t.Errorf("pages = %q, want %q", got, want)
				}
				if past, err := f.store.Published(f.ctx, filter, size, total); err != nil || len(past) != 0 {
					t.Errorf("page past the end = %q, %v", headlines(past), err)
				}
			})
		}
		// A store keeping lists starts pages from boundaries it has seen: pages read forwards,
		// backwards and again give the same stories, across the tie too, and a forgotten
		// generation sees a newly published story.
		var gen memo.Gen
		kept := news.NewStore(d).WithClock(f.clock.Now)
		kept.KeepLists(&gen, time.Hour)
		for _, size := range []int{1, 2, 3, 5} {
			pages := (total + size - 1) / size
			order := []int{}
			for p := range pages {
				order = append(order, p)
			}
			for p := pages - 1; p >= 0; p-- {
				order = append(order, p)
			}
			order = append(order, 0, pages-1, pages/2, 1%pages)
			for _, p := range order {
				page, err := kept.Published(f.ctx, filter, size, p*size)
				if err != nil {
					t.Fatal(err)
				}
				if w := want[p*size : min(total, (p+1)*size)]; !slices.Equal(headlines(page), w) {
					t.Errorf("size %d, page %d (kept lists) = %q, want %q", size, p, headlines(page), w)
				}
			}
		}
		f.publishedStory(news.StoryInput{SectionID: sec.ID}, locale.English, "Story new", start.Add(-time.Hour))
		gen.Forget()
		page, err := kept.Published(f.ctx, filter, 3, len(offsets)-2)
		if err != nil {
			t.Fatal(err)
		}
		if w := append(slices.Clone(want[len(offsets)-2:]), "Story new"); !slices.Equal(headlines(page), w) {
			t.Errorf("last page after a publication = %q, want %q", headlines(page), w)
		}
		if n, err := kept.CountPublished(f.ctx, filter); err != nil || n != total+1 {
			t.Errorf("count after a publication = %d, %v; want %d", n, err, total+1)
		}
	})
}

func TestUnpublishRemovesFromLists(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		n := newNewsroom(f)
		art, err := f.store.PublishedArticle(f.ctx, n.wages, locale.English)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.store.Unpublish(f.ctx, art.EditionID); err != nil {
			t.Fatal(err)
		}
		check := func(when string, want []string) {
			t.Helper()
			filter := news.Filter{Lang: locale.English, SectionID: n.assam.ID}
			list, err := f.store.Published(f.ctx, filter, 10, 0)
			if err != nil {
				t.Fatal(err)
			}
			count, _ := f.store.CountPublished(f.ctx, filter)
			if got := headlines(list); !slices.Equal(got, want) || count != len(want) {
				t.Errorf("%s: published = %q (count %d), want %q", when, got, count, want)
			}
		}
		check("unpublished", []string{"Flood in Dhemaji"})
		if _, err := f.store.PublishedArticle(f.ctx, n.wages, locale.English); !errors.Is(err, news.ErrNotFound) {
			t.Errorf("unpublished article: err = %v, want ErrNotFound", err)
		}
		related, err := f.store.Related(f.ctx, n.dhemaji, locale.English, n.assam.ID, 10)
		if err != nil || slices.Contains(headlines(related), "Tea garden wages") {
			t.Errorf("related = %q, %v; want no unpublished story", headlines(related), err)
		}
		f.publish(art.EditionID, f.clock.Now())
		check("published again", []string{"Tea garden wages", "Flood in Dhemaji"})
	})
}

func TestPublishedArticle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		n := newNewsroom(f)
		found := []struct {
			name     string
			story    int64
			lang     locale.Lang
			headline string
			body     string
			tags     []string
			editions []locale.Lang
		}{
			{"both languages published", n.dhemaji, locale.English, "Flood in Dhemaji", "<p>Water everywhere.</p>", []string{"flood"}, []locale.Lang{locale.English, locale.Assamese}},
			{"assamese of both", n.dhemaji, locale.Assamese, "ধেমাজিত বান", "<p>চাৰিওফালে পানী।</p>", []string{"flood"}, []locale.Lang{locale.English, locale.Assamese}},
			{"other language a draft", n.boatRace, locale.English, "Boat race", "<p>Boat race</p>", []string{"flood"}, []locale.Lang{locale.English}},
			{"assamese only", n.asOnly, locale.Assamese, "বানপানীত ক্ষতি", "<p>বানপানীত ক্ষতি</p>", []string{"flood"}, []locale.Lang{locale.Assamese}},
			{"no tags", n.cricket, locale.English, "Cricket at Barsapara", "<p>Cricket at Barsapara</p>", nil, []locale.Lang{locale.English}},
		}
		for _, c := range found {
			t.Run(c.name, func(t *testing.T) {
				a, err := f.store.PublishedArticle(f.ctx, c.story, c.lang)
				if err != nil {
					t.Fatal(err)
				}
				if a.StoryID != c.story || a.Lang != c.lang || a.Headline != c.headline || a.Body != c.body || a.Revision != 1 {
					t.Errorf("article = %d %s %q %q rev %d", a.StoryID, a.Lang, a.Headline, a.Body, a.Revision)
				}
				var tags []string
				for _, tag := range a.Tags {
					tags = append(tags, tag.Slug)
				}
				if !slices.Equal(tags, c.tags) {
					t.Errorf("tags = %q, want %q", tags, c.tags)
				}
				if !slices.Equal(a.Editions, c.editions) {
					t.Errorf("editions = %q, want %q", a.Editions, c.editions)
				}
				if a.Section.ID == 0 {
					t.Errorf("section not filled: %+v", a.Section)
				}
			})
		}
		a, err := f.store.PublishedArticle(f.ctx, n.dhemaji, locale.English)
		if err != nil {
			t.Fatal(err)
		}
		if a.Image == nil || a.Image.Key != n.image.Key || len(a.Authors) != 2 || a.Authors[0].ID != n.arup.ID || a.Section != n.assam {
			t.Errorf("article teaser = %+v", a.Teaser)
		}

		missing := []struct {
			name  string
			story int64
			lang  locale.Lang
		}{
			{"draft", n.draft, locale.English},
			{"unpublished", n.withdrawn, locale.English},
			{"wrong language", n.wages, locale.Assamese},
			{"other language a draft", n.boatRace, locale.Assamese},
			{"not in english", n.asOnly, locale.English},
			{"unknown story", n.boatRace + 1000, locale.English},
		}
		for _, c := range missing {
			if _, err := f.store.PublishedArticle(f.ctx, c.story, c.lang); !errors.Is(err, news.ErrNotFound) {
				t.Errorf("%s: err = %v, want ErrNotFound", c.name, err)
			}
		}
	})
}

func TestRelated(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		n := newNewsroom(f)
		cases := []struct {
			name    string
			story   int64
			lang    locale.Lang
			section news.Section
			limit   int
			want    []string
		}{
			// Boat race shares the flood tag, so it comes before the newer story that only
			// shares the section; the draft and the withdrawn story never appear.
			{"tag before section", n.dhemaji, locale.English, n.assam, 10, []string{"Boat race", "Tea garden wages"}},
			{"limit", n.dhemaji, locale.English, n.assam, 1, []string{"Boat race"}},
			{"in assamese", n.dhemaji, locale.Assamese, n.assam, 10, []string{"বানপানীত ক্ষতি"}},
			{"section only", n.wages, locale.English, n.assam, 10, []string{"Flood in Dhemaji"}},
			{"no tags", n.cricket, locale.English, n.sports, 10, []string{"Boat race"}},
			{"tag across sections", n.boatRace, locale.English, n.sports, 10, []string{"Flood in Dhemaji", "Cricket at Barsapara"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				list, err := f.store.Related(f.ctx, c.story, c.lang, c.section.ID, c.limit)
				if err != nil {
					t.Fatal(err)
				}
				if got := headlines(list); !slices.Equal(got, c.want) {
					t.Errorf("related = %q, want %q", got, c.want)
				}
				for _, tz := range list {
					if tz.StoryID == c.story || tz.Lang != c.lang {
						t.Errorf("related holds %d in %s", tz.StoryID, tz.Lang)
					}
				}
			})
		}
	})
}

// TestKeptWholeLists: a store keeping lists keeps a home page's lists and an article's related
// stories until its generation is forgotten (what every page invalidation does), so a
// publication reaches them once the app forgets; a caller appending to a kept list does not
// change it.
func TestKeptWholeLists(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		sec := f.section("assam", 1)
		tag := f.tag("floods")
		start := f.clock.Now().Add(-time.Hour)
		first := f.publishedStory(news.StoryInput{SectionID: sec.ID, TagIDs: []int64{tag.ID}}, locale.English, "Flood warning", start)
		var gen memo.Gen
		kept := news.NewStore(d).WithClock(f.clock.Now)
		kept.KeepLists(&gen, time.Hour)
		lists := []news.List{{Filter: news.Filter{Lang: locale.English}, Limit: 5}, {Filter: news.Filter{Lang: locale.English, SectionID: sec.ID}, Limit: 5}}
		read := func() (home [][]news.Teaser, related []news.Teaser) {
			t.Helper()
			home, err := kept.PublishedLists(f.ctx, lists)
			if err != nil {
				t.Fatal(err)
			}
			related, err = kept.Related(f.ctx, first.StoryID, locale.English, sec.ID, 4)
			if err != nil {
				t.Fatal(err)
			}
			return home, related
		}
		home, related := read()
		if got := headlines(home[0]); !slices.Equal(got, []string{"Flood warning"}) || len(related) != 0 {
			t.Fatalf("first read: latest %q, related %q", got, headlines(related))
		}
		home[0] = append(home[0], news.Teaser{Headline: "appended by a caller"})
		f.publishedStory(news.StoryInput{SectionID: sec.ID, TagIDs: []int64{tag.ID}}, locale.English, "River rises", start.Add(time.Minute))
		home, related = read()
		if got := headlines(home[0]); !slices.Equal(got, []string{"Flood warning"}) || len(related) != 0 {
			t.Errorf("before the generation is forgotten: latest %q, related %q; want the kept lists unchanged", got, headlines(related))
		}
		gen.Forget()
		home, related = read()
		if got, want := headlines(home[0]), []string{"River rises", "Flood warning"}; !slices.Equal(got, want) {
			t.Errorf("after Forget: latest %q, want %q", got, want)
		}
		if got, want := headlines(home[1]), []string{"River rises", "Flood warning"}; !slices.Equal(got, want) {
			t.Errorf("after Forget: section %q, want %q", got, want)
		}
		if got, want := headlines(related), []string{"River rises"}; !slices.Equal(got, want) {
			t.Errorf("after Forget: related %q, want %q", got, want)
		}
	})
}
