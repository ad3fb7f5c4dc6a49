// Package digest keeps the readers who asked for the morning e-mail digest: subscription
// without an account, confirmed by a single-use link (double opt-in: an address receives
// nothing before its owner confirms, and an unconfirmed one expires), one-click unsubscribe
// (RFC 8058) with a signed link, bounced addresses that receive nothing more, and the daily
// claim of subscribers due a digest, which several nodes may run at once and which hands each
// subscriber at most one digest per local day. What a digest holds is chosen by Candidates
// (stories.go); the mails are composed by internal/notify from this package's events.
package digest

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	netmail "net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/settings"
)

// State is where a subscription stands.
type State string

// The states of a subscription.
const (
	// Pending waits for its owner to follow the confirmation link; it receives nothing else.
	Pending State = "pending"
	// Active receives the digest every morning.
	Active State = "active"
	// Unsubscribed asked to receive nothing more.
	Unsubscribed State = "unsubscribed"
	// Bounced was refused for good by the mail server; it receives nothing more.
	Bounced State = "bounced"
)

// States lists every state, in the order the newsroom shows them.
func States() []State { return []State{Active, Pending, Unsubscribed, Bounced} }

// ConfirmWithin is how long a confirmation link works.
const ConfirmWithin = 48 * time.Hour

// MaxStories is the most stories one digest lists.
const MaxStories = 10

// Limits on subscription requests: per client (a formguard client key) and per address, so
// that the form cannot be used to flood someone's mailbox with confirmation requests.
var (
	clientLimit = formguard.Limit{Max: 10, Window: time.Hour}
	emailLimit  = formguard.Limit{Max: 3, Window: 24 * time.Hour}
)

// Errors of confirmation and unsubscription links.
var (
	// ErrBadLink is a link this site did not make, or one already used.
	ErrBadLink = errors.New("digest link is not valid")
	// ErrExpired is a confirmation link older than ConfirmWithin.
	ErrExpired = errors.New("digest confirmation link has expired")
	// ErrNotFound is a subscriber that does not exist.
	ErrNotFound = errors.New("digest subscriber not found")
)

// Subscriber is one address and what it asked for.
type Subscriber struct {
	ID    int64
	Email string
	Lang  locale.Lang
	// Sections are the sections the reader chose; none means every section.
	Sections    []int64
	State       State
	LastSentOn  string
	SentCount   int64
	BounceNote  string
	CreatedAt   time.Time
	ConfirmedAt time.Time
	EndedAt     time.Time
}

// Store keeps the subscribers in d.
type Store struct {
	db       *db.DB
	settings *settings.Store
	guard    *formguard.Guard
	now      func() time.Time
}

// NewStore returns the store; guard counts subscription requests against its limits.
func NewStore(d *db.DB, guard *formguard.Guard) *Store {
	return &Store{db: d, settings: settings.NewStore(d), guard: guard, now: time.Now}
}

// WithClock returns a copy of the store reading the time from now; tests use it.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// secretKey is the settings row holding the secret that signs unsubscribe links.
const secretKey = "digest.secret"

// Request is what the subscription form asks for.
type Request struct {
	Email    string
	Lang     locale.Lang
	Sections []int64
	// Client is the address the request came from, counted (as a formguard client key)
	// against the rate limits.
	Client string
}

