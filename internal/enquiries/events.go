package enquiries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
)

// EventKind is what a step in an enquiry's timeline did.
type EventKind string

// The steps the newsroom takes on an enquiry. The timeline is append-only: the store has no
// way to change or delete a step.
const (
	EventNote   EventKind = "note"
	EventReply  EventKind = "reply"
	EventStatus EventKind = "status"
	EventAssign EventKind = "assign"
)

// Event is one step in an enquiry's timeline, with who took it and when.
type Event struct {
	ID        int64
	EnquiryID int64
	Kind      EventKind
	// UserID is the staff member who acted (0 for the system); UserName their name.
	UserID   int64
	UserName string
	// Body is a note's or a reply's text.
	Body string
	// FromStatus and ToStatus are set on status changes.
	FromStatus, ToStatus Status
	// FromUserID and ToUserID (0 for nobody), with their names, are set on assignments.
	FromUserID, ToUserID     int64
	FromUserName, ToUserName string
	// OutboxID is the mail that carries a reply.
	OutboxID  int64
	CreatedAt time.Time
}

// Events returns the timeline of enquiry id, oldest first.
func (s *Store) Events(ctx context.Context, id int64) ([]Event, error) {
	rows, err := s.db.Query(ctx, `SELECT ev.id, ev.enquiry_id, ev.kind, ev.user_id, COALESCE(u.name, ''), ev.body, ev.from_status, ev.to_status,
		ev.from_user_id, COALESCE(fu.name, ''), ev.to_user_id, COALESCE(tu.name, ''), ev.outbox_id, ev.created_at
		FROM enquiry_events ev
		LEFT JOIN users u ON u.id = ev.user_id
		LEFT JOIN users fu ON fu.id = ev.from_user_id
		LEFT JOIN users tu ON tu.id = ev.to_user_id
		WHERE ev.enquiry_id = ? ORDER BY ev.id`, id)
	if err != nil {
		return nil, fmt.Errorf("read enquiry timeline: %w", err)
	}
	defer rows.Close()
	var list []Event
	for rows.Next() {
		var ev Event
		var kind, from, to string
		var user, fromUser, toUser, outbox sql.NullInt64
		if err := rows.Scan(&ev.ID, &ev.EnquiryID, &kind, &user, &ev.UserName, &ev.Body, &from, &to,
			&fromUser, &ev.FromUserName, &toUser, &ev.ToUserName, &outbox, &ev.CreatedAt); err != nil {
			return nil, fmt.Errorf("read enquiry timeline: %w", err)
		}
		ev.Kind, ev.FromStatus, ev.ToStatus = EventKind(kind), Status(from), Status(to)
		ev.UserID, ev.FromUserID, ev.ToUserID, ev.OutboxID = user.Int64, fromUser.Int64, toUser.Int64, outbox.Int64
		ev.CreatedAt = ev.CreatedAt.UTC()
		list = append(list, ev)
	}
	return list, rows.Err()
}

