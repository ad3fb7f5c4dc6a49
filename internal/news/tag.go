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

// Tag labels stories across sections (flood, tea, Bihu...).
type Tag struct {
	ID   int64
	Slug string
	Name Names
}

// CreateTag adds a tag.
func (s *Store) CreateTag(ctx context.Context, slug string, name Names) (Tag, error) {
	var v fielderr.Error
	if !validSlug(slug) {
		v.Add("slug", fielderr.InvalidSlug)
	}
	if strings.TrimSpace(name.EN) == "" {
		v.Add("name_en", fielderr.Required)
	}
	if err := v.OrNil(); err != nil {
		return Tag{}, err
	}
	t := Tag{Slug: slug, Name: Names{EN: strings.TrimSpace(name.EN), AS: locale.Normalize(strings.TrimSpace(name.AS))}}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		t.ID, err = tx.InsertID(ctx, "INSERT INTO tags (slug, name_en, name_as) VALUES (?, ?, ?)", t.Slug, t.Name.EN, t.Name.AS)
		return err
	})
	if err != nil {
		return Tag{}, fmt.Errorf("create tag %s: %w", slug, err)
	}
	return t, nil
}

// TagBySlug returns the tag with slug.
func (s *Store) TagBySlug(ctx context.Context, slug string) (Tag, error) {
	var t Tag
	err := s.db.QueryRow(ctx, "SELECT id, slug, name_en, name_as FROM tags WHERE slug = ?", slug).Scan(&t.ID, &t.Slug, &t.Name.EN, &t.Name.AS)
	if errors.Is(err, db.ErrNoRows) {
		return Tag{}, ErrNotFound
	}
	return t, err
}

// StoryTags returns the tags of a story, by name.
func (s *Store) StoryTags(ctx context.Context, storyID int64) ([]Tag, error) {
	rows, err := s.db.Query(ctx, `SELECT t.id, t.slug, t.name_en, t.name_as FROM tags t
		JOIN story_tags st ON st.tag_id = t.id WHERE st.story_id = ? ORDER BY t.name_en`, storyID)
	if err != nil {
		return nil, fmt.Errorf("story tags: %w", err)
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
