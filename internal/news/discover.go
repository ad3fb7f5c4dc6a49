package news

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// The reads below serve the machine-read forms of the site (feeds and sitemaps) and its
// language links.

// PublishedSlugs returns the slug of each published edition of a story, by language.
func (s *Store) PublishedSlugs(ctx context.Context, storyID int64) (map[locale.Lang]string, error) {
	_, slugs, err := s.publishedEditions(ctx, storyID)
	return slugs, err
}

// Bodies returns the stored (sanitised) bodies of editions, by edition id.
func (s *Store) Bodies(ctx context.Context, editionIDs []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(editionIDs) == 0 {
		return out, nil
	}
	args := make([]any, len(editionIDs))
	for i, id := range editionIDs {
		args[i] = id
	}
	rows, err := s.db.Query(ctx, "SELECT id, body FROM editions WHERE id IN ("+db.In(len(args))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("bodies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var body string
		if err := rows.Scan(&id, &body); err != nil {
			return nil, err
		}
		out[id] = body
	}
	return out, rows.Err()
}

// PublishedBetween lists the editions in every language published in [from, to), newest
// first, at most limit.
func (s *Store) PublishedBetween(ctx context.Context, from, to time.Time, limit int) ([]Teaser, error) {
	return s.teasers(ctx, teasersWhere(`e.status = ? AND e.published_at >= ? AND e.published_at < ?`)+`
		ORDER BY e.published_at DESC, e.id DESC LIMIT ?`, Published, from.UTC(), to.UTC(), limit)
}

// Month is a calendar month (UTC) of published editions in one language.
type Month struct {
	// Start is the first instant of the month, in UTC.
	Start   time.Time
	Count   int
	LastMod time.Time
}

// End is the first instant of the next month.
func (m Month) End() time.Time { return m.Start.AddDate(0, 1, 0) }

// PublishedMonths lists the months in which editions in lang were published, oldest first,
// with how many and their latest change. It reads one pair of times per edition; the months
// are counted here rather than in SQL, whose month arithmetic differs between the databases.
func (s *Store) PublishedMonths(ctx context.Context, lang locale.Lang) ([]Month, error) {
	rows, err := s.db.Query(ctx, `SELECT published_at, updated_at FROM editions WHERE lang = ? AND status = ?
		ORDER BY published_at`, string(lang), Published)
	if err != nil {
		return nil, fmt.Errorf("published months: %w", err)
	}
	defer rows.Close()
	var out []Month
	for rows.Next() {
		var pub, upd sql.NullTime
		if err := rows.Scan(&pub, &upd); err != nil {
			return nil, err
		}
		p := pub.Time.UTC()
		start := time.Date(p.Year(), p.Month(), 1, 0, 0, 0, 0, time.UTC)
		if len(out) == 0 || !out[len(out)-1].Start.Equal(start) {
			out = append(out, Month{Start: start})
		}
		m := &out[len(out)-1]
		m.Count++
		for _, t := range []time.Time{p, upd.Time.UTC()} {
			if t.After(m.LastMod) {
				m.LastMod = t
			}
		}
	}
	return out, rows.Err()
}

// SitemapEntry is a published edition as a sitemap lists it.
type SitemapEntry struct {
	StoryID     int64
	Slug        string
	PublishedAt time.Time
	UpdatedAt   time.Time
	// ImageKey is the storage key of the edition's picture, empty for none.
	ImageKey string
	// Other is the language and slug of the story's other published edition, if any.
	OtherLang locale.Lang
	OtherSlug string
}

// SitemapEntries lists the editions in lang published in [from, to), oldest first.
func (s *Store) SitemapEntries(ctx context.Context, lang locale.Lang, from, to time.Time, limit, offset int) ([]SitemapEntry, error) {
	rows, err := s.db.Query(ctx, `SELECT e.story_id, e.slug, e.published_at, e.updated_at, m.storage_key, o.lang, o.slug
		FROM editions e LEFT JOIN media m ON m.id = e.image_id
		LEFT JOIN editions o ON o.story_id = e.story_id AND o.lang <> e.lang AND o.status = ?
		WHERE e.lang = ? AND e.status = ? AND e.published_at >= ? AND e.published_at < ?
		ORDER BY e.published_at, e.id LIMIT ? OFFSET ?`,
		Published, string(lang), Published, from.UTC(), to.UTC(), limit, offset)
	if err != nil {
		return nil, fmt.Errorf("sitemap entries: %w", err)
	}
	defer rows.Close()
	var out []SitemapEntry
	for rows.Next() {
		var e SitemapEntry
		var pub, upd sql.NullTime
		var key, olang, oslug sql.NullString
		if err := rows.Scan(&e.StoryID, &e.Slug, &pub, &upd, &key, &olang, &oslug); err != nil {
			return nil, err
		}
		e.PublishedAt, e.UpdatedAt, e.ImageKey = pub.Time, upd.Time, key.String
		e.OtherLang, e.OtherSlug = locale.Lang(olang.String), oslug.String
		out = append(out, e)
	}
	return out, rows.Err()
}

// TagsInUse lists the tags of stories published in lang, by slug.
func (s *Store) TagsInUse(ctx context.Context, lang locale.Lang) ([]Tag, error) {
	rows, err := s.db.Query(ctx, `SELECT t.id, t.slug, t.name_en, t.name_as FROM tags t WHERE EXISTS (SELECT 1 FROM story_tags st
		JOIN editions e ON e.story_id = st.story_id WHERE st.tag_id = t.id AND e.lang = ? AND e.status = ?) ORDER BY t.slug`,
		string(lang), Published)
	if err != nil {
		return nil, fmt.Errorf("tags in use: %w", err)
	}
	defer rows.Close()
	var list []Tag
	for rows.Next() {
		var t Tag
		if err := rows.Scan(&t.ID, &t.Slug, &t.Name.EN, &t.Name.AS); err != nil {
			return nil, err
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

// AuthorsInUse lists the authors with a story published in lang, by slug.
func (s *Store) AuthorsInUse(ctx context.Context, lang locale.Lang) ([]Author, error) {
	rows, err := s.db.Query(ctx, `SELECT a.id, a.slug, a.name_en, a.name_as FROM authors a WHERE EXISTS (SELECT 1 FROM edition_authors ea
		JOIN editions e ON e.id = ea.edition_id WHERE ea.author_id = a.id AND e.lang = ? AND e.status = ?) ORDER BY a.slug`,
		string(lang), Published)
	if err != nil {
		return nil, fmt.Errorf("authors in use: %w", err)
	}
	defer rows.Close()
	var list []Author
	for rows.Next() {
		var a Author
		if err := rows.Scan(&a.ID, &a.Slug, &a.Name.EN, &a.Name.AS); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}
