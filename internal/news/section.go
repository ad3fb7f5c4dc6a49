package news

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// Section is a part of the paper (Assam, Sports, ...), with a name per language.
type Section struct {
	ID       int64
	Slug     string
	Name     Names
	Position int
}

// SectionInput is what an editor gives to create a section.
type SectionInput struct {
	Slug     string
	Name     Names
	Position int
}

func (in SectionInput) validate() error {
	var v fielderr.Error
	if !validSlug(in.Slug) {
		v.Add("slug", fielderr.InvalidSlug)
	}
	if strings.TrimSpace(in.Name.EN) == "" {
		v.Add("name_en", fielderr.Required)
	}
	if strings.TrimSpace(in.Name.AS) == "" {
		v.Add("name_as", fielderr.Required)
	}
	return v.OrNil()
}

// CreateSection adds a section; a slug in use is a field error (slug: taken).
func (s *Store) CreateSection(ctx context.Context, in SectionInput) (Section, error) {
	if err := in.validate(); err != nil {
		return Section{}, err
	}
	sec := Section{Slug: in.Slug, Name: Names{EN: strings.TrimSpace(in.Name.EN), AS: locale.Normalize(strings.TrimSpace(in.Name.AS))}, Position: in.Position}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		sec.ID, err = tx.InsertID(ctx, "INSERT INTO sections (slug, name_en, name_as, position, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING",
			sec.Slug, sec.Name.EN, sec.Name.AS, sec.Position, s.clock())
		if errors.Is(err, db.ErrNoRows) {
			// The slug is another section's; nothing was inserted.
			return fielderr.New("slug", fielderr.Taken)
		}
		tx.Record(SectionsChanged{})
		return err
	})
	if _, taken := fielderr.As(err); taken {
		return Section{}, err
	}
	if err != nil {
		return Section{}, fmt.Errorf("create section %s: %w", in.Slug, err)
	}
	return sec, nil
}

const selectSection = "SELECT id, slug, name_en, name_as, position FROM sections"

// Sections lists every section in menu order.
func (s *Store) Sections(ctx context.Context) ([]Section, error) {
	rows, err := s.db.Query(ctx, selectSection+" ORDER BY position, id")
	if err != nil {
		return nil, fmt.Errorf("list sections: %w", err)
	}
	defer rows.Close()
	var list []Section
	for rows.Next() {
		var sec Section
		if err := rows.Scan(&sec.ID, &sec.Slug, &sec.Name.EN, &sec.Name.AS, &sec.Position); err != nil {
			return nil, err
		}
		list = append(list, sec)
	}
	return list, rows.Err()
}

// SectionBySlug returns the section with slug.
func (s *Store) SectionBySlug(ctx context.Context, slug string) (Section, error) {
	var sec Section
	err := s.db.QueryRow(ctx, selectSection+" WHERE slug = ?", slug).Scan(&sec.ID, &sec.Slug, &sec.Name.EN, &sec.Name.AS, &sec.Position)
	if errors.Is(err, db.ErrNoRows) {
		return Section{}, ErrNotFound
	}
	return sec, err
}

func validSlug(s string) bool {
	if s == "" || len(s) > 80 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}

// UpdateSection renames a section; its slug stays, so links keep working.
func (s *Store) UpdateSection(ctx context.Context, id int64, name Names) error {
	var v fielderr.Error
	name.EN, name.AS = strings.TrimSpace(name.EN), locale.Normalize(strings.TrimSpace(name.AS))
	if name.EN == "" {
		v.Add("name_en", fielderr.Required)
	}
	if name.AS == "" {
		v.Add("name_as", fielderr.Required)
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE sections SET name_en = ?, name_as = ? WHERE id = ?", name.EN, name.AS, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		tx.Record(SectionsChanged{})
		return nil
	})
}

// MoveSection moves a section one place up (delta -1) or down (+1) in the menu.
func (s *Store) MoveSection(ctx context.Context, id int64, delta int) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		tx.Record(SectionsChanged{})
		rows, err := tx.Query(ctx, "SELECT id FROM sections ORDER BY position, id")
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var x int64
			if err := rows.Scan(&x); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, x)
		}
		rows.Close()
		at := -1
		for i, x := range ids {
			if x == id {
				at = i
			}
		}
		if at < 0 {
			return ErrNotFound
		}
		to := at + delta
		if to < 0 || to >= len(ids) {
			return nil
		}
		ids[at], ids[to] = ids[to], ids[at]
		// Renumber all, so positions stay dense whatever they were before.
		for i, x := range ids {
			if _, err := tx.Exec(ctx, "UPDATE sections SET position = ? WHERE id = ?", i+1, x); err != nil {
				return err
			}
		}
		return nil
	})
}

// NextSectionPosition is the position after the last section, for a new one.
func (s *Store) NextSectionPosition(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, "SELECT COALESCE(MAX(position), 0) + 1 FROM sections").Scan(&n)
	return n, err
}
