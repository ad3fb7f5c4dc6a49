package comments

import (
	"context"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// Imported is a comment brought in from another system, with the state and date it had
// there.
type Imported struct {
	// Key identifies the comment in its source ("wp:https://old.example/:12"); importing the
	// same key again changes nothing.
	Key      string
	StoryID  int64
	Lang     locale.Lang
	ParentID int64
	Name     string
	Email    string
	Body     string
	Status   Status
	At       time.Time
}

// Import stores an imported comment inside tx and returns its id (the existing one's when
// its key was imported before). Nothing is mailed and no limit applies: the comment was
// moderated where it came from.
func Import(ctx context.Context, tx *db.Tx, c Imported) (int64, error) {
	var parent any
	if c.ParentID != 0 {
		parent = c.ParentID
	}
	name := locale.Normalize(strings.TrimSpace(c.Name))
	if name == "" {
		name = "—"
	}
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM comments WHERE post_key = ?", c.Key).Scan(&id)
	if err == nil {
		return id, nil
	}
	var moderated any
	if c.Status == Approved {
		moderated = c.At.UTC()
	}
	return tx.InsertID(ctx, `INSERT INTO comments (story_id, lang, parent_id, author_name, author_email, body, status, post_key, created_at, moderated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.StoryID, string(c.Lang), parent, name, strings.ToLower(strings.TrimSpace(c.Email)),
		locale.Normalize(strings.TrimSpace(c.Body)), string(c.Status), c.Key, c.At.UTC().Truncate(time.Microsecond), moderated)
}
