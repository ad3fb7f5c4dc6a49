package news

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// Teaser is a published edition as lists show it.
type Teaser struct {
	EditionID   int64
	StoryID     int64
	Lang        locale.Lang
	Slug        string
	Headline    string
	Standfirst  string
	Section     Section
	Authors     []Author
	Image       *Image
	Featured    bool
	PublishedAt time.Time
	UpdatedAt   time.Time
	// Live is set while the edition's live blog runs (live.go): cards show a "Live" badge
	// and LiveUpdated, the time of its latest entry (zero before the first).
	Live        bool
	LiveUpdated time.Time
}

// Filter narrows a list of published editions.
type Filter struct {
	Lang         locale.Lang
	SectionID    int64
	TagID        int64
	AuthorID     int64
	FeaturedOnly bool
	ExcludeStory int64
}

func (f Filter) where() (string, []any) {
	conds := []string{"e.lang = ?", "e.status = ?"}
	args := []any{string(f.Lang), Published}
	if f.SectionID != 0 {
		conds = append(conds, "s.section_id = ?")
		args = append(args, f.SectionID)
	}
	if f.TagID != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM story_tags st WHERE st.story_id = s.id AND st.tag_id = ?)")
		args = append(args, f.TagID)
	}
	if f.AuthorID != 0 {
		conds = append(conds, "EXISTS (SELECT 1 FROM edition_authors ea WHERE ea.edition_id = e.id AND ea.author_id = ?)")
		args = append(args, f.AuthorID)
	}
	if f.FeaturedOnly {
		conds = append(conds, "s.featured = TRUE")
	}
	if f.ExcludeStory != 0 {
		conds = append(conds, "s.id <> ?")
		args = append(args, f.ExcludeStory)
	}
	return strings.Join(conds, " AND "), args
}

// selectTeaser reads teasers. CROSS JOIN keeps SQLite's planner walking the editions in date
// order (editions_published) and looking each story up, which stops after a page of a large
// archive, instead of collecting a whole section and sorting it; PostgreSQL plans it as the
// inner join it is.
const selectTeaser = teaserColumns + ` FROM editions e CROSS JOIN stories s LEFT JOIN media m ON m.id = e.image_id`

// teasersWhere is selectTeaser for the editions meeting cond. The stories' join condition is
// added here, so that no caller can forget it and multiply every edition by every story.
func teasersWhere(cond string) string {
	return selectTeaser + " WHERE s.id = e.story_id AND " + cond
}

// teaserColumns are what scanTeaser reads. Related joins them in the ordinary way: forcing
// the date order there would scan its shared-tags table once per edition.
const teaserColumns = `SELECT e.id, e.story_id, e.lang, e.slug, e.headline, e.standfirst, e.published_at, e.updated_at,
	s.featured, s.section_id, e.image_id, m.storage_key, m.width, m.height, e.image_alt, e.image_caption, e.image_credit`

// Published lists published editions matching f, newest first. A store that keeps lists
// (KeepLists) starts a page from the end of the nearest page before it read since the last
// change, instead of walking every edition before it.
func (s *Store) Published(ctx context.Context, f Filter, limit, offset int) ([]Teaser, error) {
	where, args := f.where()
	if s.lists == nil || offset == 0 {
		args = append(args, limit, offset)
		return s.teasers(ctx, teasersWhere(where)+" ORDER BY e.published_at DESC, e.id DESC LIMIT ? OFFSET ?", args...)
	}
	from, ok, gen := s.lists.nearest(f, offset)
	skip := offset
	if ok {
		// After from, in the list's order: older, or as old with a lower id. The first
		// condition alone bounds the index walk.
		where += " AND e.published_at <= ? AND (e.published_at < ? OR e.id < ?)"
		args = append(args, from.published, from.published, from.edition)
		skip = offset - from.offset
	}
	// Short of the page's own start, one edition more is read, the one before the page: its
	// start, remembered, so that this page is read from there next time.
	before := 0
	if skip > 0 {
		before = 1
	}
	args = append(args, limit+before, skip-before)
	list, err := s.teasers(ctx, teasersWhere(where)+" ORDER BY e.published_at DESC, e.id DESC LIMIT ? OFFSET ?", args...)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	if before == 1 {
		s.lists.remember(f, offset, list[0], gen)
		list = list[1:]
	}
	if len(list) > 0 {
		s.lists.remember(f, offset+len(list), list[len(list)-1], gen)
	}
	return list, nil
}

