package news

import (
	"context"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// audit records who did what to which story, in the transaction that did it.
func audit(ctx context.Context, tx *db.Tx, userID int64, action string, storyID, editionID int64, detail string, at time.Time) error {
	_, err := tx.Exec(ctx, "INSERT INTO audit_events (user_id, action, story_id, edition_id, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		nullID(userID), action, nullID(storyID), nullID(editionID), detail, at)
	return err
}

// AuditEvent is one line of the audit log.
type AuditEvent struct {
	ID        int64
	UserID    int64
	UserName  string
	Action    string
	StoryID   int64
	EditionID int64
	Detail    string
	CreatedAt time.Time
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	StoryID int64
	Limit   int
}

// Audit lists audit events, newest first.
func (s *Store) Audit(ctx context.Context, f AuditFilter) ([]AuditEvent, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	q := `SELECT a.id, COALESCE(a.user_id, 0), COALESCE(u.name, ''), a.action, COALESCE(a.story_id, 0), COALESCE(a.edition_id, 0), a.detail, a.created_at
		FROM audit_events a LEFT JOIN users u ON u.id = a.user_id`
	var args []any
	if f.StoryID != 0 {
		q += " WHERE a.story_id = ?"
		args = append(args, f.StoryID)
	}
	args = append(args, f.Limit)
	rows, err := s.db.Query(ctx, q+" ORDER BY a.created_at DESC, a.id DESC LIMIT ?", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []AuditEvent
	for rows.Next() {
		var e AuditEvent
		if err := rows.Scan(&e.ID, &e.UserID, &e.UserName, &e.Action, &e.StoryID, &e.EditionID, &e.Detail, &e.CreatedAt); err != nil {
			return nil, err
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// Note is a comment between editors and the reporter on an edition.
type Note struct {
	ID        int64
	EditionID int64
	UserID    int64
	UserName  string
	Body      string
	CreatedAt time.Time
}

// Notes lists an edition's notes, newest first.
func (s *Store) Notes(ctx context.Context, editionID int64) ([]Note, error) {
	rows, err := s.db.Query(ctx, `SELECT n.id, n.edition_id, COALESCE(n.user_id, 0), COALESCE(u.name, ''), n.body, n.created_at
		FROM edition_notes n LEFT JOIN users u ON u.id = n.user_id WHERE n.edition_id = ? ORDER BY n.created_at DESC, n.id DESC`, editionID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Note
	for rows.Next() {
		var n Note
		if err := rows.Scan(&n.ID, &n.EditionID, &n.UserID, &n.UserName, &n.Body, &n.CreatedAt); err != nil {
			return nil, err
		}
		list = append(list, n)
	}
	return list, rows.Err()
}
