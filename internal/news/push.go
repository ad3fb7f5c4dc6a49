package news

import (
	"context"
	"errors"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// PushTarget is what a push notification needs of a published edition.
type PushTarget struct {
	StoryID   int64
	EditionID int64
	Lang      locale.Lang
	SectionID int64
	Headline  string
	// Standfirst is the edition's summary, the notification's text.
	Standfirst string
	Slug       string
}

// LockPublishedTx reads the published edition editionID for the push package, in its
// transaction, and keeps the edition's row locked until tx ends, so that two editors pressing
// Send at once are decided one after the other. It returns ErrNotFound, or ErrInvalidState
// for an edition that is not published.
func LockPublishedTx(ctx context.Context, tx *db.Tx, editionID int64) (PushTarget, error) {
	t := PushTarget{EditionID: editionID}
	var st Status
	var lang string
	err := tx.QueryRowLocked(ctx, "e", `SELECT e.story_id, e.lang, e.status, s.section_id, e.headline, e.standfirst, e.slug
		FROM editions e JOIN stories s ON s.id = e.story_id WHERE e.id = ?`, editionID).
		Scan(&t.StoryID, &lang, &st, &t.SectionID, &t.Headline, &t.Standfirst, &t.Slug)
	if errors.Is(err, db.ErrNoRows) {
		return t, ErrNotFound
	}
	if err != nil {
		return t, err
	}
	if st != Published {
		return t, ErrInvalidState
	}
	t.Lang = locale.Lang(lang)
	return t, nil
}

// AuditTx writes an audit log entry for another domain's step on a story (a push sent), in
// that step's transaction.
func AuditTx(ctx context.Context, tx *db.Tx, userID int64, action string, storyID, editionID int64, detail string, at time.Time) error {
	return audit(ctx, tx, userID, action, storyID, editionID, detail, at)
}
