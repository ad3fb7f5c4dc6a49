// Package push sends web push notifications (RFC 8030) to readers' browsers with no
// third-party service: readers subscribe without an account, per language and per section;
// editors send a published story; a durable queue in the database delivers each notification
// to each subscription once, encrypted per RFC 8291 and signed per RFC 8292 (VAPID), through
// whatever push service the reader's browser uses.
package push

import (
	"context"
	"crypto/ecdh"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/queue"
	"github.com/batori-news/batori/internal/secretbox"
)

// Options configure a Store.
type Options struct {
	// PerHour is the most notifications editors may send in one language within an hour;
	// 0 sets no limit.
	PerHour int
	// AllowHTTP accepts http:// endpoints (the test push service); browsers' push services
	// are all https.
	AllowHTTP bool
}

// Store keeps subscriptions, sent notifications and their delivery queue. It is safe for
// concurrent use.
type Store struct {
	db  *db.DB
	opt Options
	box *secretbox.Box
	// jobs is push_deliveries as a leased queue.
	jobs queue.Table
	// wake tells a Worker on this Store that deliveries were queued.
	wake queue.Wake
	now  func() time.Time

	mu   sync.Mutex
	keys *Keys
}

// NewStore returns the push store kept in d. Its VAPID private key is sealed with box (nil
// keeps it in plain text, for tests).
func NewStore(d *db.DB, box *secretbox.Box, opt Options) *Store {
	return &Store{db: d, opt: opt, box: box, jobs: queue.Table{DB: d, Name: "push_deliveries"}, wake: queue.NewWake(),
		now: func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }}
}

// Kick wakes a Worker on this store, as after a send commits; it never blocks.
func (s *Store) Kick() { s.wake.Kick() }

// Topic is what a subscription wants: stories of one language, of one section or (SectionID
// 0) of every section.
type Topic struct {
	Lang      locale.Lang
	SectionID int64
}

// Subscription is a browser's push subscription as PushSubscription.toJSON gives it, with
// the topics its reader chose.
type Subscription struct {
	Endpoint string
	// P256dh is the browser's ECDH public key (uncompressed P-256 point) and Auth its
	// 16-byte authentication secret, both base64url.
	P256dh, Auth string
	Topics       []Topic
}

// maxTopics bounds one subscription's topics: two languages and every section fit.
const maxTopics = 100

// validate checks a subscription before it is stored: an endpoint we will post to, keys we
// can encrypt for, topics in our languages.
func (s *Store) validate(sub *Subscription) error {
	errs := &fielderr.Error{}
	u, err := url.Parse(sub.Endpoint)
	switch {
	case sub.Endpoint == "":
		errs.Add("endpoint", fielderr.Required)
	case len(sub.Endpoint) > 2000:
		errs.AddProblem("endpoint", fielderr.Problem{Code: fielderr.TooLong, Max: 2000})
	case err != nil || u.Host == "" || u.User != nil || u.Fragment != "" ||
		!(u.Scheme == "https" || s.opt.AllowHTTP && u.Scheme == "http"):
		errs.Add("endpoint", fielderr.Invalid)
	}
	if key, err := b64(sub.P256dh); err != nil || len(key) != 65 {
		errs.Add("p256dh", fielderr.Invalid)
	} else if _, err := ecdh.P256().NewPublicKey(key); err != nil {
		errs.Add("p256dh", fielderr.Invalid)
	}
	if a, err := b64(sub.Auth); err != nil || len(a) != 16 {
		errs.Add("auth", fielderr.Invalid)
	}
	switch {
	case len(sub.Topics) == 0:
		errs.Add("topics", fielderr.Required)
	case len(sub.Topics) > maxTopics:
		errs.AddProblem("topics", fielderr.Problem{Code: fielderr.TooMany, Max: maxTopics})
	}
	for _, t := range sub.Topics {
		if t.Lang != locale.English && t.Lang != locale.Assamese || t.SectionID < 0 {
			errs.Add("topics", fielderr.Invalid)
			break
		}
	}
	if len(errs.Fields) > 0 {
		return errs
	}
	return nil
}

// b64 decodes base64url with or without padding, as browsers and libraries differ.
func b64(s string) ([]byte, error) {
	return base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
}

// Subscribe stores sub, or replaces the keys and topics of the subscription with its endpoint
// (a reader changing what they follow subscribes again).
func (s *Store) Subscribe(ctx context.Context, sub Subscription) error {
	if err := s.validate(&sub); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO push_subscriptions (endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth RETURNING id`,
			sub.Endpoint, sub.P256dh, sub.Auth, s.now()).Scan(&id)
		if err != nil {
			return fmt.Errorf("subscribe: %w", err)
		}
		if _, err := tx.Exec(ctx, "DELETE FROM push_topics WHERE subscription_id = ?", id); err != nil {
			return err
		}
		seen := map[Topic]bool{}
		for _, t := range sub.Topics {
			if seen[t] {
				continue
			}
			seen[t] = true
			if _, err := tx.Exec(ctx, "INSERT INTO push_topics (subscription_id, lang, section_id) VALUES (?, ?, ?)", id, string(t.Lang), t.SectionID); err != nil {
				return err
			}
		}
		return nil
	})
}

// ErrNotSubscribed is returned by Unsubscribe for an endpoint that has no subscription.
var ErrNotSubscribed = errors.New("no push subscription for this endpoint")

// Unsubscribe deletes the subscription of endpoint and its queued deliveries.
func (s *Store) Unsubscribe(ctx context.Context, endpoint string) error {
	res, err := s.db.Exec(ctx, "DELETE FROM push_subscriptions WHERE endpoint = ?", endpoint)
	if err != nil {
		return fmt.Errorf("unsubscribe: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return ErrNotSubscribed
	}
	return nil
}

// Topics returns the topics of the subscription with endpoint, or ErrNotSubscribed.
func (s *Store) Topics(ctx context.Context, endpoint string) ([]Topic, error) {
	rows, err := s.db.Query(ctx, `SELECT t.lang, t.section_id FROM push_topics t JOIN push_subscriptions s ON s.id = t.subscription_id
		WHERE s.endpoint = ? ORDER BY t.lang, t.section_id`, endpoint)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []Topic
	for rows.Next() {
		var t Topic
		var lang string
		if err := rows.Scan(&lang, &t.SectionID); err != nil {
			return nil, err
		}
		t.Lang = locale.Lang(lang)
		list = append(list, t)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ErrNotSubscribed
	}
	return list, nil
}

// reachWhere selects the subscriptions a story of lang in sectionID reaches, with
// reachArgs: those following the language's every section or that section.
const reachWhere = "lang = ? AND section_id IN (0, ?)"

// Reach is how many subscriptions a story of lang in section sectionID would reach, and of
// those how many follow every section of the language.
func (s *Store) Reach(ctx context.Context, lang locale.Lang, sectionID int64) (total, everything int, err error) {
	err = s.db.QueryRow(ctx, `SELECT COUNT(DISTINCT subscription_id), COUNT(DISTINCT CASE WHEN section_id = 0 THEN subscription_id END)
		FROM push_topics WHERE `+reachWhere, string(lang), sectionID).Scan(&total, &everything)
	return total, everything, err
}
