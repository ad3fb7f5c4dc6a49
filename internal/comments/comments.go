// Package comments holds readers' comments on published stories: posting with its spam
// defences (a honeypot, a signed form time, rate limits kept in the database, a link limit and
// an editors' blocklist), threads with one level of replies, reader flags, moderation and the
// comment settings. It owns its SQL and knows nothing of HTTP.
package comments

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/settings"
)

// Status is a comment's place in moderation.
type Status string

// The states of a comment. Only approved comments are shown to readers.
const (
	Pending  Status = "pending"
	Approved Status = "approved"
	Spam     Status = "spam"
	Rejected Status = "rejected"
)

// Flagged is the queue filter for approved comments that readers have flagged.
const Flagged = "flagged"

// Comment is one comment or reply.
type Comment struct {
	ID      int64
	StoryID int64
	// Lang is the edition the comment was posted on, and the language of mail to its author.
	Lang locale.Lang
	// ParentID is the top-level comment a reply belongs to, 0 for a top-level comment.
	ParentID int64
	Name     string
	// Email is the commenter's address, lower-cased; never shown to readers.
	Email string
	// Body is plain text; HTML renders it for display.
	Body   string
	Status Status
	// StaffUserID is the newsroom account that wrote a staff reply, 0 for readers.
	StaffUserID int64
	// Notify is set when the commenter asked for a mail once the comment is published.
	Notify bool
	// Flags counts the readers who flagged the comment since an editor last approved it.
	Flags int
	// SpamReason says why the comment was sent to spam on arrival ("blocklist").
	SpamReason  string
	CreatedAt   time.Time
	ModeratedAt time.Time
	// Replies are a top-level comment's approved replies, oldest first (threads only).
	Replies []Comment
}

// Staff reports whether the comment was written in the newsroom.
func (c Comment) Staff() bool { return c.StaffUserID != 0 }

// Errors the store returns; the HTTP layers map them to pages and status codes.
var (
	// ErrNotFound: no such comment, or no published edition to comment on.
	ErrNotFound = errors.New("comment not found")
	// ErrClosed: the story takes no more comments (closed by an editor or by age).
	ErrClosed = errors.New("comments are closed on this story")
	// ErrRateLimited: the client or the e-mail address posted too many comments lately. The
	// error returned is a *formguard.LimitError, which matches it.
	ErrRateLimited = formguard.ErrLimited
	// ErrTooFast: the form came back sooner than a person can fill it in.
	ErrTooFast = formguard.ErrTooFast
	// ErrFormExpired: the form is older than a day; the reader should send it again.
	ErrFormExpired = formguard.ErrExpired
	// ErrBadToken: the form's signed time or one-time key is missing or forged.
	ErrBadToken = formguard.ErrForged
	// ErrTokenUsed: a form given back to one reader (its token bound to them) was already
	// used for a comment.
	ErrTokenUsed = formguard.ErrUsed
	// ErrTrap: the hidden field only robots fill in was filled in. Callers answer as if the
	// comment were accepted, so the robot learns nothing.
	ErrTrap = errors.New("comment honeypot filled in")
	// ErrParent: the comment replied to is not a published comment of the same edition.
	ErrParent = errors.New("the comment replied to is not published on this story")
)

// Limits are the spam defences' numbers.
type Limits struct {
	// PerClient comments from one client address within ClientWindow.
	PerClient    int
	ClientWindow time.Duration
	// PerEmail comments from one e-mail address within EmailWindow.
	PerEmail    int
	EmailWindow time.Duration
	// MinFill is the least time between showing the form and posting it; MaxFormAge the most.
	MinFill    time.Duration
	MaxFormAge time.Duration
	// MaxLinks is the most web addresses a reader's comment may hold.
	MaxLinks int
}

// DefaultLimits are the limits of a new store.
func DefaultLimits() Limits {
	return Limits{
		PerClient: 5, ClientWindow: 10 * time.Minute,
		PerEmail: 10, EmailWindow: time.Hour,
		MinFill: 3 * time.Second, MaxFormAge: formguard.DefaultTiming.MaxAge,
		MaxLinks: 2,
	}
}

// Store reads and writes comments.
type Store struct {
	db     *db.DB
	now    func() time.Time
	limits Limits
	// guard checks the form and counts the rate limits; copies of the store share its secret.
	guard *formguard.Guard
	// settings holds the comment settings and the blocklist.
	settings *settings.Store
}

// NewStore returns a store over d with the default limits.
func NewStore(d *db.DB) *Store {
	return &Store{db: d, now: time.Now, limits: DefaultLimits(), guard: formguard.New(d), settings: settings.NewStore(d)}
}

// WithClock returns a copy of the store that takes the time from now; tests use it to post
// forms "later" and to age stories.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	c.guard = s.guard.WithClock(now)
	return &c
}

// WithLimits returns a copy of the store with other limits.
func (s *Store) WithLimits(l Limits) *Store {
	c := *s
	c.limits = l
	return &c
}

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// querier is what both the database and a transaction offer for reads.
type querier interface {
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// commentColumns are the columns scanComment reads, from comments aliased c.
const commentColumns = `c.id, c.story_id, c.lang, COALESCE(c.parent_id, 0), c.author_name, c.author_email, c.body,
	c.status, COALESCE(c.staff_user_id, 0), c.notify, c.flag_count, c.spam_reason, c.created_at, c.moderated_at`

type scanner interface{ Scan(dest ...any) error }

func scanComment(row scanner, extra ...any) (Comment, error) {
	var c Comment
	var lang, status string
	var moderated sql.NullTime
	dest := append([]any{&c.ID, &c.StoryID, &lang, &c.ParentID, &c.Name, &c.Email, &c.Body,
		&status, &c.StaffUserID, &c.Notify, &c.Flags, &c.SpamReason, &c.CreatedAt, &moderated}, extra...)
	if err := row.Scan(dest...); err != nil {
		return Comment{}, err
	}
	c.Lang, c.Status = locale.Lang(lang), Status(status)
	c.CreatedAt = c.CreatedAt.UTC()
	if moderated.Valid {
		c.ModeratedAt = moderated.Time.UTC()
	}
	return c, nil
}

// idArgs turns ids into query arguments.
func idArgs(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
