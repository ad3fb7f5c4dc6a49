package people

import (
	"context"
	"database/sql"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// SecurityKind names what a security log entry records.
type SecurityKind string

// The kinds of security log entries.
const (
	SecLogin            SecurityKind = "login"
	SecLoginFailed      SecurityKind = "login_failed"
	SecLockout          SecurityKind = "lockout"
	SecCodeFailed       SecurityKind = "code_failed"
	SecTOTPEnabled      SecurityKind = "totp_enabled"
	SecTOTPDisabled     SecurityKind = "totp_disabled"
	SecRecoveryCodes    SecurityKind = "recovery_codes"
	SecRecoveryCodeUsed SecurityKind = "recovery_code_used"
	SecRoleChanged      SecurityKind = "role_changed"
	SecSuspended        SecurityKind = "suspended"
	SecReinstated       SecurityKind = "reinstated"
	SecResetRequested   SecurityKind = "password_reset_requested"
	SecPasswordReset    SecurityKind = "password_reset"
	SecPasswordChanged  SecurityKind = "password_changed"
	SecSetup            SecurityKind = "setup"
	SecExport           SecurityKind = "export"
	SecEmailChanged     SecurityKind = "email_changed"
)

// SecurityKinds are all kinds, in the order the log's filter lists them.
var SecurityKinds = []SecurityKind{
	SecLogin, SecLoginFailed, SecLockout, SecCodeFailed, SecTOTPEnabled, SecTOTPDisabled,
	SecRecoveryCodes, SecRecoveryCodeUsed, SecRoleChanged, SecSuspended, SecReinstated,
	SecResetRequested, SecPasswordReset, SecPasswordChanged, SecSetup, SecExport,
	SecEmailChanged,
}

// ParseSecurityKind returns the kind named s, or false.
func ParseSecurityKind(s string) (SecurityKind, bool) {
	for _, k := range SecurityKinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// SecurityEntry is one line of the security log.
type SecurityEntry struct {
	ID   int64
	Kind SecurityKind
	// UserID is the account the entry is about, 0 when none is known (a failed login for an
	// unknown address); ActorID who acted on it when someone else did (an admin).
	UserID  int64
	ActorID int64
	// Email is the address typed or the account's; Addr the client address, when known.
	Email  string
	Addr   string
	Detail string
	At     time.Time
	// UserName and ActorName are the accounts' names when they still exist (SecurityLog).
	UserName  string
	ActorName string
}

// SecurityLogged is recorded with every security log entry; the application writes it to the
// server log once the transaction has committed.
type SecurityLogged struct{ Entry SecurityEntry }

// LogSecurity writes e to the security log (At defaults to now).
func (s *Store) LogSecurity(ctx context.Context, e SecurityEntry) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error { return s.logSecurity(ctx, tx, e) })
}

// logSecurity writes e in tx and records SecurityLogged.
func (s *Store) logSecurity(ctx context.Context, tx *db.Tx, e SecurityEntry) error {
	if e.At.IsZero() {
		e.At = s.clock()
	}
	id, err := tx.InsertID(ctx, `INSERT INTO security_log (kind, user_id, actor_id, email, addr, detail, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, string(e.Kind), sql.NullInt64{Int64: e.UserID, Valid: e.UserID != 0},
		sql.NullInt64{Int64: e.ActorID, Valid: e.ActorID != 0}, e.Email, e.Addr, e.Detail, e.At)
	if err != nil {
		return err
	}
	e.ID = id
	tx.Record(SecurityLogged{Entry: e})
	return nil
}

// SecurityFilter selects security log entries: of one kind (all when empty), newest first.
type SecurityFilter struct {
	Kind   SecurityKind
	Limit  int
	Offset int
}

// SecurityLog returns the entries f selects and how many there are in all.
func (s *Store) SecurityLog(ctx context.Context, f SecurityFilter) ([]SecurityEntry, int, error) {
	where, args := "", []any{}
	if f.Kind != "" {
		where, args = " WHERE l.kind = ?", append(args, string(f.Kind))
	}
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM security_log l"+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	rows, err := s.db.Query(ctx, `SELECT l.id, l.kind, COALESCE(l.user_id, 0), COALESCE(l.actor_id, 0), l.email, l.addr, l.detail,
		l.created_at, COALESCE(u.name, ''), COALESCE(a.name, '')
		FROM security_log l LEFT JOIN users u ON u.id = l.user_id LEFT JOIN users a ON a.id = l.actor_id`+where+`
		ORDER BY l.created_at DESC, l.id DESC LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []SecurityEntry
	for rows.Next() {
		var e SecurityEntry
		var kind string
		if err := rows.Scan(&e.ID, &kind, &e.UserID, &e.ActorID, &e.Email, &e.Addr, &e.Detail, &e.At, &e.UserName, &e.ActorName); err != nil {
			return nil, 0, err
		}
		e.Kind = SecurityKind(kind)
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, total, rows.Err()
}