// CountPublished counts the published editions matching f. A store that keeps lists
// (KeepLists) reads each count once until its generation is forgotten: counting a section of
// thousands of stories walks each of them, and only a publication changes the answer.
func (s *Store) CountPublished(ctx context.Context, f Filter) (int, error) {
	if s.lists == nil {
		return s.countPublished(ctx, f)
	}
	return s.lists.count(ctx, f, s.countPublished)
}

func (s *Store) countPublished(ctx context.Context, f Filter) (int, error) {
	where, args := f.where()
	// A section's count starts from its stories (stories_section, then each story's edition
	// from editions_story_status); other counts walk the language's published editions.
	from := "editions e CROSS JOIN stories s WHERE s.id = e.story_id AND "
	if f.SectionID != 0 {
		from = "stories s CROSS JOIN editions e WHERE e.story_id = s.id AND "
	}
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM "+from+where, args...).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count published: %w", err)
	}
	return n, nil
}

// relatedPool bounds the stories Related ranks, with relatedPerTag: only the newest
// candidates of each way of being related (sharing a tag, sharing the section) are looked at,
// so a fresh article costs a few short index walks however large the archive and however
// common its tags.
const relatedPool = 200

// relatedPerTag is how many of each tag's newest stories are candidates: a story has a few
// tags, and each candidate costs a lookup of its edition.
const relatedPerTag = 60

// Related lists other published stories in the same language that share a tag or the section
// with the story: those sharing more tags first, then those in the same section, then the
// newer first. Candidates are, for each of the story's tags, the relatedPerTag newest stories
// with it (story_tags_tag walked from its end), and the newest stories of the section; tags
// shared are counted and the ranking made in Go.
//
// A store that keeps lists (KeepLists) keeps each story's related stories until the next
// change: they are the costliest part of a fresh article page (a dozen index walks), and
// only a publication or an edition's change alters them.
func (s *Store) Related(ctx context.Context, storyID int64, lang locale.Lang, sectionID int64, limit int) ([]Teaser, error) {
	if limit <= 0 {
		return nil, nil
	}
	if s.lists == nil {
		return s.related(ctx, storyID, lang, sectionID, limit)
	}
	key := fmt.Sprintf("related|%d,%s,%d,%d", storyID, lang, sectionID, limit)
	kept, ok, gen := s.lists.lists(key)
	if ok {
		return kept[0], nil
	}
	list, err := s.related(ctx, storyID, lang, sectionID, limit)
	if err != nil {
		return nil, err
	}
	s.lists.keep(key, [][]Teaser{list}, gen)
	return slices.Clip(list), nil
}

func (s *Store) related(ctx context.Context, storyID int64, lang locale.Lang, sectionID int64, limit int) ([]Teaser, error) {
	shared, err := s.sharingTags(ctx, storyID)
	if err != nil {
		return nil, err
	}
	type candidate struct {
		edition, story int64
		n              int
		sameSection    bool
		published      time.Time
	}
	var cands []candidate
	seen := map[int64]bool{}
	add := func(q string, args ...any) error {
		rows, err := s.db.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("related stories: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var c candidate
			var section int64
			var published sql.NullTime
			if err := rows.Scan(&c.edition, &c.story, &section, &published); err != nil {
				return err
			}
			if seen[c.edition] {
				continue
			}
			seen[c.edition] = true
			c.n, c.sameSection, c.published = shared[c.story], section == sectionID, published.Time
			cands = append(cands, c)
		}
		return rows.Err()
	}
	if len(shared) > 0 {
		args := []any{string(lang), Published}
		for id := range shared {
			args = append(args, id)
		}
		if err := add(`SELECT e.id, e.story_id, s.section_id, e.published_at FROM editions e JOIN stories s ON s.id = e.story_id
			WHERE e.lang = ? AND e.status = ? AND e.story_id IN (`+db.In(len(shared))+`)`, args...); err != nil {
			return nil, err
		}
	}
	// The section's newest, walked in date order (editions_published) until enough are found.
	if err := add(`SELECT e.id, e.story_id, s.section_id, e.published_at FROM editions e JOIN stories s ON s.id = e.story_id
		WHERE e.lang = ? AND e.status = ? AND s.section_id = ? AND e.story_id <> ?
		ORDER BY e.published_at DESC, e.id DESC LIMIT ?`, string(lang), Published, sectionID, storyID, limit+relatedPool/10); err != nil {
		return nil, err
	}
	sort.SliceStable(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.n != b.n {
			return a.n > b.n
		}
		if a.sameSection != b.sameSection {
			return a.sameSection
		}
		if !a.published.Equal(b.published) {
			return a.published.After(b.published)
		}
		return a.edition > b.edition
	})
	if len(cands) > limit {
		cands = cands[:limit]
	}
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.edition
	}
	return s.PublishedTeasers(ctx, ids)
}

