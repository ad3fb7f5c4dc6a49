package site_test

import (
	"context"
	"strings"
	"testing"
	"unicode"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/settings"
)

// TestAssamesePagesShowAssameseSettings fills every per-language setting in both languages
// and reads the Assamese home, Contact Us and a story: no English (Latin-script) value of a
// setting or of the story's photo credit may show where its Assamese value exists, and each
// Assamese value shows. An Assamese value left empty falls back to the English one.
func TestAssamesePagesShowAssameseSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		store := settings.NewStore(d)
		s, err := store.Site(ctx)
		if err != nil {
			t.Fatal(err)
		}
		s.NameEN, s.NameAS = "Batori Daily", "দৈনিক বাতৰি"
		s.TaglineEN, s.TaglineAS = "News from the Brahmaputra valley", "ব্ৰহ্মপুত্ৰ উপত্যকাৰ খবৰ"
		s.Address, s.AddressAS = "Batori House, 12 Rajgarh Road, Guwahati", "«বাতৰি» ভৱন, ১২ ৰাজগড় পথ, গুৱাহাটী"
		s.OfficeHoursEN, s.OfficeHoursAS = "Monday to Saturday, 10 am to 6 pm\nSunday closed", "সোমবাৰৰ পৰা শনিবাৰলৈ, পুৱা ১০ বজাৰ পৰা সন্ধিয়া ৬ বজালৈ\nদেওবাৰে বন্ধ"
		if err := store.SaveSite(ctx, s); err != nil {
			t.Fatal(err)
		}
		values := s.LocalizedSettings()
		for _, v := range values {
			if v.EN == "" || v.AS == "" || !latin(v.EN) {
				t.Fatalf("the test sets %s to %q / %q: give every per-language setting a Latin English and an Assamese value here", v.Key, v.EN, v.AS)
			}
		}
		both, _ := f.stories(t)
		as, err := f.news.PublishedArticle(ctx, both.StoryID, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if both.Image == nil || as.Image == nil || as.Image.Credit == "" || latin(as.Image.Credit) {
			t.Fatalf("the demo story %d lacks an Assamese photo credit: %+v", both.StoryID, as.Image)
		}
		values = append(values, settings.Localized{Key: "photo credit", EN: both.Image.Credit, AS: as.Image.Credit})

		var seen strings.Builder
		for _, path := range []string{"/as/", "/as/contact", storyPath(locale.Assamese, as.StoryID, as.Slug)} {
			text := f.page(t, path, 200).Find("body").Text()
			seen.WriteString(text)
			for _, v := range values {
				for _, line := range strings.Split(v.EN, "\n") {
					if strings.Contains(text, line) {
						t.Errorf("%s shows the English %s %q although it has an Assamese one", path, v.Key, line)
					}
				}
			}
		}
		for _, v := range values {
			if !strings.Contains(seen.String(), strings.Split(v.AS, "\n")[0]) {
				t.Errorf("no Assamese page shows the %s %q", v.Key, v.AS)
			}
		}

		// An empty Assamese value falls back to the English one.
		s.AddressAS, s.OfficeHoursAS = "", ""
		if got := s.AddressIn(locale.Assamese); got != s.Address {
			t.Errorf("AddressIn(as) with no Assamese address = %q, want the English one", got)
		}
		if got := s.OfficeHours(locale.Assamese); got != s.OfficeHoursEN {
			t.Errorf("OfficeHours(as) with no Assamese hours = %q, want the English ones", got)
		}
	})
}

// latin reports whether s has a Latin letter and no Bengali-script one.
func latin(s string) bool {
	hasLatin := false
	for _, r := range s {
		if unicode.Is(unicode.Bengali, r) {
			return false
		}
		hasLatin = hasLatin || unicode.Is(unicode.Latin, r)
	}
	return hasLatin
}
