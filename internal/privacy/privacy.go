// Package privacy keeps what Batori holds about readers (commenters, tipsters, the people
// mails go to) within the periods the privacy notice states, and answers a person's requests:
// an export of everything held about one e-mail address, and its erasure. It acts on the
// tables of comments, enquiries, the form guard and the outbox in one transaction, and notes
// every erasure and retention run in the audit log without the address itself.
package privacy

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
)

// Retention is how long each kind of readers' data is kept.
type Retention struct {
	// ClosedEnquiries: a closed enquiry and its attachment, counted from its last change.
	ClosedEnquiries time.Duration
	// DiscardedComments: a rejected or spam comment, counted from its moderation.
	DiscardedComments time.Duration
	// Mail: a sent or failed mail (acknowledgements and replies to readers).
	Mail time.Duration
	// UnconfirmedDigest: a digest subscription never confirmed, counted from its request.
	UnconfirmedDigest time.Duration
}

// Day is 24 hours, the unit retention periods are stated in.
const Day = 24 * time.Hour

// DefaultRetention are the periods the privacy notice states.
var DefaultRetention = Retention{ClosedEnquiries: 365 * Day, DiscardedComments: 90 * Day, Mail: 180 * Day, UnconfirmedDigest: 7 * Day}

// Store acts on readers' data in d; attachments are where enquiries' files are kept.
type Store struct {
	db          *db.DB
	attachments media.Store
}

// NewStore returns the store, with enquiries' files in the folder attachments.
func NewStore(d *db.DB, attachments string) *Store {
	return NewStoreIn(d, media.NewFolderStore(attachments, 0o640))
}

// NewStoreIn returns the store, with enquiries' files in attachments (the enquiries store's
// Files).
func NewStoreIn(d *db.DB, attachments media.Store) *Store {
	return &Store{db: d, attachments: attachments}
}

// Subject is how the audit log names a person: a hash of the lower-cased address, so that a
// request can be found again by whoever knows the address, and the log itself holds none.
func Subject(email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(sum[:12])
}

// Export is everything held about one e-mail address.
type Export struct {
	Email     string          `json:"email"`
	Comments  []ExportComment `json:"comments"`
	Enquiries []ExportEnquiry `json:"enquiries"`
	Mails     []ExportMail    `json:"mails"`
	Digest    []ExportDigest  `json:"digest_subscriptions"`
	Made      time.Time       `json:"made"`
}

// ExportDigest is a subscription to the morning digest as held.
type ExportDigest struct {
	Lang        string     `json:"lang"`
	Sections    string     `json:"sections"`
	State       string     `json:"state"`
	DigestsSent int64      `json:"digests_sent"`
	CreatedAt   time.Time  `json:"created_at"`
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
}

