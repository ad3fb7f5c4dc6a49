package people

import (
	"context"
	"errors"
	"image"
	"net/url"
	"time"

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
	if _, err := s.db.Exec(ctx, "UPDATE users SET totp_secret = ?, totp_enabled = ? WHERE id = ?", key.Secret(), false, u.ID); err != nil {
		return TOTPSetup{}, err
	}
	return TOTPSetup{Secret: key.Secret(), URL: key.URL(), key: key}, nil
}

// PendingTOTP returns the setup begun but not confirmed, to show its QR code again.
func (s *Store) PendingTOTP(ctx context.Context, u User, issuer string) (TOTPSetup, error) {
	var secret string
	var enabled bool
	err := s.db.QueryRow(ctx, "SELECT totp_secret, totp_enabled FROM users WHERE id = ?", u.ID).Scan(&secret, &enabled)
	if err != nil || secret == "" || enabled {
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

// ConfirmTOTP enables two-factor login once the user proves their app shows the right code.
func (s *Store) ConfirmTOTP(ctx context.Context, userID int64, code string) error {
	secret, err := s.totpSecret(ctx, userID)
	if err != nil || secret == "" {
		return ErrBadCode
	}
	ok, err := totp.ValidateCustom(code, secret, s.clock(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil || !ok {
		return ErrBadCode
	}
	_, err = s.db.Exec(ctx, "UPDATE users SET totp_enabled = ? WHERE id = ?", true, userID)
	return err
}

// CheckTOTP validates a login code for a user with two-factor login enabled.
func (s *Store) CheckTOTP(ctx context.Context, userID int64, code string) error {
	secret, err := s.totpSecret(ctx, userID)
	if err != nil || secret == "" {
		return ErrBadCode
	}
	ok, err := totp.ValidateCustom(code, secret, s.clock(), totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil || !ok {
		return ErrBadCode
	}
	return nil
}

// DisableTOTP turns two-factor login off.
func (s *Store) DisableTOTP(ctx context.Context, userID int64) error {
	_, err := s.db.Exec(ctx, "UPDATE users SET totp_secret = '', totp_enabled = ? WHERE id = ?", false, userID)
	return err
}

func (s *Store) totpSecret(ctx context.Context, userID int64) (string, error) {
	var secret string
	err := s.db.QueryRow(ctx, "SELECT totp_secret FROM users WHERE id = ?", userID).Scan(&secret)
	return secret, err
}

// TOTPCode returns the current code for a secret; tests use it to log in like an app would.
func TOTPCode(secret string, at time.Time) (string, error) { return totp.GenerateCode(secret, at) }
