package formguard

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// A token is put in each rendering of a form: the time it was rendered (Unix milliseconds), a
// random nonce, and an HMAC of both, of the form's name and of the client it was shown to,
// "<ms>.<nonce>.<mac>". The signed time lets Check refuse forms sent faster than a person
// fills them in (robots) and forms left open for hours; the name binds a token to one form (a
// comment form to its story); the client (its address, an IPv6 client by its /64) binds it to
// the reader it was shown to, so tokens collected in bulk from one address are worthless from
// any other; the nonce is a one-time key that callers use to store a form sent twice only
// once (Spend). A page cached and served to many readers carries a token bound to no client,
// which only forms that declare it (Timing.Shared) accept, and which many readers, and one
// reader many times, may send until it expires.

// Timing bounds how long after rendering a form may be sent.
type Timing struct {
	// MinFill is the least time a person takes to fill in the form.
	MinFill time.Duration
	// MaxAge is how long a rendered form stays valid.
	MaxAge time.Duration
	// Shared accepts tokens bound to no client, made for pages served to many readers.
	Shared bool
}

// DefaultTiming is three seconds to two hours: long enough to write a letter, short enough
// that a harvested token is soon useless.
var DefaultTiming = Timing{MinFill: 3 * time.Second, MaxAge: 2 * time.Hour}

// maxToken is longer than any token Token makes; longer input is refused unread.
const maxToken = 200

// Token returns a token for form, rendered at issued for no client in particular (a page
// served to many readers), with a fresh nonce.
func (g *Guard) Token(ctx context.Context, form string, issued time.Time) (string, error) {
	return g.TokenFor(ctx, form, "", issued)
}

// TokenFor returns a token for form, rendered at issued for the client at addr, with a fresh
// nonce; an empty addr makes a token bound to no client.
func (g *Guard) TokenFor(ctx context.Context, form, addr string, issued time.Time) (string, error) {
	secret, err := g.secret(ctx)
	if err != nil {
		return "", err
	}
	b := make([]byte, 16)
	rand.Read(b)
	body := strconv.FormatInt(issued.UnixMilli(), 10) + "." + base64.RawURLEncoding.EncodeToString(b)
	return body + "." + tokenMAC(secret, form, addr, body), nil
}

// tokenMAC signs a token's body for form and the client at addr ("" for none).
func tokenMAC(secret []byte, form, addr, body string) string {
	if addr == "" {
		return sign(secret, "form", form, body)
	}
	return sign(secret, "form", form, "client", clientGroup(addr), body)
}

// Check verifies that token was made for form and for the client at addr (or for no client,
// when t.Shared), is neither too young nor too old for t, and returns its nonce. A token too
// young or too old still returns its nonce with the error (ErrTooFast, ErrExpired), so the
// form can be shown again with it; any other fault, a token shown to another client
// included, is ErrForged.
func (g *Guard) Check(ctx context.Context, form, token, addr string, t Timing) (nonce string, err error) {
	secret, err := g.secret(ctx)
	if err != nil {
		return "", err
	}
	i := strings.LastIndexByte(token, '.')
	if i < 0 || len(token) > maxToken {
		return "", ErrForged
	}
	body, mac := token[:i], token[i+1:]
	bound := addr != "" && hmac.Equal([]byte(mac), []byte(tokenMAC(secret, form, addr, body)))
	if !bound && !(t.Shared && hmac.Equal([]byte(mac), []byte(tokenMAC(secret, form, "", body)))) {
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

// Bound reports whether token carries a valid signature for form bound to the client at
// addr (a form shown to that client alone), as opposed to one bound to no client.
func (g *Guard) Bound(ctx context.Context, form, token, addr string) bool {
	secret, err := g.secret(ctx)
	i := strings.LastIndexByte(token, '.')
	if err != nil || i < 0 || addr == "" {
		return false
	}
	return hmac.Equal([]byte(token[i+1:]), []byte(tokenMAC(secret, form, addr, token[:i])))
}

// onceScope is the counter scope that makes a token's nonce single-use per client.
const onceScope = "form-once"

// Spend records in tx that the client at addr has used the token whose nonce is nonce, and
// returns ErrUsed when it already had: one token, one submission. maxAge is the token's
// lifetime, after which Check refuses it anyway. Callers that store a retried submission as
// the first (an idempotency key) spend the token only for a new submission.
func (g *Guard) Spend(ctx context.Context, tx *db.Tx, nonce, addr string, maxAge time.Duration) error {
	err := g.Hit(ctx, tx, onceScope, nonce+"\x00"+clientGroup(addr), Limit{Max: 1, Window: maxAge})
	if errors.Is(err, ErrLimited) {
		return ErrUsed
	}
	return err
}