func (s *Store) teasers(ctx context.Context, q string, args ...any) ([]Teaser, error) {
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	var list []Teaser
	var sectionIDs []int64
	for rows.Next() {
		t, sectionID, err := scanTeaser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		list = append(list, t)
		sectionIDs = append(sectionIDs, sectionID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, nil
	}
	if err := s.fill(ctx, list, sectionIDs); err != nil {
		return nil, err
	}
	return list, nil
}

// fill gives teasers their sections (sectionIDs[i] is list[i]'s) and bylines.
func (s *Store) fill(ctx context.Context, list []Teaser, sectionIDs []int64) error {
	sections, err := s.KeptSections(ctx)
	if err != nil {
		return err
	}
	byID := make(map[int64]Section, len(sections))
	for _, sec := range sections {
		byID[sec.ID] = sec
	}
	ids := make([]int64, len(list))
	for i := range list {
		list[i].Section = byID[sectionIDs[i]]
		ids[i] = list[i].EditionID
	}
	authors, err := s.editionAuthors(ctx, ids)
	if err != nil {
		return err
	}
	live, err := s.runningLive(ctx, ids)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].Authors = authors[list[i].EditionID]
		list[i].LiveUpdated, list[i].Live = live[list[i].EditionID]
	}
	return nil
}

// List is one list of PublishedLists: the newest Limit published editions matching Filter.
type List struct {
	Filter Filter
	Limit  int
}

// PublishedLists reads several lists of published editions, each as Published(ctx,
// l.Filter, l.Limit, 0) would, in one statement (each list walks its own index range) and
// one read of their bylines: a home page's lead, latest and section blocks cost two queries
// instead of two per list. out[i] is lists[i]'s, newest first.
func (s *Store) PublishedLists(ctx context.Context, lists []List) ([][]Teaser, error) {
	if len(lists) == 0 {
		return make([][]Teaser, 0), nil
	}
	if s.lists == nil {
		return s.publishedLists(ctx, lists)
	}
	var key strings.Builder
	key.WriteString("lists")
	for _, l := range lists {
		fmt.Fprintf(&key, "|%s,%d,%d,%d,%t,%d,%d", l.Filter.Lang, l.Filter.SectionID, l.Filter.TagID, l.Filter.AuthorID,
			l.Filter.FeaturedOnly, l.Filter.ExcludeStory, l.Limit)
	}
	out, ok, gen := s.lists.lists(key.String())
	if ok {
		return out, nil
	}
	out, err := s.publishedLists(ctx, lists)
	if err != nil {
		return nil, err
	}
	s.lists.keep(key.String(), out, gen)
	return out, nil
}

