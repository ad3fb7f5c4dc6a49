package enquiries

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Form tokens. Each rendering of the Enquiry form carries a token made of the time it was
// issued and a random one-time key, signed with a secret only the server knows. The signed
// time lets Submit refuse forms sent faster than a person types (bots) and forms left open
// for days; the key makes submitting the same form twice store one enquiry.

// MinFillTime is the least time a person takes to fill in the form; a form sent sooner is a
// bot's, or a reader's very quick second try, who is asked to send it again.
const MinFillTime = 3 * time.Second

// MaxFormAge is how long a rendered form stays valid.
const MaxFormAge = 24 * time.Hour

// Errors CheckFormToken returns.
var (
	// ErrFormInvalid is a token that was not made by this site (or was altered).
	ErrFormInvalid = errors.New("enquiry form token is invalid")
	// ErrFormExpired is a token older than MaxFormAge.
	ErrFormExpired = errors.New("enquiry form has expired")
	// ErrFormTooFast is a token younger than MinFillTime.
	ErrFormTooFast = errors.New("enquiry form was sent too quickly")
)

// secretKey is the settings row holding the signing secret, made on first use.
const secretKey = "enquiry.form_secret"

// NewFormToken returns a token for a form issued at issued, with a fresh one-time key.
func (s *Store) NewFormToken(ctx context.Context, issued time.Time) (string, error) {
	secret, err := s.formSecret(ctx)
	if err != nil {
		return "", err
	}
	b := make([]byte, 16)
	rand.Read(b)
	body := strconv.FormatInt(issued.Unix(), 10) + "." + base64.RawURLEncoding.EncodeToString(b)
	return body + "." + sign(secret, body), nil
}

// CheckFormToken verifies token and returns its one-time key. A token too young or too old
// still returns its key along with the error, so a form can be shown again with it.
func (s *Store) CheckFormToken(ctx context.Context, token string) (string, error) {
	secret, err := s.formSecret(ctx)
	if err != nil {
		return "", err
	}
	i := strings.LastIndexByte(token, '.')
	if i < 0 || len(token) > 200 {
		return "", ErrFormInvalid
	}
	body, sig := token[:i], token[i+1:]
	if !hmac.Equal([]byte(sig), []byte(sign(secret, body))) {
		return "", ErrFormInvalid
	}
	ts, key, ok := strings.Cut(body, ".")
	n, err := strconv.ParseInt(ts, 10, 64)
	if !ok || err != nil || len(key) != 22 {
		return "", ErrFormInvalid
	}
	age := s.now().Sub(time.Unix(n, 0))
	switch {
	case age < MinFillTime:
		return key, ErrFormTooFast
	case age > MaxFormAge:
		return key, ErrFormExpired
	}
	return key, nil
}

func sign(secret []byte, body string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("batori enquiry form\x00" + body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// formSecret returns the signing secret, creating it the first time any node needs it; every
// node sharing the database agrees on the one stored first.
func (s *Store) formSecret(ctx context.Context) ([]byte, error) {
	s.secretMu.Lock()
	defer s.secretMu.Unlock()
	if s.secret != nil {
		return s.secret, nil
	}
	b := make([]byte, 32)
	rand.Read(b)
	if _, err := s.db.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING", secretKey, hex.EncodeToString(b)); err != nil {
		return nil, fmt.Errorf("store enquiry form secret: %w", err)
	}
	var v string
	if err := s.db.Writer().QueryRowContext(ctx, s.db.Rebind("SELECT value FROM settings WHERE key = ?"), secretKey).Scan(&v); err != nil {
		return nil, fmt.Errorf("read enquiry form secret: %w", err)
	}
	secret, err := hex.DecodeString(v)
	if err != nil || len(secret) < 16 {
		return nil, fmt.Errorf("enquiry form secret in settings is malformed")
	}
	s.secret = secret
	return secret, nil
}
