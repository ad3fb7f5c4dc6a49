package news

import (
	"context"
	"fmt"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
)

// StoryInput is what a story has apart from its editions.
type StoryInput struct {
	SectionID int64
	TagIDs    []int64
	Featured  bool
}

// CreateStory adds a story; its editions are saved with SaveEdition.
func (s *Store) CreateStory(ctx context.Context, in StoryInput) (int64, error) {
	if in.SectionID == 0 {
		return 0, fielderr.New("section", fielderr.Required)
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = tx.InsertID(ctx, "INSERT INTO stories (section_id, featured, created_at) VALUES (?, ?, ?)", in.SectionID, in.Featured, s.clock())
		if err != nil {
			return err
		}
		for _, tag := range in.TagIDs {
			if _, err := tx.Exec(ctx, "INSERT INTO story_tags (story_id, tag_id) VALUES (?, ?)", id, tag); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("create story: %w", err)
	}
	return id, nil
}

// CountAllStories counts stories in any state.
func (s *Store) CountAllStories(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM stories").Scan(&n)
	return n, err
}
