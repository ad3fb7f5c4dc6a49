package digest

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/views"
)

// Story is one story a digest may list.
type Story struct {
	StoryID int64
	// Path is the story's page on the site, "/news/12/slug" or "/as/news/12/slug".
	Path        string
	Headline    string
	Standfirst  string
	SectionID   int64
	Section     string
	PublishedAt time.Time
	// Lead marks the editors' lead and featured stories.
	Lead bool
}

// Window is how far back a digest looks: the day's stories.
const Window = 24 * time.Hour

// candidateMax is how many stories Candidates gathers, enough for every section's share.
const candidateMax = 60

// Candidates lists the day's most important stories in lang as of now, most important first:
// the editors' lead and featured stories, then the most read of the last day
// (internal/views), then the latest. Each subscriber's digest takes the first MaxStories of
// them in the sections they chose (Pick).
func Candidates(ctx context.Context, ns *news.Store, vs *views.Store, lang locale.Lang, now time.Time) ([]Story, error) {
	since := now.Add(-Window)
	seen := map[int64]bool{}
	var out []Story
	add := func(list []news.Teaser, lead bool) {
		for _, t := range list {
			if seen[t.StoryID] || t.PublishedAt.Before(since) || len(out) >= candidateMax {
				continue
			}
			seen[t.StoryID] = true
			out = append(out, storyOf(t, lang, lead))
		}
	}
	featured, err := ns.Published(ctx, news.Filter{Lang: lang, FeaturedOnly: true}, 20, 0)
	if err != nil {
		return nil, err
	}
	add(featured, true)
	if vs != nil {
		ranks, err := vs.MostRead(ctx, lang, since, candidateMax)
		if err != nil {
			return nil, err
		}
		ids := make([]int64, len(ranks))
		for i, r := range ranks {
			ids[i] = r.StoryID
		}
		read, err := ns.PublishedStories(ctx, lang, ids)
		if err != nil {
			return nil, err
		}
		add(read, false)
	}
	latest, err := ns.Published(ctx, news.Filter{Lang: lang}, candidateMax, 0)
	if err != nil {
		return nil, err
	}
	add(latest, false)
	return out, nil
}

func storyOf(t news.Teaser, lang locale.Lang, lead bool) Story {
	p := "/news/" + strconv.FormatInt(t.StoryID, 10)
	if lang == locale.Assamese {
		p = "/as" + p
	}
	if t.Slug != "" {
		p += "/" + url.PathEscape(t.Slug)
	}
	return Story{
		StoryID: t.StoryID, Path: p, Headline: t.Headline, Standfirst: t.Standfirst,
		SectionID: t.Section.ID, Section: t.Section.Name.In(lang), PublishedAt: t.PublishedAt, Lead: lead || t.Featured,
	}
}

// Pick is the digest of a subscriber to sections (none: every section): the first MaxStories
// candidates in them.
func Pick(candidates []Story, sections []int64) []Story {
	var out []Story
	for _, st := range candidates {
		if len(out) == MaxStories {
			break
		}
		if len(sections) == 0 || slices.Contains(sections, st.SectionID) {
			out = append(out, st)
		}
	}
	return out
}
