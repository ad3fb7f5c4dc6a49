package news_test

import (
	"errors"
	"image/color"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/news"
)

// kind is one of the taxonomies sharing the same rules: a slug, a name per language.
type kind struct {
	name       string
	table      string
	requiresAS bool
	create     func(f *fixture, slug string, n news.Names) error
	lookup     func(f *fixture, slug string) (news.Names, error)
}

var kinds = []kind{
	{
		name: "section", table: "sections", requiresAS: true,
		create: func(f *fixture, slug string, n news.Names) error {
			_, err := f.store.CreateSection(f.ctx, news.SectionInput{Slug: slug, Name: n})
			return err
		},
		lookup: func(f *fixture, slug string) (news.Names, error) {
			s, err := f.store.SectionBySlug(f.ctx, slug)
			return s.Name, err
		},
	},
	{
		name: "tag", table: "tags",
		create: func(f *fixture, slug string, n news.Names) error {
			_, err := f.store.CreateTag(f.ctx, slug, n)
			return err
		},
		lookup: func(f *fixture, slug string) (news.Names, error) {
			t, err := f.store.TagBySlug(f.ctx, slug)
			return t.Name, err
		},
	},
	{
		name: "author", table: "authors",
		create: func(f *fixture, slug string, n news.Names) error {
			_, err := f.store.CreateAuthor(f.ctx, news.AuthorInput{Slug: slug, Name: n})
			return err
		},
		lookup: func(f *fixture, slug string) (news.Names, error) {
			a, err := f.store.AuthorBySlug(f.ctx, slug)
			return a.Name, err
		},
	},
}

func TestTaxonomyCreateAndLookup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for _, k := range kinds {
			t.Run(k.name, func(t *testing.T) {
				f := f.on(t)
				// The old encoding of khanda ta (ত + ্ + ZWJ) is stored as ৎ.
				in := news.Names{EN: "  Flood Watch ", AS: " বানপানী হঠাত\u09CD\u200D "}
				if err := k.create(f, "flood-watch", in); err != nil {
					t.Fatal(err)
				}
				got, err := k.lookup(f, "flood-watch")
				if err != nil {
					t.Fatal(err)
				}
				if want := (news.Names{EN: "Flood Watch", AS: "বানপানী হঠাৎ"}); got != want {
					t.Errorf("names = %+q, want %+q", got, want)
				}
				if k.name == "section" {
					// A slug in use is the editor's to change, not a failure of ours.
					err := k.create(f, "flood-watch", in)
					if fe, ok := fielderr.As(err); !ok || fe.Code("slug") != fielderr.Taken {
						t.Errorf("second section flood-watch: err = %v, want slug taken", err)
					}
				}
				if _, err := k.lookup(f, "no-such-slug"); !errors.Is(err, news.ErrNotFound) {
					t.Errorf("unknown slug: err = %v, want ErrNotFound", err)
				}
			})
		}
	})
}

func TestTaxonomyValidation(t *testing.T) {
	names := news.Names{EN: "Tea", AS: "চাহ"}
	cases := []struct {
		name    string
		slug    string
		names   news.Names
		want    []string
		wantAll []string // when the kind also requires the Assamese name
	}{
		{name: "empty slug", slug: "", names: names, want: []string{"slug"}},
		{name: "upper case", slug: "Tea", names: names, want: []string{"slug"}},
		{name: "leading hyphen", slug: "-tea", names: names, want: []string{"slug"}},
		{name: "trailing hyphen", slug: "tea-", names: names, want: []string{"slug"}},
		{name: "space", slug: "tea garden", names: names, want: []string{"slug"}},
		{name: "underscore", slug: "tea_garden", names: names, want: []string{"slug"}},
		{name: "assamese letters", slug: "চাহ", names: names, want: []string{"slug"}},
		{name: "too long", slug: strings.Repeat("a", 81), names: names, want: []string{"slug"}},
		{name: "no english name", slug: "tea", names: news.Names{AS: "চাহ"}, want: []string{"name_en"}},
		{name: "blank english name", slug: "tea", names: news.Names{EN: " \t", AS: "চাহ"}, want: []string{"name_en"}},
		{name: "no assamese name", slug: "tea", names: news.Names{EN: "Tea"}, want: nil, wantAll: []string{"name_as"}},
		{name: "nothing", slug: "", names: news.Names{}, want: []string{"slug", "name_en"}, wantAll: []string{"slug", "name_en", "name_as"}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for _, k := range kinds {
			for _, c := range cases {
				t.Run(k.name+"/"+c.name, func(t *testing.T) {
					f := f.on(t)
					want := c.want
					if k.requiresAS && c.wantAll != nil {
						want = c.wantAll
					}
					err := k.create(f, c.slug, c.names)
					if want == nil {
						// The Assamese name is optional here.
						if err != nil {
							t.Fatalf("err = %v, want it accepted", err)
						}
						return
					}
					if got := validationFields(t, err); !sameKeys(got, want...) {
						t.Errorf("fields = %v, want keys %v", got, want)
					}
				})
			}
			// Only the one valid create (no Assamese name, where optional) stores a row.
			want := 1
			if k.requiresAS {
				want = 0
			}
			if n := f.count(k.table); n != want {
				t.Errorf("%s: %d rows stored, want %d", k.name, n, want)
			}
		}
	})
}

