package media

import (
	"context"
	"fmt"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// Meta are the words kept with a picture in the library; an edition that uses the picture
// starts from them.
type Meta struct {
	Alt     string
	Caption string
	Credit  string
}

// Length limits of Meta, in characters.
const (
	MaxAlt     = 300
	MaxCaption = 1000
	MaxCredit  = 200
)

// clean trims and normalises the words of m and checks their lengths.
func (m Meta) clean() (Meta, error) {
	var v fielderr.Error
	check := func(field, s string, limit int) string {
		s = strings.TrimSpace(locale.Normalize(strings.ToValidUTF8(s, "")))
		if field != "caption" {
			// Alt text and credits are one line.
			s = strings.Join(strings.Fields(s), " ")
		}
		v.MaxLen(field, s, limit)
		return s
	}
	m.Alt = check("alt", m.Alt, MaxAlt)
	m.Caption = check("caption", m.Caption, MaxCaption)
	m.Credit = check("credit", m.Credit, MaxCredit)
	return m, v.OrNil()
}

// Update sets the alt text, caption and credit of media id.
func (l *Library) Update(ctx context.Context, id int64, meta Meta) error {
	meta, err := meta.clean()
	if err != nil {
		return err
	}
	res, err := l.db.Exec(ctx, "UPDATE media SET alt = ?, caption = ?, credit = ? WHERE id = ?",
		meta.Alt, meta.Caption, meta.Credit, id)
	if err != nil {
		return fmt.Errorf("update media: %w", err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return ErrNotFound
	}
	return nil
}

// Search returns a page of the library, newest first, with the total number of matches:
// pictures whose file name, alt text, caption or credit contain query, ignoring case (ASCII
// case on SQLite). An empty query matches everything. Each result carries its variants, so a
// grid can show the small copies.
func (l *Library) Search(ctx context.Context, query string, limit, offset int) ([]Media, int, error) {
	if limit <= 0 {
		limit = 30
	}
	offset = max(offset, 0)
	where, args := "", []any{}
	if q := strings.TrimSpace(locale.Normalize(query)); q != "" {
		pattern := "%" + likeEscaper.Replace(strings.ToLower(q)) + "%"
		where = ` WHERE LOWER(original_name) LIKE ? ESCAPE '\' OR LOWER(alt) LIKE ? ESCAPE '\'
			OR LOWER(caption) LIKE ? ESCAPE '\' OR LOWER(credit) LIKE ? ESCAPE '\'`
		args = []any{pattern, pattern, pattern, pattern}
	}
	var total int
	if err := l.db.QueryRow(ctx, "SELECT COUNT(*) FROM media"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("search media: %w", err)
	}
	rows, err := l.db.Query(ctx, selectMedia+where+" ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
		append(args, limit, offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("search media: %w", err)
	}
	defer rows.Close()
	var list []Media
	var ids []int64
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("search media: %w", err)
		}
		list = append(list, m)
		ids = append(ids, m.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("search media: %w", err)
	}
	rows.Close()
	variants, err := l.VariantsOf(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for i := range list {
		list[i].Variants = variants[list[i].ID]
	}
	return list, total, nil
}

// likeEscaper makes a user's text match literally inside a LIKE pattern with ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
