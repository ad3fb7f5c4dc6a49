package comments

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
)

// The comment settings live in the settings table under these keys.
const (
	keyAutoApprove = "comments.auto_approve_after"
	keyCloseAfter  = "comments.close_after_days"
	keyBlocklist   = "comments.blocklist"
	keySecret      = "comments.secret"
)

// Settings are the editors' choices about comments.
type Settings struct {
	// AutoApproveAfter publishes at once the comments of an e-mail address that already has
	// this many approved comments; 0 holds every comment for moderation.
	AutoApproveAfter int
	// CloseAfterDays closes an edition's comments this many days after it was published; 0
	// leaves them open.
	CloseAfterDays int
}

// Bounds of the settings.
const (
	maxAutoApprove = 1000
	maxCloseDays   = 3650
)

// Validate checks the numbers an admin entered.
func (st Settings) Validate() error {
	var v fielderr.Error
	v.Range("auto_approve_after", st.AutoApproveAfter, 0, maxAutoApprove)
	v.Range("close_after_days", st.CloseAfterDays, 0, maxCloseDays)
	return v.OrNil()
}

// Settings returns the stored comment settings (zero, that is every comment moderated and
// none closed by age, until an admin saves them).
func (s *Store) Settings(ctx context.Context) (Settings, error) {
	return s.settingsFrom(ctx, s.db)
}

func (s *Store) settingsFrom(ctx context.Context, q querier) (Settings, error) {
	var st Settings
	rows, err := q.Query(ctx, "SELECT key, value FROM settings WHERE key IN (?, ?)", keyAutoApprove, keyCloseAfter)
	if err != nil {
		return st, fmt.Errorf("read comment settings: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return st, err
		}
		n, _ := strconv.Atoi(v)
		switch k {
		case keyAutoApprove:
			st.AutoApproveAfter = n
		case keyCloseAfter:
			st.CloseAfterDays = n
		}
	}
	return st, rows.Err()
}

// SaveSettings stores the comment settings.
func (s *Store) SaveSettings(ctx context.Context, st Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := putSetting(ctx, tx, keyAutoApprove, strconv.Itoa(st.AutoApproveAfter)); err != nil {
			return err
		}
		tx.Record(SettingsChanged{})
		return putSetting(ctx, tx, keyCloseAfter, strconv.Itoa(st.CloseAfterDays))
	})
}

func putSetting(ctx context.Context, tx *db.Tx, key, value string) error {
	_, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value)
	if err != nil {
		return fmt.Errorf("save %s: %w", key, err)
	}
	return nil
}

// Blocklist returns the editors' blocked words and phrases, sorted.
func (s *Store) Blocklist(ctx context.Context) ([]string, error) {
	return s.blocklistFrom(ctx, s.db)
}

func (s *Store) blocklistFrom(ctx context.Context, q querier) ([]string, error) {
	var v string
	err := q.QueryRow(ctx, "SELECT value FROM settings WHERE key = ?", keyBlocklist).Scan(&v)
	if errors.Is(err, db.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read blocklist: %w", err)
	}
	return NormalizeBlocklist(strings.Split(v, "\n")), nil
}

// SaveBlocklist replaces the blocklist with entries (one word or phrase each, a trailing *
// matching any word that starts so) and returns the list as stored.
func (s *Store) SaveBlocklist(ctx context.Context, entries []string) ([]string, error) {
	list := NormalizeBlocklist(entries)
	if len(list) > maxBlocklist {
		return nil, fielderr.NewProblem("blocklist", fielderr.Problem{Code: fielderr.TooMany, Max: maxBlocklist})
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		return putSetting(ctx, tx, keyBlocklist, strings.Join(list, "\n"))
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// key returns the server secret that signs form tokens and hashes client addresses, making it
// on first use. It lives in the settings table so every node sharing the database agrees.
func (s *Store) key(ctx context.Context) ([]byte, error) {
	s.secret.mu.Lock()
	defer s.secret.mu.Unlock()
	if s.secret.key != nil {
		return s.secret.key, nil
	}
	fresh := make([]byte, 32)
	rand.Read(fresh)
	if _, err := s.db.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
		keySecret, hex.EncodeToString(fresh)); err != nil {
		return nil, fmt.Errorf("create comment secret: %w", err)
	}
	var v string
	if err := s.db.Writer().QueryRowContext(ctx, s.db.Rebind("SELECT value FROM settings WHERE key = ?"), keySecret).Scan(&v); err != nil {
		return nil, fmt.Errorf("read comment secret: %w", err)
	}
	key, err := hex.DecodeString(v)
	if err != nil || len(key) < 16 {
		return nil, fmt.Errorf("comment secret in the settings table is malformed")
	}
	s.secret.key = key
	return key, nil
}

func sign(key []byte, parts ...string) string {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// NewFormKey returns a random one-time key for a comment form; a post retried with the same
// key (and the same words) stores one comment.
func NewFormKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// FormToken returns the signed time to put in a comment form for storyID, made now.
func (s *Store) FormToken(ctx context.Context, storyID int64) (string, error) {
	return s.TokenAt(ctx, storyID, s.clock())
}

// TokenAt returns the token of a form shown at t; FormToken is TokenAt now. Tests use it to
// post a form that was "shown" a minute ago.
func (s *Store) TokenAt(ctx context.Context, storyID int64, t time.Time) (string, error) {
	key, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	ms := strconv.FormatInt(t.UnixMilli(), 10)
	return ms + "." + sign(key, "comment-form", strconv.FormatInt(storyID, 10), ms), nil
}

// checkToken verifies a form token: ours, for this story, neither too fresh nor too old.
func (s *Store) checkToken(key []byte, storyID int64, token string, now time.Time) error {
	ms, mac, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(mac), []byte(sign(key, "comment-form", strconv.FormatInt(storyID, 10), ms))) {
		return ErrBadToken
	}
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return ErrBadToken
	}
	age := now.Sub(time.UnixMilli(n))
	switch {
	case age < s.limits.MinFill:
		return ErrTooFast
	case age > s.limits.MaxFormAge:
		return ErrFormExpired
	}
	return nil
}

// clientKey is the keyed hash of a client address under which rate limits and flags are
// counted. IPv6 clients are counted by their /64, which one household or phone usually holds.
func clientKey(key []byte, addr string) string {
	addr = strings.TrimSpace(addr)
	if ip := net.ParseIP(addr); ip != nil {
		if v4 := ip.To4(); v4 != nil {
			addr = v4.String()
		} else {
			addr = ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
		}
	}
	return sign(key, "client", addr)
}