func (s *Store) publishedLists(ctx context.Context, lists []List) ([][]Teaser, error) {
	out := make([][]Teaser, len(lists))
	parts := make([]string, len(lists))
	var args []any
	for i, l := range lists {
		where, a := l.Filter.where()
		parts[i] = "SELECT " + strconv.Itoa(i) + " AS list_no, q.* FROM (" + teasersWhere(where) +
			" ORDER BY e.published_at DESC, e.id DESC LIMIT ?) q"
		args = append(append(args, a...), l.Limit)
	}
	rows, err := s.db.Query(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	var all []Teaser
	var listNos []int
	var sectionIDs []int64
	for rows.Next() {
		var n int
		t, sectionID, err := scanTeaser(rows, &n)
		if err != nil {
			rows.Close()
			return nil, err
		}
		all = append(all, t)
		listNos = append(listNos, n)
		sectionIDs = append(sectionIDs, sectionID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		return out, nil
	}
	if err := s.fill(ctx, all, sectionIDs); err != nil {
		return nil, err
	}
	for i, t := range all {
		out[listNos[i]] = append(out[listNos[i]], t)
	}
	// A compound statement's rows come in no promised order: each list is put in its own.
	for _, l := range out {
		slices.SortStableFunc(l, func(a, b Teaser) int {
			if c := b.PublishedAt.Compare(a.PublishedAt); c != 0 {
				return c
			}
			return cmp.Compare(b.EditionID, a.EditionID)
		})
	}
	return out, nil
}

// scanTeaser reads a row of teaserColumns, after the columns lead points to.
func scanTeaser(rows interface{ Scan(...any) error }, lead ...any) (Teaser, int64, error) {
	var t Teaser
	var lang string
	var sectionID int64
	var published, updated sql.NullTime
	var imageID, w, h sql.NullInt64
	var key sql.NullString
	var alt, caption, credit string
	err := rows.Scan(append(lead, &t.EditionID, &t.StoryID, &lang, &t.Slug, &t.Headline, &t.Standfirst, &published, &updated,
		&t.Featured, &sectionID, &imageID, &key, &w, &h, &alt, &caption, &credit)...)
	if err != nil {
		return Teaser{}, 0, err
	}
	t.Lang = locale.Lang(lang)
	t.PublishedAt, t.UpdatedAt = published.Time, updated.Time
	if key.Valid {
		t.Image = &Image{Photo: Photo{MediaID: imageID.Int64, Key: key.String, Width: int(w.Int64), Height: int(h.Int64)}, Alt: alt, Caption: caption, Credit: credit}
	}
	return t, sectionID, nil
}

// bylineBatch is how many editions one bylines query names: SQLite allows 32,766 variables a
// statement, and a sitemap lists up to 50,000 editions.
const bylineBatch = 1000

// editionAuthors loads the bylines of many editions, a batch of editions per query.
func (s *Store) editionAuthors(ctx context.Context, editionIDs []int64) (map[int64][]Author, error) {
	out := map[int64][]Author{}
	for len(editionIDs) > 0 {
		batch := editionIDs[:min(len(editionIDs), bylineBatch)]
		editionIDs = editionIDs[len(batch):]
		if err := s.bylines(ctx, batch, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *Store) bylines(ctx context.Context, editionIDs []int64, out map[int64][]Author) error {
	args := make([]any, len(editionIDs))
	for i, id := range editionIDs {
		args[i] = id
	}
	rows, err := s.db.Query(ctx, `SELECT ea.edition_id, a.id, a.slug, a.name_en, a.name_as FROM edition_authors ea
		JOIN authors a ON a.id = ea.author_id WHERE ea.edition_id IN (`+db.In(len(args))+`) ORDER BY ea.edition_id, ea.position`, args...)
	if err != nil {
		return fmt.Errorf("bylines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var eid int64
		var a Author
		if err := rows.Scan(&eid, &a.ID, &a.Slug, &a.Name.EN, &a.Name.AS); err != nil {
			return err
		}
		out[eid] = append(out[eid], a)
	}
	return rows.Err()
}

// Article is a published edition with everything its page shows.
type Article struct {
	Teaser
	Body     string
	Revision int
	Tags     []Tag
	// Editions lists the languages this story is published in, this one included.
	Editions []locale.Lang
	// Slugs are the published editions' slugs by language (PublishedSlugs), read with
	// Editions; nil when not read.
	Slugs map[locale.Lang]string
	// CorrectionNote is the public note of the latest correction, shown beside "Updated On".
	CorrectionNote string
	CorrectionAt   time.Time
	// Translators are the people who translated this edition from the story's other one,
	// credited apart from the byline.
	Translators []Author
}

// PublishedArticle returns the published edition of a story in lang.
func (s *Store) PublishedArticle(ctx context.Context, storyID int64, lang locale.Lang) (Article, error) {
	list, err := s.teasers(ctx, teasersWhere("e.story_id = ? AND e.lang = ? AND e.status = ?"), storyID, string(lang), Published)
	if err != nil {
		return Article{}, err
	}
	if len(list) == 0 {
		return Article{}, ErrNotFound
	}
	a := Article{Teaser: list[0]}
	var correctedAt sql.NullTime
	var sourceLang string
	var translator sql.NullInt64
	err = s.db.QueryRow(ctx, "SELECT body, revision, correction_note, correction_at, source_lang, translator_id FROM editions WHERE id = ?", a.EditionID).
		Scan(&a.Body, &a.Revision, &a.CorrectionNote, &correctedAt, &sourceLang, &translator)
	a.CorrectionAt = correctedAt.Time
	if errors.Is(err, db.ErrNoRows) {
		return Article{}, ErrNotFound
	}
	if err != nil {
		return Article{}, err
	}
	if a.Tags, err = s.StoryTags(ctx, storyID); err != nil {
		return Article{}, err
	}
	if a.Editions, a.Slugs, err = s.publishedEditions(ctx, storyID); err != nil {
		return Article{}, err
	}
	// Only an edition started as a translation credits a translator: the others need not ask.
	if sourceLang != "" && translator.Valid {
		if a.Translators, err = s.translators(ctx, a.EditionID); err != nil {
			return Article{}, err
		}
	}
	return a, nil
}

// sharingTags counts, for the newest relatedPerTag stories of each of the story's tags, the
// tags each shares with it.
func (s *Store) sharingTags(ctx context.Context, storyID int64) (map[int64]int, error) {
	rows, err := s.db.Query(ctx, "SELECT tag_id FROM story_tags WHERE story_id = ?", storyID)
	if err != nil {
		return nil, fmt.Errorf("related stories: %w", err)
	}
	var tags []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		tags = append(tags, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	shared := map[int64]int{}
	for _, tag := range tags {
		rows, err := s.db.Query(ctx, `SELECT story_id FROM story_tags WHERE tag_id = ? AND story_id <> ?
			ORDER BY story_id DESC LIMIT ?`, tag, storyID, relatedPerTag)
		if err != nil {
			return nil, fmt.Errorf("related stories: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			shared[id]++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return shared, nil
}

// translators returns the author record of the person who started an edition as a
// translation, unless they are in its byline already.
func (s *Store) translators(ctx context.Context, editionID int64) ([]Author, error) {
	rows, err := s.db.Query(ctx, `SELECT a.id, a.slug, a.name_en, a.name_as FROM editions e JOIN authors a ON a.user_id = e.translator_id
		WHERE e.id = ? AND e.source_lang <> '' AND NOT EXISTS (SELECT 1 FROM edition_authors ea WHERE ea.edition_id = e.id AND ea.author_id = a.id)`, editionID)
	if err != nil {
		return nil, fmt.Errorf("translators: %w", err)
	}
	defer rows.Close()
	var out []Author
	for rows.Next() {
		var a Author
		if err := rows.Scan(&a.ID, &a.Slug, &a.Name.EN, &a.Name.AS); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// publishedEditions lists the languages a story is published in, newest language code first,
// with each edition's slug: PublishedLangs and PublishedSlugs are its halves, an article reads
// both at once.
func (s *Store) publishedEditions(ctx context.Context, storyID int64) ([]locale.Lang, map[locale.Lang]string, error) {
	rows, err := s.db.Query(ctx, "SELECT lang, slug FROM editions WHERE story_id = ? AND status = ? ORDER BY lang DESC", storyID, Published)
	if err != nil {
		return nil, nil, fmt.Errorf("published editions: %w", err)
	}
	defer rows.Close()
	var langs []locale.Lang
	slugs := map[locale.Lang]string{}
	for rows.Next() {
		var lang, slug string
		if err := rows.Scan(&lang, &slug); err != nil {
			return nil, nil, err
		}
		langs = append(langs, locale.Lang(lang))
		slugs[locale.Lang(lang)] = slug
	}
	return langs, slugs, rows.Err()
}

// PublishedLangs lists the languages a story is published in.
func (s *Store) PublishedLangs(ctx context.Context, storyID int64) ([]locale.Lang, error) {
	langs, _, err := s.publishedEditions(ctx, storyID)
	return langs, err
}