func TestTaxonomyDuplicateSlugKeepsFirst(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for _, k := range kinds {
			t.Run(k.name, func(t *testing.T) {
				f := f.on(t)
				first := news.Names{EN: "Bihu", AS: "বিহু"}
				if err := k.create(f, "bihu", first); err != nil {
					t.Fatal(err)
				}
				if err := k.create(f, "bihu", news.Names{EN: "Other", AS: "আন"}); err == nil {
					t.Fatal("duplicate slug accepted")
				}
				got, err := k.lookup(f, "bihu")
				if err != nil || got != first {
					t.Errorf("after duplicate: %+v, %v; want %+v", got, err, first)
				}
				if n := f.count(k.table); n != 1 {
					t.Errorf("%d rows, want 1", n)
				}
			})
		}
	})
}

func TestSectionsInMenuOrder(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for _, s := range []struct {
			slug string
			pos  int
		}{{"sports", 3}, {"assam", 1}, {"business", 2}, {"india", 2}, {"world", 0}} {
			f.section(s.slug, s.pos)
		}
		list, err := f.store.Sections(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range list {
			got = append(got, s.Slug)
		}
		// Equal positions keep creation order.
		want := "world assam business india sports"
		if strings.Join(got, " ") != want {
			t.Errorf("sections = %v, want %s", got, want)
		}
	})
}

func TestAuthorPhoto(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		img := f.image(color.RGBA{R: 200, A: 255})
		in := news.AuthorInput{Slug: "rina-das", Name: news.Names{EN: "Rina Das", AS: "ৰীণা দাস"}, Bio: news.Names{EN: " Reporter ", AS: "সাংবাদিক"}, PhotoID: img.ID}
		a, err := f.store.CreateAuthor(f.ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.store.AuthorBySlug(f.ctx, "rina-das")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != a.ID || got.Bio.EN != "Reporter" || got.Bio.AS != "সাংবাদিক" {
			t.Errorf("author = %+v", got)
		}
		want := news.Photo{MediaID: img.ID, Key: img.Key, Width: 4, Height: 3}
		if got.Photo == nil || *got.Photo != want {
			t.Fatalf("photo = %+v, want %+v", got.Photo, want)
		}
		if got.Photo.URL() != "/media/"+img.Key {
			t.Errorf("photo URL = %s", got.Photo.URL())
		}
		noPhoto := f.author("no-photo")
		if noPhoto.Photo != nil {
			t.Errorf("author without photo has %+v", noPhoto.Photo)
		}
	})
}

func TestStoryTagsAndSection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		if _, err := f.store.CreateStory(f.ctx, news.StoryInput{}); !sameKeys(validationFields(t, err), "section") {
			t.Errorf("story without section: %v", err)
		}
		if n := f.count("stories"); n != 0 {
			t.Errorf("%d stories stored by an invalid create", n)
		}
		sec := f.section("assam", 1)
		tea, flood, bihu := f.tag("tea"), f.tag("flood"), f.tag("bihu")
		id := f.story(news.StoryInput{SectionID: sec.ID, TagIDs: []int64{tea.ID, flood.ID, bihu.ID}})
		tags, err := f.store.StoryTags(f.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, tag := range tags {
			got = append(got, tag.Slug)
		}
		if strings.Join(got, " ") != "bihu flood tea" {
			t.Errorf("tags = %v, want by name: bihu flood tea", got)
		}
	})
}
