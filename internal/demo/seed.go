package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/settings"
)

// Stores are what the demo loader writes to.
type Stores struct {
	News     *news.Store
	Settings *settings.Store
	Media    *media.Library
	// Pages, when set, receives the About us, Privacy policy and Terms pages.
	Pages *pages.Store
}

// Options tune the loader.
type Options struct {
	// Now is the moment stories are dated back from; zero means time.Now.
	Now time.Time
}

// Seed loads the demo newspaper into a site that has no stories yet and reports how many
// stories it added; a site with stories is left alone.
func Seed(ctx context.Context, st Stores, opt Options) (int, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	n, err := st.News.CountAllStories(ctx)
	if err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, nil
	}
	c, err := Load()
	if err != nil {
		return 0, err
	}
	site := settings.Defaults()
	site.Address = "Batori House, 12 Rajgarh Road, Guwahati 781003, Assam"
	site.AddressAS = "«বাতৰি» ভৱন, ১২ ৰাজগড় পথ, গুৱাহাটী ৭৮১০০৩, অসম"
	site.OfficeHoursEN = "Monday to Saturday, 10 am to 6 pm\nNews desk: every day until midnight"
	site.OfficeHoursAS = "সোমবাৰৰ পৰা শনিবাৰলৈ, পুৱা ১০ বজাৰ পৰা সন্ধিয়া ৬ বজালৈ\nবাতৰি ডেস্ক: প্ৰতিদিনে মাজনিশালৈকে"
	site.Email = "desk@batori.example"
	site.Phone = "+91 361 245 0000"
	if err := st.Settings.SaveSite(ctx, site); err != nil {
		return 0, err
	}

	sections := map[string]int64{}
	for i, s := range c.Sections {
		sec, err := st.News.CreateSection(ctx, news.SectionInput{Slug: s.Slug, Name: news.Names{EN: s.NameEN, AS: s.NameAS}, Position: i + 1})
		if err != nil {
			return 0, err
		}
		sections[s.Slug] = sec.ID
	}
	tags := map[string]int64{}
	for _, t := range c.Tags {
		tag, err := st.News.CreateTag(ctx, t.Slug, news.Names{EN: t.NameEN, AS: t.NameAS})
		if err != nil {
			return 0, err
		}
		tags[t.Slug] = tag.ID
	}
	authors := map[string]int64{}
	for _, a := range c.Authors {
		photo, err := prepared(a.PhotoDir())
		if err != nil {
			return 0, err
		}
		m, err := st.Media.AddPrepared(ctx, a.Slug+".jpg", photo)
		if err != nil {
			return 0, err
		}
		au, err := st.News.CreateAuthor(ctx, news.AuthorInput{Slug: a.Slug, Name: news.Names{EN: a.NameEN, AS: a.NameAS},
			Bio: news.Names{EN: a.BioEN, AS: a.BioAS}, PhotoID: m.ID})
		if err != nil {
			return 0, err
		}
		authors[a.Slug] = au.ID
	}
	for i, s := range c.Stories {
		id, err := seedStory(ctx, st, opt, s, sections, tags, authors)
		if err != nil {
			return i, fmt.Errorf("demo story %d (%s): %w", i+1, s.EN.Headline, err)
		}
		// The first story, the flood watch, runs a live blog in both languages (live.go).
		if i == 0 {
			if err := seedLive(ctx, st, opt, id, authors); err != nil {
				return i, fmt.Errorf("demo live blog: %w", err)
			}
		}
	}
	if st.Pages != nil {
		if err := seedPages(ctx, st.Pages); err != nil {
			return 0, err
		}
	}
	return len(c.Stories), nil
}

func seedStory(ctx context.Context, st Stores, opt Options, s Story, sections, tags, authors map[string]int64) (int64, error) {
	var tagIDs, authorIDs []int64
	for _, t := range s.Tags {
		tagIDs = append(tagIDs, tags[t])
	}
	for _, a := range s.Authors {
		authorIDs = append(authorIDs, authors[a])
	}
	published := opt.Now.Add(-time.Duration(s.HoursAgo) * time.Hour)
	store := st.News.WithClock(func() time.Time { return published })
	storyID, err := store.CreateStory(ctx, news.StoryInput{SectionID: sections[s.Section], TagIDs: tagIDs, Featured: s.Featured})
	if err != nil {
		return 0, err
	}
	var imageID int64
	if s.Image != nil {
		pic, err := prepared(s.Image.Dir())
		if err != nil {
			return 0, err
		}
		m, err := st.Media.AddPrepared(ctx, s.Image.Scene+".jpg", pic)
		if err != nil {
			return 0, err
		}
		imageID = m.ID
	}
	for _, ed := range []struct {
		lang        locale.Lang
		e           *Edition
		alt, cap    string
		updatedNote string
	}{
		{locale.English, s.EN, alt(s.Image, true), caption(s.Image, true), "<p><em>This story has been updated with the latest information.</em></p>"},
		{locale.Assamese, s.AS, alt(s.Image, false), caption(s.Image, false), "<p><em>শেহতীয়া তথ্যৰে এই খবৰ হালনাগাদ কৰা হৈছে।</em></p>"},
	} {
		if ed.e == nil {
			continue
		}
		in := news.EditionInput{StoryID: storyID, Lang: ed.lang, Headline: ed.e.Headline, Standfirst: ed.e.Standfirst, Body: ed.e.Body,
			ImageID: imageID, ImageAlt: ed.alt, ImageCaption: ed.cap, AuthorIDs: authorIDs}
		if s.Image != nil {
			in.ImageCredit = s.Image.Credit
			if ed.lang == locale.Assamese {
				in.ImageCredit = s.Image.CreditAS
			}
		}
		e, err := store.SaveEdition(ctx, in)
		if err != nil {
			return 0, err
		}
		if err := store.Publish(ctx, e.ID, published); err != nil {
			return 0, err
		}
		if s.UpdatedHoursAgo > 0 {
			updated := opt.Now.Add(-time.Duration(s.UpdatedHoursAgo) * time.Hour)
			in.Body += ed.updatedNote
			in.BaseRevision = e.Revision
			if _, err := st.News.WithClock(func() time.Time { return updated }).SaveEdition(ctx, in); err != nil {
				return 0, err
			}
		}
	}
	return storyID, nil
}

func alt(img *Image, en bool) string {
	switch {
	case img == nil:
		return ""
	case en || img.AltAS == "":
		return img.AltEN
	}
	return img.AltAS
}

func caption(img *Image, en bool) string {
	switch {
	case img == nil:
		return ""
	case en || img.CaptionAS == "":
		return img.CaptionEN
	}
	return img.CaptionAS
}
