package enquiries

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/batori-news/batori/internal/locale"
)

const enquiryColumns = `e.id, e.reference, e.kind, e.status, e.lang, e.name, e.email, e.phone, e.message, e.client_addr,
	e.attachment_key, e.attachment_name, e.attachment_type, e.attachment_bytes, e.assignee_id, COALESCE(u.name, ''),
	e.created_at, e.updated_at`

const enquiryFrom = ` FROM enquiries e LEFT JOIN users u ON u.id = e.assignee_id`

type scanner interface{ Scan(dest ...any) error }

func scanEnquiry(row scanner) (Enquiry, error) {
	var e Enquiry
	var kind, status, lang string
	var a Attachment
	var assignee sql.NullInt64
	err := row.Scan(&e.ID, &e.Reference, &kind, &status, &lang, &e.Name, &e.Email, &e.Phone, &e.Message, &e.ClientAddr,
		&a.Key, &a.Name, &a.ContentType, &a.Bytes, &assignee, &e.AssigneeName, &e.CreatedAt, &e.UpdatedAt)
	if err != nil {
		return Enquiry{}, err
	}
	e.Kind, e.Status, e.Lang = Kind(kind), Status(status), locale.Lang(lang)
	if a.Key != "" {
		e.Attachment = &a
	}
	e.AssigneeID = assignee.Int64
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, nil
}

func (s *Store) one(ctx context.Context, where string, arg any) (Enquiry, error) {
	e, err := scanEnquiry(s.db.QueryRow(ctx, "SELECT "+enquiryColumns+enquiryFrom+" WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return Enquiry{}, ErrNotFound
	}
	if err != nil {
		return Enquiry{}, fmt.Errorf("read enquiry: %w", err)
	}
	return e, nil
}

// Get returns enquiry id, or ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (Enquiry, error) {
	return s.one(ctx, "e.id = ?", id)
}

// ByKey returns the enquiry submitted with a form's one-time key, or ErrNotFound.
func (s *Store) ByKey(ctx context.Context, key string) (Enquiry, error) {
	if key == "" {
		return Enquiry{}, ErrNotFound
	}
	return s.one(ctx, "e.idem_key = ?", key)
}

// ByReference returns the enquiry with a reference (as NormalizeReference writes it), or
// ErrNotFound.
func (s *Store) ByReference(ctx context.Context, ref string) (Enquiry, error) {
	return s.one(ctx, "e.reference = ?", ref)
}

// Filter selects enquiries for the inbox; zero fields select everything.
type Filter struct {
	Status Status
	Kind   Kind
	// AssigneeID narrows the list to one person's enquiries.
	AssigneeID int64
	// Reference finds one enquiry (normalised with NormalizeReference).
	Reference string
	// Limit defaults to 25 and is at most 200.
	Limit, Offset int
}

// where builds the WHERE clause of f from fixed fragments; the values travel as arguments.
func (f Filter) where(withStatus bool) (string, []any) {
	var conds []string
	var args []any
	if withStatus && f.Status != "" {
		conds, args = append(conds, "e.status = ?"), append(args, string(f.Status))
	}
	if f.Kind != "" {
		conds, args = append(conds, "e.kind = ?"), append(args, string(f.Kind))
	}
	if f.AssigneeID != 0 {
		conds, args = append(conds, "e.assignee_id = ?"), append(args, f.AssigneeID)
	}
	if f.Reference != "" {
		conds, args = append(conds, "e.reference = ?"), append(args, f.Reference)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// List returns one page of the enquiries f selects, newest first, and how many it selects
// in all.
func (s *Store) List(ctx context.Context, f Filter) ([]Enquiry, int, error) {
	if f.Limit <= 0 {
		f.Limit = 25
	}
	f.Limit = min(f.Limit, 200)
	f.Offset = max(f.Offset, 0)
	where, args := f.where(true)
	var total int
	if err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM enquiries e"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count enquiries: %w", err)
	}
	rows, err := s.db.Query(ctx, "SELECT "+enquiryColumns+enquiryFrom+where+" ORDER BY e.created_at DESC, e.id DESC LIMIT ? OFFSET ?",
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list enquiries: %w", err)
	}
	defer rows.Close()
	var list []Enquiry
	for rows.Next() {
		e, err := scanEnquiry(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list enquiries: %w", err)
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list enquiries: %w", err)
	}
	return list, total, nil
}

// Counts returns how many enquiries f selects in each status, whatever f.Status says, for
// the inbox's tabs.
func (s *Store) Counts(ctx context.Context, f Filter) (map[Status]int, error) {
	where, args := f.where(false)
	rows, err := s.db.Query(ctx, "SELECT e.status, COUNT(*) FROM enquiries e"+where+" GROUP BY e.status", args...)
	if err != nil {
		return nil, fmt.Errorf("count enquiries: %w", err)
	}
	defer rows.Close()
	out := map[Status]int{}
	for _, st := range Statuses {
		out[st] = 0
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[Status(st)] = n
	}
	return out, rows.Err()
}
