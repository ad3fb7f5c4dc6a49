// Package enquiries keeps what readers send through the Enquiry form (news tips, correction
// requests, advertising and general questions) and the newsroom's handling of each: status,
// assignee, internal notes and replies, every step recorded with who took it and when.
//
// An enquiry is stored durably, together with any mail the caller queues in the same
// transaction, before the reader is told it was received; the form's one-time key makes a
// retried submission find the enquiry already stored instead of storing a second one.
package enquiries

import (
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
)

// Kind is what an enquiry is about.
type Kind string

// The kinds of enquiry the form offers.
const (
	NewsTip     Kind = "tip"
	Correction  Kind = "correction"
	Advertising Kind = "advertising"
	General     Kind = "general"
)

// Kinds lists every kind in the order the form offers them.
var Kinds = []Kind{NewsTip, Correction, Advertising, General}

// ParseKind returns the kind named s.
func ParseKind(s string) (Kind, bool) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// AllowsAttachment reports whether an enquiry of kind k may carry a file: only news tips do.
func (k Kind) AllowsAttachment() bool { return k == NewsTip }

// Status is where an enquiry stands on the desk.
type Status string

// The statuses of an enquiry: every one starts new; staff move it on and may reopen it.
const (
	StatusNew        Status = "new"
	StatusInProgress Status = "in_progress"
	StatusClosed     Status = "closed"
)

// Statuses lists every status in the order the inbox shows them.
var Statuses = []Status{StatusNew, StatusInProgress, StatusClosed}

// ParseStatus returns the status named s.
func ParseStatus(s string) (Status, bool) {
	for _, st := range Statuses {
		if string(st) == s {
			return st, true
		}
	}
	return "", false
}

// Enquiry is one reader's message as the newsroom sees it.
type Enquiry struct {
	ID int64
	// Reference is what the reader is given to quote ("K7QM-4XPD").
	Reference string
	Kind      Kind
	Status    Status
	// Lang is the language of the form the reader used; replies are written in it.
	Lang    locale.Lang
	Name    string
	Email   string
	Phone   string
	Message string
	// ClientAddr is the address the form came from, kept for abuse handling.
	ClientAddr string
	// Attachment is nil when the reader attached nothing.
	Attachment *Attachment
	// AssigneeID is 0 when nobody is assigned; AssigneeName is then empty.
	AssigneeID   int64
	AssigneeName string
	CreatedAt    time.Time
	// UpdatedAt moves with every step the newsroom takes.
	UpdatedAt time.Time
}

// Attachment is the file a news tip came with, kept in the data folder and never served to
// the public.
type Attachment struct {
	// Key is the stored file's random name under the enquiries folder.
	Key string
	// Name is the reader's file name, cleaned, for the download.
	Name string
	// ContentType is the type found by reading the content (image/jpeg, application/pdf…).
	ContentType string
	Bytes       int64
}

// Errors the store returns.
var (
	// ErrNotFound is returned for an unknown enquiry.
	ErrNotFound = errors.New("enquiry not found")
	// ErrNoAttachment is returned when an enquiry has no attachment to open.
	ErrNoAttachment = errors.New("enquiry has no attachment")
)

// RateLimitError is returned by Submit when the client address or the e-mail address has
// sent as many enquiries as the limits allow in their window; its Scope is "enquiry-address"
// or "enquiry-email".
type RateLimitError = formguard.LimitError

// Limits bound how many enquiries are accepted per client address and per e-mail address in
// each window. They are counted in the database, so every node sharing it enforces them.
type Limits struct {
	PerAddress int
	PerEmail   int
	Window     time.Duration
}

// DefaultLimits are the production limits: generous enough for a newsroom's regular readers
// behind one mobile carrier's shared address, tight enough to stop a flood.
var DefaultLimits = Limits{PerAddress: 20, PerEmail: 5, Window: time.Hour}

// Store keeps enquiries in the database and their attachments in a media.Store (a folder of
// the data folder, or a private prefix of the S3 bucket).
type Store struct {
	db     *db.DB
	files  media.Store
	limits Limits
	now    func() time.Time

	// guard signs the form tokens and counts the rate limits.
	guard *formguard.Guard
	// decoding holds a slot per photo attachment being decoded, so a burst of forms cannot
	// hold many pictures of up to media.MaxPixels in memory at once.
	decoding chan struct{}
}

// NewStore returns the store over d, keeping attachments in dir (the data folder's
// enquiries/, created when the first file arrives), with DefaultLimits.
func NewStore(d *db.DB, dir string) *Store {
	return NewStoreIn(d, media.NewFolderStore(dir, 0o640))
}

// NewStoreIn returns the store over d, keeping attachments in files, with DefaultLimits.
func NewStoreIn(d *db.DB, files media.Store) *Store {
	return &Store{db: d, files: files, limits: DefaultLimits, now: time.Now, guard: formguard.New(d),
		decoding: make(chan struct{}, 2)}
}

// WithLimits sets other rate limits and returns the store; call it before the store is used.
func (s *Store) WithLimits(l Limits) *Store {
	s.limits = l
	return s
}

// WithClock makes the store read the time from now (tests use it) and returns the store.
func (s *Store) WithClock(now func() time.Time) *Store {
	s.now = now
	s.guard = s.guard.WithClock(now)
	return s
}

// Dir is the local folder attachments are written in before they are put in place: the
// attachment folder itself, or the staging folder when they go to S3.
func (s *Store) Dir() string { return s.files.Staging() }

// Files is where attachments are kept.
func (s *Store) Files() media.Store { return s.files }

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// removeFile deletes an attachment written for a submission that was not stored.
func (s *Store) removeFile(key string) {
	if validKey(key) {
		os.Remove(filepath.Join(s.files.Staging(), tempPrefix+key))
	}
}