// ExportComment is one comment as held.
type ExportComment struct {
	ID        int64     `json:"id"`
	StoryID   int64     `json:"story_id"`
	Name      string    `json:"name"`
	Body      string    `json:"body"`
	Status    string    `json:"status"`
	Notify    bool      `json:"notify"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportEnquiry is one enquiry as held.
type ExportEnquiry struct {
	Reference  string    `json:"reference"`
	Kind       string    `json:"kind"`
	Status     string    `json:"status"`
	Name       string    `json:"name"`
	Phone      string    `json:"phone"`
	Message    string    `json:"message"`
	Attachment string    `json:"attachment,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// ExportMail is one mail to the address in the outbox.
type ExportMail struct {
	Subject   string    `json:"subject"`
	Status    string    `json:"status"`
	CreatedAt time.Time `json:"created_at"`
}

// Export gathers what is held about email, and notes the request in the audit log.
func (s *Store) Export(ctx context.Context, email, actor string) (Export, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	x := Export{Email: email, Made: time.Now().UTC(), Comments: []ExportComment{}, Enquiries: []ExportEnquiry{}, Mails: []ExportMail{}, Digest: []ExportDigest{}}
	rows, err := s.db.Query(ctx, `SELECT id, story_id, author_name, body, status, notify, created_at FROM comments
		WHERE author_email = ? ORDER BY id`, email)
	if err != nil {
		return x, err
	}
	for rows.Next() {
		var c ExportComment
		if err := rows.Scan(&c.ID, &c.StoryID, &c.Name, &c.Body, &c.Status, &c.Notify, &c.CreatedAt); err != nil {
			rows.Close()
			return x, err
		}
		x.Comments = append(x.Comments, c)
	}
	rows.Close()
	rows, err = s.db.Query(ctx, `SELECT reference, kind, status, name, phone, message, attachment_name, created_at FROM enquiries
		WHERE LOWER(email) = ? ORDER BY id`, email)
	if err != nil {
		return x, err
	}
	for rows.Next() {
		var e ExportEnquiry
		if err := rows.Scan(&e.Reference, &e.Kind, &e.Status, &e.Name, &e.Phone, &e.Message, &e.Attachment, &e.CreatedAt); err != nil {
			rows.Close()
			return x, err
		}
		x.Enquiries = append(x.Enquiries, e)
	}
	rows.Close()
	rows, err = s.db.Query(ctx, "SELECT subject, status, created_at FROM outbox WHERE LOWER(to_addr) = ? ORDER BY id", email)
	if err != nil {
		return x, err
	}
	for rows.Next() {
		var m ExportMail
		if err := rows.Scan(&m.Subject, &m.Status, &m.CreatedAt); err != nil {
			rows.Close()
			return x, err
		}
		x.Mails = append(x.Mails, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return x, err
	}
	rows, err = s.db.Query(ctx, "SELECT lang, sections, state, sent_count, created_at, confirmed_at FROM digest_subscribers WHERE email = ?", email)
	if err != nil {
		return x, err
	}
	for rows.Next() {
		var d ExportDigest
		var confirmed sql.NullTime
		if err := rows.Scan(&d.Lang, &d.Sections, &d.State, &d.DigestsSent, &d.CreatedAt, &confirmed); err != nil {
			rows.Close()
			return x, err
		}
		if confirmed.Valid {
			d.ConfirmedAt = &confirmed.Time
		}
		x.Digest = append(x.Digest, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return x, err
	}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		return audit(ctx, tx, "privacy.export", fmt.Sprintf("subject=%s comments=%d enquiries=%d mails=%d digest=%d by=%s",
			Subject(email), len(x.Comments), len(x.Enquiries), len(x.Mails), len(x.Digest), actor))
	})
	return x, err
}

// Erased counts what an erasure did.
type Erased struct {
	// CommentsRemoved were not published; CommentsAnonymised were, and keep their text
	// without a name, address or client key.
	CommentsRemoved, CommentsAnonymised int
	Enquiries, Mails                    int
	// Digest counts the digest subscriptions deleted (one at most).
	Digest int
	Files  []string
}

// Erase removes what is held about email: enquiries (with their timelines and attachments),
// unpublished comments and mails to the address are deleted, published comments lose the
// name, address and client key (their text stays, marked anonymous), and subscriptions to
// comment notices end with them. The audit log notes it with the address's hash.
func (s *Store) Erase(ctx context.Context, email, actor string) (Erased, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var done Erased
	if email == "" {
		return done, fmt.Errorf("no e-mail address given")
	}
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		done = Erased{}
		files, n, err := deleteEnquiries(ctx, tx, "LOWER(email) = ?", email)
		if err != nil {
			return err
		}
		done.Files, done.Enquiries = files, n
		// Every published comment's pages change; those not published are on no page.
		rows, err := tx.Query(ctx, "SELECT id, story_id, lang FROM comments WHERE author_email = ? AND status = ?", email, string(comments.Approved))
		if err != nil {
			return err
		}
		var shown []comments.TakenDown
		for rows.Next() {
			var ev comments.TakenDown
			var lang string
			if err := rows.Scan(&ev.ID, &ev.StoryID, &lang); err != nil {
				rows.Close()
				return err
			}
			ev.Lang = locale.Lang(lang)
			shown = append(shown, ev)
		}
		rows.Close()
		res, err := tx.Exec(ctx, "DELETE FROM comments WHERE author_email = ? AND status <> ?", email, string(comments.Approved))
		if err != nil {
			return err
		}
		n64, _ := res.RowsAffected()
		done.CommentsRemoved = int(n64)
		res, err = tx.Exec(ctx, `UPDATE comments SET author_name = '', author_email = '', client_key = '', notify = ?
			WHERE author_email = ?`, false, email)
		if err != nil {
			return err
		}
		n64, _ = res.RowsAffected()
		done.CommentsAnonymised = int(n64)
		for _, ev := range shown {
			tx.Record(ev)
		}
		res, err = tx.Exec(ctx, "DELETE FROM outbox WHERE LOWER(to_addr) = ?", email)
		if err != nil {
			return err
		}
		n64, _ = res.RowsAffected()
		done.Mails = int(n64)
		res, err = tx.Exec(ctx, "DELETE FROM digest_subscribers WHERE email = ?", email)
		if err != nil {
			return err
		}
		n64, _ = res.RowsAffected()
		done.Digest = int(n64)
		return audit(ctx, tx, "privacy.erase", fmt.Sprintf("subject=%s enquiries=%d comments_removed=%d comments_anonymised=%d mails=%d digest=%d by=%s",
			Subject(email), done.Enquiries, done.CommentsRemoved, done.CommentsAnonymised, done.Mails, done.Digest, actor))
	})
	if err != nil {
		return Erased{}, err
	}
	s.removeFiles(ctx, done.Files)
	return done, nil
}

