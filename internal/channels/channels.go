// Package channels posts each published story to the Telegram channel of its language through
// the Bot API: an English and an Assamese channel, each with its own bot token (sealed with
// internal/secretbox) and chat id, set by an admin in the newsroom.
//
// Posting never holds up publication. The transaction that publishes an edition queues a row
// in channel_posts (EnqueueTx, called by the application's event subscriber); a Worker claims
// due rows with a lease (internal/queue), as the mail worker does, so several nodes never send one
// post at the same time, and records what became of each: sent, retried with backoff (after a
// 429, when Telegram's retry_after says), failed for good (400, 401, 403, 404: shown to
// admins, never retried on its own) or skipped (withdrawn or channel switched off meanwhile).
//
// A story is posted once per language: the row's key is (story, language), so publishing it
// again after a withdrawal, or editing it, posts nothing new. An edited headline stays as
// first posted; an editor who wants a fresh post makes a new story. As with mail, a node that
// dies between Telegram's answer and recording it leaves the post to be sent again once its
// lease ends: twice at worst, never lost.
package channels

import (
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/queue"
	"github.com/batori-news/batori/internal/secretbox"
)

// The states of a channel post.
const (
	StatusQueued  = "queued"
	StatusSent    = "sent"
	StatusFailed  = "failed"
	StatusSkipped = "skipped"
)

// Langs are the languages that have a channel, in the order the newsroom shows them.
var Langs = []locale.Lang{locale.English, locale.Assamese}

// Store keeps the channels' settings and the queue of posts. It is safe for concurrent use.
type Store struct {
	db *db.DB
	// box seals bot tokens at rest; nil stores them as typed (tests of other parts).
	box *secretbox.Box
	// jobs is channel_posts as a leased queue.
	jobs queue.Table
	// wake tells a Worker on this Store that posts were queued.
	wake queue.Wake
	now  func() time.Time
}

// NewStore returns the channels kept in d.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, jobs: queue.Table{DB: d, Name: "channel_posts"}, wake: queue.NewWake(), now: func() time.Time { return time.Now() }}
}

// WithSecretBox makes s seal bot tokens with box when it saves them and open them when it
// reads; the application calls it once at start, before serving.
func (s *Store) WithSecretBox(box *secretbox.Box) { s.box = box }

// Kick makes a Worker on this Store look for due posts now, as after a publication commits;
// it never blocks.
func (s *Store) Kick() { s.wake.Kick() }

// stamp is the time written to the queue: UTC, at the precision both databases keep.
func (s *Store) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }
