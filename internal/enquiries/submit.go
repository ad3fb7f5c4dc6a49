package enquiries

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fault"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/formguard"
)

// errDuplicate rolls back a submission whose one-time key another one stored first.
var errDuplicate = errors.New("enquiry already stored under this key")

// Submit validates in, stores its attachment, and then in one transaction counts it against
// the rate limits, stores the enquiry and records Received (the reader's acknowledgement and
// the desk's notification are queued there), so the enquiry and its mail are stored together
// or not at all. When in.Key was stored before (a retried or double-clicked form) it stores nothing and
// returns the enquiry stored first with dup set.
//
// Problems with the reader's input come back as a *fielderr.Error, exceeded limits as a
// *RateLimitError.
func (s *Store) Submit(ctx context.Context, in NewEnquiry) (e Enquiry, dup bool, err error) {
	var v fielderr.Error
	in.normalize(&v)
	var ft fileType
	if in.File != nil && !v.Has("attachment") {
		select {
		case s.decoding <- struct{}{}:
		case <-ctx.Done():
			return Enquiry{}, false, ctx.Err()
		}
		var code fielderr.Code
		ft, code = inspectAttachment(in.File.Data)
		<-s.decoding
		if code == "" {
			code = checkName(in.File.Name, ft)
		}
		if code != "" {
			v.Add("attachment", code)
		}
	}
	if err := v.OrNil(); err != nil {
		return Enquiry{}, false, err
	}
	// A retry of a stored form is answered without touching the limits or the folder.
	if old, err := s.ByKey(ctx, in.Key); err == nil {
		return old, true, nil
	} else if !errors.Is(err, ErrNotFound) {
		return Enquiry{}, false, err
	}

	var client string
	if strings.TrimSpace(in.ClientAddr) != "" {
		if client, err = s.guard.ClientKey(ctx, in.ClientAddr); err != nil {
			return Enquiry{}, false, err
		}
	}
	now := s.clock()
	e = Enquiry{
		Kind: Kind(in.Kind), Status: StatusNew, Lang: in.Lang,
		Name: in.Name, Email: in.Email, Phone: in.Phone, Message: in.Message,
		ClientAddr: in.ClientAddr, CreatedAt: now, UpdatedAt: now,
	}
	if in.File != nil {
		key, err := s.writeFile(in.File.Data, ft)
		if err != nil {
			return Enquiry{}, false, err
		}
		e.Attachment = &Attachment{Key: key, Name: cleanFileName(in.File.Name), ContentType: ft.contentType, Bytes: int64(len(in.File.Data))}
	}
	// A fresh reference can, once in a very long while, collide with a stored one.
	for attempt := 0; ; attempt++ {
		e.Reference = newReference()
		err = s.db.InTx(ctx, func(tx *db.Tx) error { return s.insert(ctx, tx, in, client, &e) })
		if err == nil || attempt == 2 || !referenceTaken(err) {
			break
		}
	}
	if err != nil {
		// A storage failure (a deadline passed during the commit) leaves it unknown whether
		// the row was stored: the file stays under its temporary name for the janitor, which
		// puts it in place if the row exists and removes it after an hour if not.
		if e.Attachment != nil && fault.Of(err) != fault.Unavailable {
			s.removeFile(e.Attachment.Key)
		}
		if errors.Is(err, errDuplicate) {
			old, err := s.ByKey(ctx, in.Key)
			return old, true, err
		}
		return Enquiry{}, false, err
	}
	if e.Attachment != nil {
		// Committed: the file takes its name (or SweepFiles gives it later).
		s.placeFile(ctx, e.Attachment.Key)
	}
	s.guard.Prune(ctx)
	return e, false, nil
}

// insert stores the enquiry after counting it against the limits of client (the form guard's
// key of the client address, empty when unknown) and of its e-mail address, in tx, so that
// a submission not stored is not counted.
func (s *Store) insert(ctx context.Context, tx *db.Tx, in NewEnquiry, client string, e *Enquiry) error {
	if client != "" {
		if err := s.guard.Hit(ctx, tx, "enquiry-address", client, formguard.Limit{Max: s.limits.PerAddress, Window: s.limits.Window}); err != nil {
			return err
		}
	}
	if err := s.guard.Hit(ctx, tx, "enquiry-email", strings.ToLower(e.Email), formguard.Limit{Max: s.limits.PerEmail, Window: s.limits.Window}); err != nil {
		return err
	}
	var a Attachment
	if e.Attachment != nil {
		a = *e.Attachment
	}
	id, err := tx.InsertID(ctx, `INSERT INTO enquiries (reference, idem_key, kind, status, lang, name, email, phone, message,
		client_addr, attachment_key, attachment_name, attachment_type, attachment_bytes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idem_key) DO NOTHING`,
		e.Reference, in.Key, string(e.Kind), string(e.Status), string(e.Lang), e.Name, e.Email, e.Phone, e.Message,
		e.ClientAddr, a.Key, a.Name, a.ContentType, a.Bytes, e.CreatedAt, e.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		// Another request with this key committed while this one waited (PostgreSQL's ON
		// CONFLICT waits for it); rolling back takes back this one's rate-limit hits too.
		return errDuplicate
	}
	if err != nil {
		return fmt.Errorf("store enquiry: %w", err)
	}
	e.ID = id
	tx.Record(Received{Enquiry: *e})
	return nil
}

// referenceTaken reports whether err is the unique index on references refusing a new one.
func referenceTaken(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "enquiries.reference") || strings.Contains(msg, "enquiries_reference_key")
}

// refAlphabet leaves out letters and digits that read alike (0/O, 1/I/L) and U, so a
// reference read out over the phone is understood.
const refAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"

// newReference returns a random reference such as "K7QM-4XPD" (30⁸ possibilities).
func newReference() string {
	var b strings.Builder
	buf := make([]byte, 1)
	for n := 0; n < 8; {
		rand.Read(buf)
		// Drop the top of the byte range so every letter is equally likely.
		if int(buf[0]) >= 256-256%len(refAlphabet) {
			continue
		}
		if n == 4 {
			b.WriteByte('-')
		}
		b.WriteByte(refAlphabet[int(buf[0])%len(refAlphabet)])
		n++
	}
	return b.String()
}

// NormalizeReference turns a reference as someone typed it ("k7qm 4xpd") into the stored
// form, or returns "" when it cannot be one.
func NormalizeReference(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r == '-' || r == ' ' {
			continue
		}
		if !strings.ContainsRune(refAlphabet, r) {
			return ""
		}
		b.WriteRune(r)
	}
	if b.Len() != 8 {
		return ""
	}
	v := b.String()
	return v[:4] + "-" + v[4:]
}
