package formguard

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// A token is put in each rendering of a form: the time it was rendered (Unix milliseconds), a
// random nonce, and an HMAC of both and of the form's name, "<ms>.<nonce>.<mac>". The signed
// time lets Check refuse forms sent faster than a person fills them in (robots) and forms left
// open for days; the name binds a token to one form (a comment form to its story); the nonce
// is a one-time key that callers may use to store a form sent twice only once.

// Timing bounds how long after rendering a form may be sent.
type Timing struct {
	// MinFill is the least time a person takes to fill in the form.
	MinFill time.Duration
	// MaxAge is how long a rendered form stays valid.
	MaxAge time.Duration
}

// DefaultTiming is three seconds to a day.
var DefaultTiming = Timing{MinFill: 3 * time.Second, MaxAge: 24 * time.Hour}

// maxToken is longer than any token Token makes; longer input is refused unread.
const maxToken = 200

// Token returns a token for form, rendered at issued, with a fresh nonce.
func (g *Guard) Token(ctx context.Context, form string, issued time.Time) (string, error) {
	secret, err := g.secret(ctx)
	if err != nil {
		return "", err
	}
	b := make([]byte, 16)
	rand.Read(b)
	body := strconv.FormatInt(issued.UnixMilli(), 10) + "." + base64.RawURLEncoding.EncodeToString(b)
	return body + "." + sign(secret, "form", form, body), nil
}

// Check verifies that token was made for form and is neither too young nor too old for t,
// and returns its nonce. A token too young or too old still returns its nonce with the error
// (ErrTooFast, ErrExpired), so the form can be shown again with it; any other fault is
// ErrForged.
func (g *Guard) Check(ctx context.Context, form, token string, t Timing) (nonce string, err error) {
	secret, err := g.secret(ctx)
	if err != nil {
		return "", err
	}
	i := strings.LastIndexByte(token, '.')
	if i < 0 || len(token) > maxToken {
		return "", ErrForged
	}
	body, mac := token[:i], token[i+1:]
	if !hmac.Equal([]byte(mac), []byte(sign(secret, "form", form, body))) {
		return "", ErrForged
	}
	ms, nonce, ok := strings.Cut(body, ".")
	n, err := strconv.ParseInt(ms, 10, 64)
	if !ok || err != nil || len(nonce) != 22 {
		return "", ErrForged
	}
	// A form "from the future" (another node's clock ahead) counts as too fast, not forged.
	switch age := g.clock().Sub(time.UnixMilli(n)); {
	case age < t.MinFill:
		return nonce, ErrTooFast
	case age > t.MaxAge:
		return nonce, ErrExpired
	}
	return nonce, nil
}
