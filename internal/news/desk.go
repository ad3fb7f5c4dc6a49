package news

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/locale"
)

// DeskItem is an edition as the newsroom's lists show it.
type DeskItem struct {
	EditionID   int64
	StoryID     int64
	Lang        locale.Lang
	Headline    string
	Status      Status
	SectionName Names
	AuthorName  string
	CreatedBy   int64
	Revision    int
	ModifiedAt  time.Time
	PublishedAt time.Time
	SubmittedAt time.Time
}

// DeskFilter narrows the newsroom's story lists.
type DeskFilter struct {
	// CreatedBy limits the list to one reporter's stories (0 for all).
	CreatedBy int64
	Status    Status
	Lang      locale.Lang
	// Query matches headlines.
	Query string
	// OldestFirst orders by last change ascending (the review queue).
	OldestFirst bool
	Limit       int
	Offset      int
}

// Desk lists editions for the newsroom and counts all that match.
func (s *Store) Desk(ctx context.Context, f DeskFilter) ([]DeskItem, int, error) {
	var conds []string
	var args []any
	if f.CreatedBy != 0 {
		conds = append(conds, "s.created_by = ?")
		args = append(args, f.CreatedBy)
	}
	if f.Status != "" {
		conds = append(conds, "e.status = ?")
		args = append(args, f.Status)
	}
	if f.Lang != "" {
		conds = append(conds, "e.lang = ?")
		args = append(args, string(f.Lang))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		conds = append(conds, `LOWER(e.headline) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(locale.Normalize(q)))+"%")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM editions e JOIN stories s ON s.id = e.story_id"+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 200 {
		f.Limit = 50
	}
	order := " ORDER BY e.modified_at DESC, e.id DESC"
	if f.OldestFirst {
		order = " ORDER BY COALESCE(e.submitted_at, e.modified_at), e.id"
	}
	rows, err := s.db.Query(ctx, `SELECT e.id, e.story_id, e.lang, e.headline, e.status, sec.name_en, sec.name_as, COALESCE(u.name, ''),
		COALESCE(s.created_by, 0), e.revision, e.modified_at, e.published_at, e.submitted_at
		FROM editions e JOIN stories s ON s.id = e.story_id JOIN sections sec ON sec.id = s.section_id
		LEFT JOIN users u ON u.id = s.created_by`+where+order+" LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var list []DeskItem
	for rows.Next() {
		var it DeskItem
		var lang string
		var published, submitted sql.NullTime
		if err := rows.Scan(&it.EditionID, &it.StoryID, &lang, &it.Headline, &it.Status, &it.SectionName.EN, &it.SectionName.AS,
			&it.AuthorName, &it.CreatedBy, &it.Revision, &it.ModifiedAt, &published, &submitted); err != nil {
			return nil, 0, err
		}
		it.Lang = locale.Lang(lang)
		it.PublishedAt, it.SubmittedAt = published.Time, submitted.Time
		list = append(list, it)
	}
	return list, total, rows.Err()
}

// DeskCounts counts editions per state, of one reporter's stories or (createdBy 0) all.
func (s *Store) DeskCounts(ctx context.Context, createdBy int64) (map[Status]int, error) {
	q := "SELECT e.status, COUNT(*) FROM editions e JOIN stories s ON s.id = e.story_id"
	var args []any
	if createdBy != 0 {
		q += " WHERE s.created_by = ?"
		args = append(args, createdBy)
	}
	rows, err := s.db.Query(ctx, q+" GROUP BY e.status", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[Status]int{}
	for rows.Next() {
		var st Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// Authors lists every author profile by English name, for byline pickers.
func (s *Store) Authors(ctx context.Context) ([]Author, error) {
	rows, err := s.db.Query(ctx, "SELECT id, slug, name_en, name_as, bio_en, bio_as FROM authors ORDER BY name_en")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Author
	for rows.Next() {
		var a Author
		if err := rows.Scan(&a.ID, &a.Slug, &a.Name.EN, &a.Name.AS, &a.Bio.EN, &a.Bio.AS); err != nil {
			return nil, err
		}
		list = append(list, a)
	}
	return list, rows.Err()
}

// Tags lists every tag by English name.
func (s *Store) Tags(ctx context.Context) ([]Tag, error) {
	rows, err := s.db.Query(ctx, "SELECT id, slug, name_en, name_as FROM tags ORDER BY name_en")
	if err != nil {
		return nil, err
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

// likeEscaper makes a search query's characters literal in a LIKE pattern.
var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)
