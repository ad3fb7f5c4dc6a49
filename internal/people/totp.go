package people

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"image"
	"net/url"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// ErrBadCode is returned for a wrong two-factor code.
var ErrBadCode = errors.New("wrong code")

// TOTPSetup is a new, not yet confirmed, authenticator secret.
type TOTPSetup struct {
	Secret string
	URL    string
	key    *otp.Key
}

// QR returns the setup as a QR code image for authenticator apps.
func (t TOTPSetup) QR(size int) (image.Image, error) { return t.key.Image(size, size) }

// BeginTOTP makes a new secret for the user, stored but not enabled until ConfirmTOTP.
func (s *Store) BeginTOTP(ctx context.Context, u User, issuer string) (TOTPSetup, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: u.Email})
	if err != nil {
		return TOTPSetup{}, err
	}
	if s.box == nil {
		return TOTPSetup{}, ErrNoSecretBox
	}
	sealed, err := s.box.Seal(key.Secret(), totpLabel(u.ID))
	if err != nil {
		return TOTPSetup{}, err
	}
	if _, err := s.db.Exec(ctx, "UPDATE users SET totp_secret = ?, totp_enabled = ?, totp_last_step = 0 WHERE id = ?", sealed, false, u.ID); err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Secret: key.Secret(), URL: key.URL(), key: key}, nil
}

// PendingTOTP returns the setup begun but not confirmed, to show its QR code again.
func (s *Store) PendingTOTP(ctx context.Context, u User, issuer string) (TOTPSetup, error) {
	var enabled bool
	if err := s.db.QueryRow(ctx, "SELECT totp_enabled FROM users WHERE id = ?", u.ID).Scan(&enabled); err != nil || enabled {
		return TOTPSetup{}, ErrNotFound
	}
	secret, err := s.totpSecret(ctx, u.ID)
	if err != nil {
		return TOTPSetup{}, err
	}
	if secret == "" {
		return TOTPSetup{}, ErrNotFound
	}
	v := url.Values{"secret": {secret}, "issuer": {issuer}, "period": {"30"}, "digits": {"6"}, "algorithm": {"SHA1"}}
	u2 := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + u.Email, RawQuery: v.Encode()}
	key, err := otp.NewKeyFromURL(u2.String())
	if err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Secret: secret, URL: key.URL(), key: key}, nil
}

// totpPeriod is the life of one TOTP code; a code is named by its step, unix time / period.
const totpPeriod = 30

// matchStep returns the step of the code among the previous, current and next steps at now
// (a phone's clock may be a little off), or false.
func matchStep(secret, code string, now time.Time) (int64, bool) {
	if len(code) != 6 {
		return 0, false
	}
	opts := totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}
	for _, d := range []int64{-1, 0, 1} {
		at := now.Add(time.Duration(d*totpPeriod) * time.Second)
		want, err := totp.GenerateCodeCustom(secret, at, opts)
		if err != nil {
			return 0, false
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return at.Unix() / totpPeriod, true
		}
	}
	return 0, false
}

// useStep spends a TOTP step for the user: it succeeds only when the step is later than the
// last one spent. The condition sits in the UPDATE itself, so of two logins racing with the
// same code the database lets exactly one through (PostgreSQL re-checks the WHERE clause of
// a row it waited for).
func (s *Store) useStep(ctx context.Context, q execer, userID, step int64, enable bool) error {
	query := "UPDATE users SET totp_last_step = ? WHERE id = ? AND totp_last_step < ? AND totp_enabled = ?"
	args := []any{step, userID, step, true}
	if enable {
		query = "UPDATE users SET totp_last_step = ?, totp_enabled = ? WHERE id = ? AND totp_last_step < ? AND totp_enabled = ?"
		args = []any{step, true, userID, step, false}
	}
	res, err := q.Exec(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrBadCode
	}
	return nil
}

// execer is a database or a transaction.
type execer interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// ConfirmTOTP enables two-factor login once the user proves their app shows the right code.
// The code confirming it is spent: it cannot then be used to log in.
func (s *Store) ConfirmTOTP(ctx context.Context, userID int64, code string) error {
	secret, err := s.totpSecret(ctx, userID)
	if errors.Is(err, db.ErrNoRows) || err == nil && secret == "" {
		return ErrBadCode
	}
	if err != nil {
		return err
	}
	step, ok := matchStep(secret, code, s.clock())
	if !ok {
		return ErrBadCode
	}
	if err := s.useStep(ctx, s.db, userID, step, true); err != nil {
		return err
	}
	return s.LogSecurity(ctx, SecurityEntry{Kind: SecTOTPEnabled, UserID: userID})
}

// CheckTOTP validates a login code for a user with two-factor login enabled and spends it:
// the same code, or one of an earlier step, is refused afterwards.
func (s *Store) CheckTOTP(ctx context.Context, userID int64, code string) error {
	secret, err := s.totpSecret(ctx, userID)
	if errors.Is(err, db.ErrNoRows) || err == nil && secret == "" {
		return ErrBadCode
	}
	if err != nil {
		return err
	}
	step, ok := matchStep(secret, code, s.clock())
	if !ok {
		return ErrBadCode
	}
	return s.useStep(ctx, s.db, userID, step, false)
}

// DisableTOTP turns two-factor login off and drops the recovery codes with it.
func (s *Store) DisableTOTP(ctx context.Context, userID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE users SET totp_secret = '', totp_enabled = ? WHERE id = ?", false, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
			return err
		}
		return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecTOTPDisabled, UserID: userID})
	})
}

// ErrNoSecretBox is returned when TOTP secrets are asked for from a store without a key.
var ErrNoSecretBox = errors.New("people: no secret key to seal TOTP secrets with")

// totpLabel binds a sealed TOTP secret to its account: copied to another row it does not open.
func totpLabel(userID int64) string { return "users.totp_secret:" + strconv.FormatInt(userID, 10) }

// totpSecret returns the user's TOTP secret opened, "" when there is none. A secret the key
// cannot open is an error (secretbox.ErrWrongKey), not a wrong code: the operator must know.
func (s *Store) totpSecret(ctx context.Context, userID int64) (string, error) {
	var sealed string
	if err := s.db.QueryRow(ctx, "SELECT totp_secret FROM users WHERE id = ?", userID).Scan(&sealed); err != nil || sealed == "" {
		return "", err
	}
	if s.box == nil {
		return "", ErrNoSecretBox
	}
	return s.box.Open(sealed, totpLabel(userID))
}

// TOTPCode returns the current code for a secret; tests use it to log in like an app would.
func TOTPCode(secret string, at time.Time) (string, error) { return totp.GenerateCode(secret, at) }