// normalEmail is the one form an address is stored and looked up in.
func normalEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Subscribe asks for a digest. A new, pending, unsubscribed or expired address becomes pending
// with a fresh confirmation link (a Requested event carries it to the mail); an active address
// keeps its subscription and a bounced one receives nothing. The answer is the same in every
// case, so the form tells no one who subscribes.
func (s *Store) Subscribe(ctx context.Context, r Request) error {
	email := normalEmail(r.Email)
	var v fielderr.Error
	if v.Required("email", email) && v.MaxLen("email", email, 254) {
		if a, err := netmail.ParseAddress(email); err != nil || a.Address != email {
			v.Add("email", fielderr.InvalidEmail)
		}
	}
	if _, ok := locale.ParseLang(string(r.Lang)); !ok {
		v.Add("lang", fielderr.Invalid)
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	sections := slices.Compact(slices.Sorted(slices.Values(r.Sections)))
	client, err := s.guard.ClientKey(ctx, r.Client)
	if err != nil {
		return err
	}
	token, hash := newToken()
	now := s.clock()
	defer s.guard.Prune(ctx)
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := s.checkSections(ctx, tx, sections); err != nil {
			return err
		}
		if err := s.guard.Hit(ctx, tx, "digest-client", client, clientLimit); err != nil {
			return err
		}
		if err := s.guard.Hit(ctx, tx, "digest-email", email, emailLimit); err != nil {
			return err
		}
		var id int64
		var state State
		err := tx.QueryRow(ctx, "SELECT id, state FROM digest_subscribers WHERE email = ?", email).Scan(&id, &state)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id, err = tx.InsertID(ctx, `INSERT INTO digest_subscribers (email, lang, sections, state, token_hash, token_expires_at, created_at)
				VALUES (?, ?, ?, 'pending', ?, ?, ?)`, email, string(r.Lang), joinIDs(sections), hash, now.Add(ConfirmWithin), now)
			if err != nil {
				return fmt.Errorf("subscribe: %w", err)
			}
		case err != nil:
			return fmt.Errorf("subscribe: %w", err)
		case state == Active || state == Bounced:
			return nil
		default:
			_, err = tx.Exec(ctx, `UPDATE digest_subscribers SET lang = ?, sections = ?, state = 'pending', token_hash = ?,
				token_expires_at = ?, created_at = ?, ended_at = NULL WHERE id = ?`,
				string(r.Lang), joinIDs(sections), hash, now.Add(ConfirmWithin), now, id)
			if err != nil {
				return fmt.Errorf("subscribe: %w", err)
			}
		}
		tx.Record(Requested{ID: id, Email: email, Lang: r.Lang, Token: token})
		return nil
	})
}

// checkSections refuses section ids that name no section.
func (s *Store) checkSections(ctx context.Context, tx *db.Tx, ids []int64) error {
	for _, id := range ids {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM sections WHERE id = ?", id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return fielderr.New("sections", fielderr.Invalid)
		}
	}
	return nil
}

// newToken is a confirmation token and the hash that is stored of it.
func newToken() (token, hash string) {
	b := make([]byte, 24)
	rand.Read(b)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Pending returns the pending subscription a confirmation token belongs to, without using it
// up: the page the mail links to shows what is confirmed before the reader presses the button
// (mail scanners that open links must not confirm on their own).
func (s *Store) Pending(ctx context.Context, token string) (Subscriber, error) {
	if token == "" || len(token) > 100 {
		return Subscriber{}, ErrBadLink
	}
	sub, expires, err := s.byToken(ctx, s.db.QueryRow, token)
	if err != nil {
		return Subscriber{}, err
	}
	if !s.clock().Before(expires) {
		return Subscriber{}, ErrExpired
	}
	return sub, nil
}

type queryRow func(ctx context.Context, q string, args ...any) *sql.Row

func (s *Store) byToken(ctx context.Context, qr queryRow, token string) (Subscriber, time.Time, error) {
	var expires time.Time
	sub, err := scanSubscriber(qr(ctx, "SELECT "+columns+", token_expires_at FROM digest_subscribers WHERE token_hash = ? AND state = 'pending'",
		hashToken(token)), &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Subscriber{}, time.Time{}, ErrBadLink
	}
	if err != nil {
		return Subscriber{}, time.Time{}, fmt.Errorf("digest token: %w", err)
	}
	return sub, expires.UTC(), nil
}

// Confirm uses up a confirmation token: its subscription becomes active and receives the
// next digest. A token works once; a used or unknown one is ErrBadLink, an old one ErrExpired.
func (s *Store) Confirm(ctx context.Context, token string) (Subscriber, error) {
	if token == "" || len(token) > 100 {
		return Subscriber{}, ErrBadLink
	}
	var sub Subscriber
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var expires time.Time
		var err error
		sub, expires, err = s.byToken(ctx, tx.QueryRow, token)
		if err != nil {
			return err
		}
		now := s.clock()
		if !now.Before(expires) {
			return ErrExpired
		}
		res, err := tx.Exec(ctx, `UPDATE digest_subscribers SET state = 'active', token_hash = NULL, token_expires_at = NULL,
			confirmed_at = ? WHERE id = ? AND state = 'pending'`, now, sub.ID)
		if err != nil {
			return fmt.Errorf("confirm digest: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrBadLink
		}
		sub.State, sub.ConfirmedAt = Active, now
		tx.Record(Confirmed{ID: sub.ID, Lang: sub.Lang})
		return nil
	})
	return sub, err
}

// UnsubscribeToken is the token of sub's unsubscribe link: its id and a signature of the id
// and address, so the link keeps working for as long as the subscriber exists and cannot be
// made for anyone else.
func (s *Store) UnsubscribeToken(ctx context.Context, id int64, email string) (string, error) {
	secret, err := s.settings.Secret(ctx, secretKey)
	if err != nil {
		return "", err
	}
	return unsubscribeToken(secret, id, email), nil
}

