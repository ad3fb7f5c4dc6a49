package comments

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/settings"
)

// The comment settings live in the settings table under these keys.
const (
	keyAutoApprove = "comments.auto_approve_after"
	keyCloseAfter  = "comments.close_after_days"
	keyBlocklist   = "comments.blocklist"
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
	return s.settingsFrom(ctx, s.settings)
}

func (s *Store) settingsFrom(ctx context.Context, kv kvReader) (Settings, error) {
	var st Settings
	stored, err := kv.GetMany(ctx, keyAutoApprove, keyCloseAfter)
	if err != nil {
		return st, fmt.Errorf("read comment settings: %w", err)
	}
	st.AutoApproveAfter, _ = strconv.Atoi(stored[keyAutoApprove])
	st.CloseAfterDays, _ = strconv.Atoi(stored[keyCloseAfter])
	return st, nil
}

// kvReader is what both settings.Store and settings.Tx offer for reads.
type kvReader interface {
	Get(ctx context.Context, key string) (string, bool, error)
	GetMany(ctx context.Context, keys ...string) (map[string]string, error)
}

// SaveSettings stores the comment settings.
func (s *Store) SaveSettings(ctx context.Context, st Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		t := settings.In(tx)
		if err := t.Set(ctx, keyAutoApprove, strconv.Itoa(st.AutoApproveAfter)); err != nil {
			return err
		}
		tx.Record(SettingsChanged{})
		return t.Set(ctx, keyCloseAfter, strconv.Itoa(st.CloseAfterDays))
	})
}

// Blocklist returns the editors' blocked words and phrases, sorted.
func (s *Store) Blocklist(ctx context.Context) ([]string, error) {
	return s.blocklistFrom(ctx, s.settings)
}

func (s *Store) blocklistFrom(ctx context.Context, kv kvReader) ([]string, error) {
	v, ok, err := kv.Get(ctx, keyBlocklist)
	if err != nil || !ok {
		return nil, err
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
	if err := s.settings.Set(ctx, keyBlocklist, strings.Join(list, "\n")); err != nil {
		return nil, err
	}
	return list, nil
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
	return s.guard.Token(ctx, formName(storyID), t)
}

// FormTokenFor returns the signed time for a comment form on storyID shown, now, only to the
// client at addr (a form that came back to one reader), valid from no other address.
func (s *Store) FormTokenFor(ctx context.Context, storyID int64, addr string) (string, error) {
	return s.guard.TokenFor(ctx, formName(storyID), addr, s.clock())
}

// formName binds a comment form's token to its story.
func formName(storyID int64) string { return "comment:" + strconv.FormatInt(storyID, 10) }
