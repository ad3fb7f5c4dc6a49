package site

import (
	"net/http"
	"strconv"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
)

// The page-cache tags of reader pages (pagecache.Tag): what each page shows, so that a change
// drops exactly the pages that show it. Every cached page shows the site's settings and
// menus; those changes drop everything (pagecache.All).

// StoryTag is carried by every page of a story's own (its article pages in both languages,
// its machine translation).
func StoryTag(storyID int64) string { return "story:" + strconv.FormatInt(storyID, 10) }

// CardTag is carried by every list in lang that shows the story's card (with its headline and
// comment count).
func CardTag(storyID int64, lang locale.Lang) string {
	return "card:" + strconv.FormatInt(storyID, 10) + ":" + string(lang)
}

// HomeTag is carried by the home page in lang, which a newly published story may enter.
func HomeTag(lang locale.Lang) string { return "home:" + string(lang) }

// SectionTag is carried by a section's list in lang, and by the article pages whose related
// stories come from it.
func SectionTag(id int64, lang locale.Lang) string { return listTag("section", id, lang) }

// TagTag is carried by a tag's list in lang.
func TagTag(id int64, lang locale.Lang) string { return listTag("tag", id, lang) }

// AuthorTag is carried by an author's list in lang.
func AuthorTag(id int64, lang locale.Lang) string { return listTag("author", id, lang) }

func listTag(kind string, id int64, lang locale.Lang) string {
	return kind + ":" + strconv.FormatInt(id, 10) + ":" + string(lang)
}

// tagCards declares that the page shows the cards of list.
func tagCards(w http.ResponseWriter, lang locale.Lang, list []news.Teaser) {
	tags := make([]string, len(list))
	for i, t := range list {
		tags[i] = CardTag(t.StoryID, lang)
	}
	pagecache.Tag(w, tags...)
}

// FeedTag is carried by every feed in lang (the site's, its sections', tags' and authors')
// and by the feed of both languages: any publication, edit or withdrawal in lang drops them.
func FeedTag(lang locale.Lang) string { return "feed:" + string(lang) }

// SitemapTag is carried by the sitemap index and every sitemap: what any story in lang
// changes (its lastmod, a new month, the News list).
func SitemapTag(lang locale.Lang) string { return "sitemap:" + string(lang) }

// BannerTag is carried by every reader page in lang: all of them show its breaking banner.
func BannerTag(lang locale.Lang) string { return "banner:" + string(lang) }

// LiveTag is carried by a live blog's article page in lang and its updates endpoint
// (live.go): what an entry changes. Its cards carry CardTag as every card does.
func LiveTag(storyID int64, lang locale.Lang) string {
	return "live:" + strconv.FormatInt(storyID, 10) + ":" + string(lang)
}
