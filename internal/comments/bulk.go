package comments

import (
	"context"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// BulkComment is an approved comment for BulkInsert; Reply names, by its index in the same
// call, the top-level comment it answers (-1 for none).
type BulkComment struct {
	StoryID   int64
	Lang      locale.Lang
	Reply     int
	Name      string
	Email     string
	Body      string
	CreatedAt time.Time
}

// BulkInsert stores approved comments in one transaction of a few multi-row statements, for
// `batori seed`. Their words are stored as given (NFC plain text). It records no events and
// sends no mail.
func (s *Store) BulkInsert(ctx context.Context, list []BulkComment) error {
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		ids, err := tx.ReserveIDs(ctx, "comments", len(list))
		if err != nil {
			return err
		}
		rows := make([]any, 0, len(list)*11)
		for i, c := range list {
			var parent any
			if c.Reply >= 0 {
				parent = ids[c.Reply]
			}
			at := c.CreatedAt.UTC().Truncate(time.Microsecond)
			rows = append(rows, ids[i], c.StoryID, string(c.Lang), parent, c.Name, c.Email, c.Body, string(Approved),
				fmt.Sprintf("seed-%d", ids[i]), at, at)
		}
		return tx.InsertRows(ctx, "comments", []string{"id", "story_id", "lang", "parent_id", "author_name", "author_email",
			"body", "status", "post_key", "created_at", "moderated_at"}, rows)
	})
	if err != nil {
		return fmt.Errorf("bulk insert comments: %w", err)
	}
	return nil
}