// Pruned counts what a retention run removed.
type Pruned struct {
	Enquiries, Comments, Mails, Limits int
	// Digest counts unconfirmed digest subscriptions deleted.
	Digest int
	Files  []string
}

// Enforce removes what has been kept longer than r allows, as of now, and notes the run in
// the audit log when it removed anything.
func (s *Store) Enforce(ctx context.Context, now time.Time, r Retention) (Pruned, error) {
	var p Pruned
	now = now.UTC()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		p = Pruned{}
		files, n, err := deleteEnquiries(ctx, tx, "status = 'closed' AND updated_at < ?", now.Add(-r.ClosedEnquiries))
		if err != nil {
			return err
		}
		p.Files, p.Enquiries = files, n
		res, err := tx.Exec(ctx, `DELETE FROM comments WHERE status IN (?, ?) AND COALESCE(moderated_at, created_at) < ?`,
			string(comments.Spam), string(comments.Rejected), now.Add(-r.DiscardedComments))
		if err != nil {
			return err
		}
		n64, _ := res.RowsAffected()
		p.Comments = int(n64)
		res, err = tx.Exec(ctx, "DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at < ?", now.Add(-r.Mail))
		if err != nil {
			return err
		}
		n64, _ = res.RowsAffected()
		p.Mails = int(n64)
		// Rate-limit counters hold hashes only and live minutes; expired ones go.
		res, err = tx.Exec(ctx, "DELETE FROM form_limits WHERE expires_at < ?", now)
		if err != nil {
			return err
		}
		n64, _ = res.RowsAffected()
		p.Limits = int(n64)
		if r.UnconfirmedDigest > 0 {
			res, err = tx.Exec(ctx, "DELETE FROM digest_subscribers WHERE state = 'pending' AND created_at < ?", now.Add(-r.UnconfirmedDigest))
			if err != nil {
				return err
			}
			n64, _ = res.RowsAffected()
			p.Digest = int(n64)
		}
		if p.Enquiries+p.Comments+p.Mails+p.Digest == 0 {
			return nil
		}
		return audit(ctx, tx, "privacy.retention", fmt.Sprintf("enquiries=%d comments=%d mails=%d digest=%d", p.Enquiries, p.Comments, p.Mails, p.Digest))
	})
	if err != nil {
		return Pruned{}, err
	}
	s.removeFiles(ctx, p.Files)
	return p, nil
}

// deleteEnquiries deletes the enquiries matching where (with their timelines) and returns
// their attachments' file names, to remove once the deletion commits.
func deleteEnquiries(ctx context.Context, tx *db.Tx, where string, arg any) ([]string, int, error) {
	rows, err := tx.Query(ctx, "SELECT attachment_key FROM enquiries WHERE "+where, arg)
	if err != nil {
		return nil, 0, err
	}
	var files []string
	n := 0
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, 0, err
		}
		n++
		if k != "" {
			files = append(files, k)
		}
	}
	rows.Close()
	if n == 0 {
		return nil, 0, nil
	}
	if _, err := tx.Exec(ctx, "DELETE FROM enquiry_events WHERE enquiry_id IN (SELECT id FROM enquiries WHERE "+where+")", arg); err != nil {
		return nil, 0, err
	}
	if _, err := tx.Exec(ctx, "DELETE FROM enquiries WHERE "+where, arg); err != nil {
		return nil, 0, err
	}
	return files, n, nil
}

// removeFiles removes committed deletions' attachments; one left behind (a failed remove)
// is the janitor's, which removes files no enquiry refers to.
func (s *Store) removeFiles(ctx context.Context, keys []string) {
	for _, k := range keys {
		if media.ValidKey(k) {
			s.attachments.Delete(ctx, k)
		}
	}
}

// audit notes a privacy action in the newsroom's audit log.
func audit(ctx context.Context, tx *db.Tx, action, detail string) error {
	_, err := tx.Exec(ctx, "INSERT INTO audit_events (action, detail, created_at) VALUES (?, ?, ?)",
		action, detail, time.Now().UTC().Truncate(time.Microsecond))
	return err
}
