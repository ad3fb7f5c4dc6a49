package people

import (
	"context"
	"strings"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
)

// MaxNameLength bounds an account's name, as registration does.
const MaxNameLength = 120

// SetName changes the name an account is shown under in the newsroom (and, through the
// author profile the newsroom keeps beside it, in bylines).
func (s *Store) SetName(ctx context.Context, userID int64, name string) error {
	name = strings.TrimSpace(name)
	var v fielderr.Error
	if v.Required("name_en", name) {
		v.MaxLen("name_en", name, MaxNameLength)
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	_, err := s.db.Exec(ctx, "UPDATE users SET name = ? WHERE id = ?", name, userID)
	return err
}

// ChangeEmail moves an account to another e-mail address once its password is confirmed.
// The address is where password resets go, so this is treated like a password change: every
// other session ends, this one gets a new id (returned as the new cookie secret), tokens
// mailed to the old address are void, the old address is told (EmailChanged), and the
// security log records both addresses.
func (s *Store) ChangeEmail(ctx context.Context, userID int64, current, email, session string) (string, error) {
	u, hash, err := scanUser(s.db.QueryRow(ctx, selectUser+" WHERE id = ?", userID))
	if err != nil {
		return "", err
	}
	email = strings.TrimSpace(email)
	var v fielderr.Error
	if v.Email("email", email) && strings.EqualFold(email, u.Email) {
		v.Add("email", fielderr.Taken)
	}
	if ok, _ := CheckPassword(hash, current); !ok {
		v.Add("email_current", fielderr.WrongPassword)
	}
	if err := v.OrNil(); err != nil {
		return "", err
	}
	email = strings.ToLower(email)
	var secret string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email = ? AND id <> ?", email, userID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fielderr.New("email", fielderr.Taken)
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET email = ? WHERE id = ?", email, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM tokens WHERE user_id = ?", userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", userID, session); err != nil {
			return err
		}
		if secret, err = rotateSession(ctx, tx, userID, session); err != nil {
			return err
		}
		tx.Record(EmailChanged{User: u, NewEmail: email})
		return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecEmailChanged, UserID: userID, Email: email, Detail: u.Email})
	})
	return secret, err
}
