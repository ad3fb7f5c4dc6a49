package people

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// Token purposes.
const (
	PurposeVerifyEmail   = "verify_email"
	PurposeResetPassword = "reset_password"
)

// ErrTokenInvalid is returned for a token that is unknown, expired or already used.
var ErrTokenInvalid = errors.New("this link is invalid, has expired or was already used")

// newSecret returns a random URL-safe secret and the hash we store instead of it, so a leaked
// database holds no usable tokens or session ids.
func newSecret() (secret, hash string) {
	b := make([]byte, 32)
	rand.Read(b)
	secret = base64.RawURLEncoding.EncodeToString(b)
	return secret, hashSecret(secret)
}

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// issueToken stores a one-time token for userID; earlier unused tokens of the same purpose
// stop working, so only the newest e-mailed link is live.
func issueToken(ctx context.Context, tx *db.Tx, userID int64, purpose string, ttl time.Duration, now time.Time) (string, error) {
	if _, err := tx.Exec(ctx, "UPDATE tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL", now, userID, purpose); err != nil {
		return "", err
	}
	secret, hash := newSecret()
	_, err := tx.Exec(ctx, "INSERT INTO tokens (user_id, purpose, token_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)",
		userID, purpose, hash, now.Add(ttl), now)
	return secret, err
}

// useToken marks a live token used and returns its user; the UPDATE's row count makes a
// token usable once even when two requests race.
func useToken(ctx context.Context, tx *db.Tx, secret, purpose string, now time.Time) (int64, error) {
	hash := hashSecret(secret)
	var userID int64
	var expires time.Time
	err := tx.QueryRow(ctx, "SELECT user_id, expires_at FROM tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL", hash, purpose).Scan(&userID, &expires)
	if errors.Is(err, db.ErrNoRows) || err == nil && now.After(expires) {
		return 0, ErrTokenInvalid
	}
	if err != nil {
		return 0, err
	}
	res, err := tx.Exec(ctx, "UPDATE tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL", now, hash)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, ErrTokenInvalid
	}
	return userID, nil
}
