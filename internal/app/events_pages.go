package app

import (
	"slices"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/translation"
)

// pageTags are the page-cache tags of the reader pages that events change (site/tags.go says
// which pages carry which tag).
func pageTags(events []any) []string {
	var tags []string
	for _, ev := range events {
		switch ev := ev.(type) {
		case settings.Changed, news.SectionsChanged, translation.ConfigChanged, comments.SettingsChanged:
			// Menus, the masthead, the "Translate" switch and the comment forms are on every page.
			return []string{pagecache.All}
		case pages.MenuChanged:
			return []string{pagecache.All}
		case news.AuthorChanged:
			// Bylines are on cards and articles of every list the author wrote for.
			return []string{pagecache.All}
		case pages.Changed:
			if ev.InMenu {
				// The footer menu, on every page, shows the page's title.
				return []string{pagecache.All}
			}
			// The pages sitemap lists published pages.
			tags = append(tags, site.PageTag(ev.PageID), site.SitemapTag(locale.English), site.SitemapTag(locale.Assamese))
		case news.StoryPublished:
			tags = append(tags, listingTags(ev.Listing)...)
		case news.StoryWithdrawn:
			tags = append(tags, listingTags(ev.Listing)...)
		case news.EditionChanged:
			tags = append(tags, listingTags(ev.Listing)...)
		case news.BannerChanged:
			tags = append(tags, site.BannerTag(ev.Lang))
		case news.LiveChanged:
			tags = append(tags, site.LiveTag(ev.StoryID, ev.Lang), site.CardTag(ev.StoryID, ev.Lang))
		case news.LiveEntryChanged:
			tags = append(tags, site.LiveTag(ev.StoryID, ev.Lang), site.CardTag(ev.StoryID, ev.Lang))
		case news.MachineTranslated:
			tags = append(tags, site.StoryTag(ev.StoryID))
		case comments.Posted:
			if ev.Comment.Status == comments.Approved {
				tags = append(tags, commentTags(ev.Comment.StoryID, ev.Comment.Lang)...)
			}
		case comments.Published:
			tags = append(tags, commentTags(ev.Item.StoryID, ev.Item.Lang)...)
		case comments.TakenDown:
			tags = append(tags, commentTags(ev.StoryID, ev.Lang)...)
		case comments.ClosedChanged:
			tags = append(tags, site.StoryTag(ev.StoryID))
		}
	}
	return slices.Compact(slices.Sorted(slices.Values(tags)))
}

// commentTags are the pages a comment on a story in lang shows on: the story's article pages
// (both languages share the story's tag) and, in lang, the cards that count its comments.
func commentTags(storyID int64, lang locale.Lang) []string {
	return []string{site.StoryTag(storyID), site.CardTag(storyID, lang)}
}

// listingTags are the pages an edition shows on, or may enter: its story's pages, its card
// wherever it is, the home, section, tag and author lists of its language, and its
// language's feeds and the sitemaps.
func listingTags(l news.Listing) []string {
	langs := []locale.Lang{l.Lang}
	if l.Lang == "" {
		langs = []locale.Lang{locale.English, locale.Assamese}
	}
	tags := []string{site.StoryTag(l.StoryID)}
	for _, lang := range langs {
		tags = append(tags, site.CardTag(l.StoryID, lang), site.HomeTag(lang), site.SectionTag(l.SectionID, lang),
			site.FeedTag(lang), site.SitemapTag(lang))
		for _, id := range l.TagIDs {
			tags = append(tags, site.TagTag(id, lang))
		}
		for _, id := range l.AuthorIDs {
			tags = append(tags, site.AuthorTag(id, lang))
		}
	}
	return tags
}
