// Package formguard defends the forms anyone may post (comments, enquiries, reporter
// registration) against robots and floods, the same way for each: a honeypot field, a signed
// render time that refuses forms sent faster than a person types or left open too long, a
// client key that counts an IPv6 client by its /64 and is stored only as a keyed hash, and
// rate limits counted in the database, so every node sharing it enforces the same limits.
package formguard

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/settings"
)

// secretKey is the settings row holding the secret that signs tokens and hashes client keys.
// Migration 0010 seeded it from the comments' former secret, so client keys stored with
// comments and flags before it still match.
const secretKey = "formguard.secret"

// Errors the guard returns.
var (
	// ErrForged is a token that this site did not make, or one altered or made for another form.
	ErrForged = errors.New("form token is invalid")
	// ErrTooFast is a form sent back sooner than a person can fill it in.
	ErrTooFast = errors.New("form sent too quickly")
	// ErrExpired is a form older than its maximum age; the person should send it again.
	ErrExpired = errors.New("form has expired")
	// ErrUsed is a token already used for a submission by the same client.
	ErrUsed = errors.New("form token already used")
	// ErrLimited is matched (errors.Is) by every *LimitError.
	ErrLimited = errors.New("too many posts in a short time")
)

// Guard checks forms. Its copies (WithClock) share the secret it read.
type Guard struct {
	db       *db.DB
	settings *settings.Store
	now      func() time.Time
	shared   *shared
}

type shared struct {
	mu     sync.Mutex
	secret []byte
	// lastPrune is when expired limit counters were last deleted (Unix seconds).
	lastPrune atomic.Int64
}

// New returns a guard over d.
func New(d *db.DB) *Guard {
	return &Guard{db: d, settings: settings.NewStore(d), now: time.Now, shared: &shared{}}
}

// WithClock returns a copy of the guard that reads the time from now; tests use it.
func (g *Guard) WithClock(now func() time.Time) *Guard {
	c := *g
	c.now = now
	return &c
}

func (g *Guard) clock() time.Time { return g.now().UTC() }

// secret returns the signing secret, made by the first node that needs it.
func (g *Guard) secret(ctx context.Context) ([]byte, error) {
	g.shared.mu.Lock()
	defer g.shared.mu.Unlock()
	if g.shared.secret != nil {
		return g.shared.secret, nil
	}
	s, err := g.settings.Secret(ctx, secretKey)
	if err != nil {
		return nil, err
	}
	g.shared.secret = s
	return s, nil
}

// sign is an HMAC of parts, each ended by a zero byte, cut to 18 bytes and written in
// base64url (24 characters).
func sign(secret []byte, parts ...string) string {
	m := hmac.New(sha256.New, secret)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// TrapField is the name of the honeypot: a text field hidden from people, which robots that
// fill every field fill in.
const TrapField = "website"

// Trapped reports whether the honeypot's value says a robot sent the form. Callers answer a
// trapped post as if it had succeeded, so the robot learns nothing, and keep nothing.
func Trapped(value string) bool { return strings.TrimSpace(value) != "" }

// ClientKey returns the key under which a client address is counted and remembered: an IPv4
// address as it is, an IPv6 address by its /64 (which one household or phone usually holds,
// and which a client can change addresses within at will), anything else as given; then
// hashed with the secret, so the stored key does not reveal the address.
func (g *Guard) ClientKey(ctx context.Context, addr string) (string, error) {
	secret, err := g.secret(ctx)
	if err != nil {
		return "", err
	}
	return sign(secret, "client", clientGroup(addr)), nil
}

// clientGroup is the address, or network, a client is counted by.
func clientGroup(addr string) string {
	addr = strings.TrimSpace(addr)
	if ip := net.ParseIP(addr); ip != nil {
		if v4 := ip.To4(); v4 != nil {
			return v4.String()
		}
		return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
	}
	return addr
}
