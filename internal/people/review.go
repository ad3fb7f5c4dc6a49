package people

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
)

// ErrWrongState is returned when an account is not in a state the action applies to.
var ErrWrongState = fmt.Errorf("the account is not in a state that allows this")

// Approve activates a verified registration with role and records Approved.
func (s *Store) Approve(ctx context.Context, userID, reviewerID int64, role Role) error {
	if _, ok := ParseRole(string(role)); !ok {
		return fmt.Errorf("unknown role %q", role)
	}
	return s.review(ctx, userID, "UPDATE users SET status = ?, role = ?, approved_at = ?, reviewed_by = ?, review_note = '' WHERE id = ? AND status = ?",
		[]any{StatusActive, string(role), s.clock(), reviewerID, userID, StatusPending}, func(tx *db.Tx, u User) error {
			tx.Record(Approved{User: u})
			return nil
		})
}

// Reject turns a registration down with a reason the reporter is told (Rejected is recorded).
func (s *Store) Reject(ctx context.Context, userID, reviewerID int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return fielderr.New("reason", fielderr.Required)
	}
	return s.review(ctx, userID, "UPDATE users SET status = ?, reviewed_by = ?, review_note = ? WHERE id = ? AND status = ?",
		[]any{StatusRejected, reviewerID, reason, userID, StatusPending}, func(tx *db.Tx, u User) error {
			tx.Record(Rejected{User: u, Reason: reason})
			return nil
		})
}

// Suspend stops an active account from logging in and ends its sessions.
func (s *Store) Suspend(ctx context.Context, userID, adminID int64) error {
	return s.review(ctx, userID, "UPDATE users SET status = ?, reviewed_by = ? WHERE id = ? AND status = ?",
		[]any{StatusSuspended, adminID, userID, StatusActive}, func(tx *db.Tx, u User) error {
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
				return err
			}
			return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecSuspended, UserID: userID, ActorID: adminID, Email: u.Email})
		})
}

// Reinstate lets a suspended account log in again.
func (s *Store) Reinstate(ctx context.Context, userID, adminID int64) error {
	return s.review(ctx, userID, "UPDATE users SET status = ?, reviewed_by = ? WHERE id = ? AND status = ?",
		[]any{StatusActive, adminID, userID, StatusSuspended}, func(tx *db.Tx, u User) error {
			return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecReinstated, UserID: userID, ActorID: adminID, Email: u.Email})
		})
}

// SetRole changes an active account's role and ends the account's sessions: the person logs
// in again under the new role, and no session id from before the change carries over.
func (s *Store) SetRole(ctx context.Context, userID, adminID int64, role Role) error {
	if _, ok := ParseRole(string(role)); !ok {
		return fmt.Errorf("unknown role %q", role)
	}
	return s.review(ctx, userID, "UPDATE users SET role = ?, reviewed_by = ? WHERE id = ? AND status = ?",
		[]any{string(role), adminID, userID, StatusActive}, func(tx *db.Tx, u User) error {
			if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
				return err
			}
			return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecRoleChanged, UserID: userID, ActorID: adminID, Email: u.Email, Detail: string(role)})
		})
}

func (s *Store) review(ctx context.Context, userID int64, q string, args []any, then func(tx *db.Tx, u User) error) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE id = ?", userID).Scan(&exists)
			if exists == 0 {
				return ErrNotFound
			}
			return ErrWrongState
		}
		if then == nil {
			return nil
		}
		u, _, err := scanUser(tx.QueryRow(ctx, selectUser+" WHERE id = ?", userID))
		if err != nil {
			return err
		}
		return then(tx, u)
	})
}

// List returns accounts, optionally only those with status, newest first.
func (s *Store) List(ctx context.Context, status string) ([]User, error) {
	return list(ctx, s.db, status)
}

// querier is a database or a transaction.
type querier interface {
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

func list(ctx context.Context, db querier, status string) ([]User, error) {
	q, args := selectUser, []any{}
	if status != "" {
		q += " WHERE status = ?"
		args = append(args, status)
	}
	rows, err := db.Query(ctx, q+" ORDER BY created_at DESC, id DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []User
	for rows.Next() {
		u, _, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, u)
	}
	return list, rows.Err()
}

// Editors lists the active editors and admins, who are told of new registrations.
func (s *Store) Editors(ctx context.Context) ([]User, error) { return editors(ctx, s.db) }

// EditorsTx is Editors read inside tx, for work done in a transaction (see settings.SiteTx).
func (s *Store) EditorsTx(ctx context.Context, tx *db.Tx) ([]User, error) { return editors(ctx, tx) }

func editors(ctx context.Context, q querier) ([]User, error) {
	all, err := list(ctx, q, StatusActive)
	if err != nil {
		return nil, err
	}
	var out []User
	for _, u := range all {
		if u.Can(Editor, Admin) {
			out = append(out, u)
		}
	}
	return out, nil
}

// CountByStatus counts accounts per status, for dashboards.
func (s *Store) CountByStatus(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.Query(ctx, "SELECT status, COUNT(*) FROM users GROUP BY status")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
