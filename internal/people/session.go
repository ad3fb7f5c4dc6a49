package people

import (
	"context"
	"errors"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// Session lifetimes, checked on every lookup (SessionUser): a session ends after SessionIdle
// without a request, and SessionMax after its login however busy it is. Twelve hours covers a
// working day and a night shift's pause without leaving a forgotten newsroom browser signed in
// for a week; thirty days bounds what one stolen cookie is worth.
const (
	SessionIdle = 12 * time.Hour
	SessionMax  = 30 * 24 * time.Hour
	// secondFactorWindow is how long a password-checked login may wait for its TOTP code.
	secondFactorWindow = 10 * time.Minute
)

// ErrNoSession is returned for a missing, expired or revoked session.
var ErrNoSession = errors.New("not logged in")

// Session is one logged-in device.
type Session struct {
	// ID is a hash of the cookie value; the cookie itself is never stored.
	ID        string
	UserID    int64
	UserAgent string
	IP        string
	// SecondFactorPending marks a session whose password was right but whose TOTP code has not
	// been given yet; it grants nothing else.
	SecondFactorPending bool
	CreatedAt           time.Time
	LastSeenAt          time.Time
	ExpiresAt           time.Time
}

// StartSession records a login and returns the secret for the cookie.
func (s *Store) StartSession(ctx context.Context, userID int64, userAgent, ip string, secondFactorPending bool) (string, error) {
	secret, hash := newSecret()
	now := s.clock()
	expires := now.Add(SessionMax)
	if secondFactorPending {
		expires = now.Add(secondFactorWindow)
	}
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	_, err := s.db.Exec(ctx, `INSERT INTO sessions (id_hash, user_id, second_factor_pending, user_agent, ip, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, hash, userID, secondFactorPending, userAgent, ip, now, now, expires)
	return secret, err
}

// SessionUser returns the session for a cookie secret and its active account.
func (s *Store) SessionUser(ctx context.Context, secret string) (Session, User, error) {
	if secret == "" {
		return Session{}, User{}, ErrNoSession
	}
	var se Session
	err := s.db.QueryRow(ctx, `SELECT id_hash, user_id, second_factor_pending, user_agent, ip, created_at, last_seen_at, expires_at
		FROM sessions WHERE id_hash = ?`, hashSecret(secret)).
		Scan(&se.ID, &se.UserID, &se.SecondFactorPending, &se.UserAgent, &se.IP, &se.CreatedAt, &se.LastSeenAt, &se.ExpiresAt)
	if errors.Is(err, db.ErrNoRows) {
		return Session{}, User{}, ErrNoSession
	}
	if err != nil {
		return Session{}, User{}, err
	}
	now := s.clock()
	if now.After(se.ExpiresAt) || now.Sub(se.LastSeenAt) > SessionIdle || now.Sub(se.CreatedAt) > SessionMax {
		s.db.Exec(ctx, "DELETE FROM sessions WHERE id_hash = ?", se.ID)
		return Session{}, User{}, ErrNoSession
	}
	u, err := s.Get(ctx, se.UserID)
	if err != nil {
		return Session{}, User{}, err
	}
	if u.Status != StatusActive {
		return Session{}, User{}, ErrNoSession
	}
	// Writing on every request would make SQLite's single writer the bottleneck; a minute's
	// precision is enough for "last seen".
	if now.Sub(se.LastSeenAt) > time.Minute {
		s.db.Exec(ctx, "UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", now, se.ID)
		se.LastSeenAt = now
	}
	return se, u, nil
}

// CompleteSecondFactor turns a pending session into a full one once its TOTP code is right.
// The session gets a new id at the same time: a cookie planted or seen before the second
// factor does not become a logged-in one. It returns the new cookie secret.
func (s *Store) CompleteSecondFactor(ctx context.Context, sessionID string) (string, error) {
	secret, hash := newSecret()
	res, err := s.db.Exec(ctx, "UPDATE sessions SET id_hash = ?, second_factor_pending = ?, expires_at = ? WHERE id_hash = ? AND second_factor_pending = ?",
		hash, false, s.clock().Add(SessionMax), sessionID, true)
	if err != nil {
		return "", err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return "", ErrNoSession
	}
	return secret, nil
}

// RotateSession gives one of the user's sessions a new id, keeping its device, age and
// lifetime, and returns the new cookie secret. Handlers call it after a change of what the
// session may do (two-factor login turned on or off), so an id seen before the change is
// worth nothing after it.
func (s *Store) RotateSession(ctx context.Context, userID int64, sessionID string) (string, error) {
	return rotateSession(ctx, s.db, userID, sessionID)
}

func rotateSession(ctx context.Context, q execer, userID int64, sessionID string) (string, error) {
	secret, hash := newSecret()
	res, err := q.Exec(ctx, "UPDATE sessions SET id_hash = ? WHERE id_hash = ? AND user_id = ?", hash, sessionID, userID)
	if err != nil {
		return "", err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return "", ErrNoSession
	}
	return secret, nil
}

// Sessions lists a user's live sessions, most recently used first.
func (s *Store) Sessions(ctx context.Context, userID int64) ([]Session, error) {
	rows, err := s.db.Query(ctx, `SELECT id_hash, user_id, second_factor_pending, user_agent, ip, created_at, last_seen_at, expires_at
		FROM sessions WHERE user_id = ? AND expires_at > ? AND last_seen_at >= ? ORDER BY last_seen_at DESC`, userID, s.clock(), s.clock().Add(-SessionIdle))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Session
	for rows.Next() {
		var se Session
		if err := rows.Scan(&se.ID, &se.UserID, &se.SecondFactorPending, &se.UserAgent, &se.IP, &se.CreatedAt, &se.LastSeenAt, &se.ExpiresAt); err != nil {
			return nil, err
		}
		list = append(list, se)
	}
	return list, rows.Err()
}

// EndSession revokes one of a user's sessions (logout, or revoke from the sessions list).
func (s *Store) EndSession(ctx context.Context, userID int64, sessionID string) error {
	res, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE id_hash = ? AND user_id = ?", sessionID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNoSession
	}
	return nil
}

// EndOtherSessions revokes every session of the user but keep.
func (s *Store) EndOtherSessions(ctx context.Context, userID int64, keep string) error {
	_, err := s.db.Exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", userID, keep)
	return err
}
