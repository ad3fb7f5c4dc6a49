package people

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
)

// RequestPasswordReset issues a reset token for an active account and records
// PasswordResetRequested (the e-mail is queued in the same transaction). For an unknown e-mail it does nothing and returns nil, so
// the form never tells whether an account exists.
func (s *Store) RequestPasswordReset(ctx context.Context, email string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		u, _, err := scanUser(tx.QueryRow(ctx, selectUser+" WHERE email = ? AND status = ?", strings.ToLower(strings.TrimSpace(email)), StatusActive))
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		token, err := issueToken(ctx, tx, u.ID, PurposeResetPassword, time.Hour, s.clock())
		if err != nil {
			return err
		}
		tx.Record(PasswordResetRequested{User: u, Token: token})
		return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecResetRequested, UserID: u.ID, Email: u.Email})
	})
}

// ResetPassword spends a reset token, sets the new password and ends every session of the
// account, so whoever knew the old password is logged out.
func (s *Store) ResetPassword(ctx context.Context, token, password string) (User, error) {
	var u User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.clock()
		var id int64
		var err error
		// Check the password before spending the token, so a weak choice can be retried.
		hashToken := hashSecret(token)
		var uid int64
		if err := tx.QueryRow(ctx, "SELECT user_id FROM tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL", hashToken, PurposeResetPassword).Scan(&uid); err != nil {
			return ErrTokenInvalid
		}
		u, _, err = scanUser(tx.QueryRow(ctx, selectUser+" WHERE id = ?", uid))
		if err != nil {
			return err
		}
		if err := PasswordProblem(password, u.Email, u.Name); err != nil {
			return err
		}
		if id, err = useToken(ctx, tx, token, PurposeResetPassword, now); err != nil {
			return err
		}
		hash, err := s.hash(password)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", hash, id); err != nil {
			return err
		}
		if _, err = tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return err
		}
		return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecPasswordReset, UserID: id, Email: u.Email})
	})
	return u, err
}

// ChangePassword sets a new password after checking the current one, ends the user's other
// sessions and gives the current one a new id, whose cookie secret it returns.
func (s *Store) ChangePassword(ctx context.Context, userID int64, current, password, session string) (string, error) {
	u, hash, err := scanUser(s.db.QueryRow(ctx, selectUser+" WHERE id = ?", userID))
	if err != nil {
		return "", err
	}
	if ok, _ := CheckPassword(hash, current); !ok {
		return "", fielderr.New("current", fielderr.WrongPassword)
	}
	if err := PasswordProblem(password, u.Email, u.Name); err != nil {
		return "", err
	}
	newHash, err := s.hash(password)
	if err != nil {
		return "", err
	}
	var secret string
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE users SET password_hash = ? WHERE id = ?", newHash, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?", userID, session); err != nil {
			return err
		}
		if secret, err = rotateSession(ctx, tx, userID, session); err != nil {
			return err
		}
		return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecPasswordChanged, UserID: userID, Email: u.Email})
	})
	return secret, err
}

// SetUILang stores the language the newsroom is shown in for a user.
func (s *Store) SetUILang(ctx context.Context, userID int64, lang string) error {
	if lang != "as" {
		lang = "en"
	}
	_, err := s.db.Exec(ctx, "UPDATE users SET ui_lang = ? WHERE id = ?", lang, userID)
	return err
}