// lock reads enquiry id inside tx, locking its row on PostgreSQL so that two editors acting
// at once are recorded one after the other (SQLite has one writer anyway).
func (s *Store) lock(ctx context.Context, tx *db.Tx, id int64) (Enquiry, error) {
	e, err := scanEnquiry(tx.QueryRowLocked(ctx, "e", "SELECT "+enquiryColumns+enquiryFrom+" WHERE e.id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Enquiry{}, ErrNotFound
	}
	if err != nil {
		return Enquiry{}, fmt.Errorf("read enquiry %d: %w", id, err)
	}
	return e, nil
}

// record appends ev to its enquiry's timeline and moves the enquiry's updated time; it returns
// the step's id.
func (s *Store) record(ctx context.Context, tx *db.Tx, ev Event) (int64, error) {
	id, err := tx.InsertID(ctx, `INSERT INTO enquiry_events (enquiry_id, user_id, kind, body, from_status, to_status, from_user_id, to_user_id, outbox_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ev.EnquiryID, nullID(ev.UserID), string(ev.Kind), ev.Body, string(ev.FromStatus), string(ev.ToStatus),
		nullID(ev.FromUserID), nullID(ev.ToUserID), nullID(ev.OutboxID), ev.CreatedAt)
	if err != nil {
		return 0, fmt.Errorf("record enquiry step: %w", err)
	}
	_, err = tx.Exec(ctx, "UPDATE enquiries SET updated_at = ? WHERE id = ?", ev.CreatedAt, ev.EnquiryID)
	return id, err
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

// SetStatus moves enquiry id to st on behalf of user by, recording the change; setting the
// status it already has records nothing. It reports whether the status changed.
func (s *Store) SetStatus(ctx context.Context, id, by int64, st Status) (bool, error) {
	if _, ok := ParseStatus(string(st)); !ok {
		return false, fielderr.New("status", fielderr.NotAllowed)
	}
	changed := false
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.Status == st {
			return nil
		}
		changed = true
		return s.setStatus(ctx, tx, e, by, st)
	})
	return changed, err
}

func (s *Store) setStatus(ctx context.Context, tx *db.Tx, e Enquiry, by int64, st Status) error {
	if _, err := tx.Exec(ctx, "UPDATE enquiries SET status = ? WHERE id = ?", string(st), e.ID); err != nil {
		return fmt.Errorf("set enquiry status: %w", err)
	}
	_, err := s.record(ctx, tx, Event{EnquiryID: e.ID, Kind: EventStatus, UserID: by, FromStatus: e.Status, ToStatus: st, CreatedAt: s.clock()})
	return err
}

// Assign gives enquiry id to user assignee (0 for nobody) on behalf of user by, recording
// the change; the caller checks that assignee may handle enquiries. It reports whether the
// assignee changed.
func (s *Store) Assign(ctx context.Context, id, by, assignee int64) (bool, error) {
	changed := false
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if e.AssigneeID == assignee {
			return nil
		}
		changed = true
		if _, err := tx.Exec(ctx, "UPDATE enquiries SET assignee_id = ? WHERE id = ?", nullID(assignee), id); err != nil {
			return fmt.Errorf("assign enquiry: %w", err)
		}
		_, err = s.record(ctx, tx, Event{EnquiryID: id, Kind: EventAssign, UserID: by, FromUserID: e.AssigneeID, ToUserID: assignee, CreatedAt: s.clock()})
		return err
	})
	return changed, err
}

// checkText trims a note or reply and checks it is there and at most max characters.
func checkText(field, body string, max int) (string, error) {
	body = clean(strings.TrimSpace(strings.ReplaceAll(body, "\r\n", "\n")))
	var v fielderr.Error
	if v.Required(field, body) {
		v.MaxLen(field, body, max)
	}
	return body, v.OrNil()
}

// AddNote appends an internal note by user by to enquiry id. Notes are for the newsroom
// only; the reader never sees them.
func (s *Store) AddNote(ctx context.Context, id, by int64, body string) error {
	body, err := checkText("note", body, MaxNote)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := s.lock(ctx, tx, id); err != nil {
			return err
		}
		_, err := s.record(ctx, tx, Event{EnquiryID: id, Kind: EventNote, UserID: by, Body: body, CreatedAt: s.clock()})
		return err
	})
}

// Reply records a reply by user by to the reader of enquiry id, and the event Replied: the
// mail that carries it is queued in the same transaction (and tied to the step with
// AttachMail), so the reply is on record if and only if it is on its way. A new enquiry moves
// to in progress.
func (s *Store) Reply(ctx context.Context, id, by int64, body string) error {
	body, err := checkText("reply", body, MaxReply)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		step, err := s.record(ctx, tx, Event{EnquiryID: id, Kind: EventReply, UserID: by, Body: body, CreatedAt: s.clock()})
		if err != nil {
			return err
		}
		tx.Record(Replied{Enquiry: e, Body: body, Step: step})
		if e.Status == StatusNew {
			return s.setStatus(ctx, tx, e, by, StatusInProgress)
		}
		return nil
	})
}

// Received is recorded (db.Tx.Record) when a reader's enquiry is stored.
type Received struct{ Enquiry Enquiry }

// Replied is recorded when the newsroom replies to an enquiry's reader; Step is the reply's
// place in the timeline, to which AttachMail ties the mail that carries it.
type Replied struct {
	Enquiry Enquiry
	Body    string
	Step    int64
}

// AttachMail ties the outbox mail outboxID to the timeline step step, inside the transaction
// that recorded it, so the inbox can show the reply's delivery.
func (s *Store) AttachMail(ctx context.Context, tx *db.Tx, step, outboxID int64) error {
	_, err := tx.Exec(ctx, "UPDATE enquiry_events SET outbox_id = ? WHERE id = ?", nullID(outboxID), step)
	return err
}