func unsubscribeToken(secret []byte, id int64, email string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("unsubscribe\x00" + strconv.FormatInt(id, 10) + "\x00" + normalEmail(email)))
	return strconv.FormatInt(id, 10) + "." + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// ByUnsubscribeToken returns the subscriber an unsubscribe token was made for.
func (s *Store) ByUnsubscribeToken(ctx context.Context, token string) (Subscriber, error) {
	idPart, _, ok := strings.Cut(token, ".")
	id, err := strconv.ParseInt(idPart, 10, 64)
	if !ok || err != nil || len(token) > 100 {
		return Subscriber{}, ErrBadLink
	}
	sub, err := s.Get(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Subscriber{}, ErrBadLink
	}
	if err != nil {
		return Subscriber{}, err
	}
	secret, err := s.settings.Secret(ctx, secretKey)
	if err != nil {
		return Subscriber{}, err
	}
	if !hmac.Equal([]byte(token), []byte(unsubscribeToken(secret, id, sub.Email))) {
		return Subscriber{}, ErrBadLink
	}
	return sub, nil
}

// Unsubscribe ends the subscription an unsubscribe token names, at once and for good (until
// the reader subscribes again). Unsubscribing twice is not an error.
func (s *Store) Unsubscribe(ctx context.Context, token string) (Subscriber, error) {
	sub, err := s.ByUnsubscribeToken(ctx, token)
	if err != nil {
		return Subscriber{}, err
	}
	if sub.State != Active && sub.State != Pending {
		return sub, nil
	}
	now := s.clock()
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.Exec(ctx, `UPDATE digest_subscribers SET state = 'unsubscribed', token_hash = NULL, token_expires_at = NULL,
			ended_at = ? WHERE id = ? AND state IN ('active', 'pending')`, now, sub.ID)
		if err != nil {
			return fmt.Errorf("unsubscribe: %w", err)
		}
		tx.Record(Left{ID: sub.ID, Lang: sub.Lang})
		return nil
	})
	sub.State, sub.EndedAt = Unsubscribed, now
	return sub, err
}

// MarkBounced stops every mail to email: its subscription (if it has one) becomes bounced
// with note saying why. It reports whether a subscription changed; the mail worker calls it on
// a permanent SMTP refusal, and admins from the subscriber list.
func (s *Store) MarkBounced(ctx context.Context, email, note string) (bool, error) {
	email = normalEmail(email)
	if a, err := netmail.ParseAddress(email); err == nil {
		email = normalEmail(a.Address)
	}
	if len(note) > 500 {
		note = strings.ToValidUTF8(note[:500], "")
	}
	var changed bool
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, `UPDATE digest_subscribers SET state = 'bounced', token_hash = NULL, token_expires_at = NULL,
			bounce_note = ?, ended_at = ? WHERE email = ? AND state <> 'bounced'`, note, s.clock(), email)
		if err != nil {
			return fmt.Errorf("mark bounced: %w", err)
		}
		n, _ := res.RowsAffected()
		changed = n > 0
		return nil
	})
	return changed, err
}

const columns = `id, email, lang, sections, state, last_sent_on, sent_count, bounce_note, created_at, confirmed_at, ended_at`

type scanner interface{ Scan(dest ...any) error }

func scanSubscriber(row scanner, extra ...any) (Subscriber, error) {
	var sub Subscriber
	var lang, sections, state string
	var confirmed, ended sql.NullTime
	dest := append([]any{&sub.ID, &sub.Email, &lang, &sections, &state, &sub.LastSentOn, &sub.SentCount, &sub.BounceNote,
		&sub.CreatedAt, &confirmed, &ended}, extra...)
	if err := row.Scan(dest...); err != nil {
		return Subscriber{}, err
	}
	sub.Lang, sub.State, sub.Sections = locale.Lang(lang), State(state), splitIDs(sections)
	sub.CreatedAt = sub.CreatedAt.UTC()
	if confirmed.Valid {
		sub.ConfirmedAt = confirmed.Time.UTC()
	}
	if ended.Valid {
		sub.EndedAt = ended.Time.UTC()
	}
	return sub, nil
}

// Get returns one subscriber, or ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (Subscriber, error) {
	sub, err := scanSubscriber(s.db.QueryRow(ctx, "SELECT "+columns+" FROM digest_subscribers WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Subscriber{}, ErrNotFound
	}
	if err != nil {
		return Subscriber{}, fmt.Errorf("get subscriber: %w", err)
	}
	return sub, nil
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if id, err := strconv.ParseInt(p, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
