package news

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// Edition is one language version of a story, as the newsroom sees it.
type Edition struct {
	ID          int64
	StoryID     int64
	Lang        locale.Lang
	Slug        string
	Headline    string
	Standfirst  string
	Body        string
	Status      Status
	Image       *Image
	AuthorIDs   []int64
	Revision    int
	PublishedAt time.Time // zero until first published
	UpdatedAt   time.Time // zero until a published edition really changes
	ModifiedAt  time.Time
}

// Image is an edition's featured picture with its words in the edition's language.
type Image struct {
	Photo
	Alt     string
	Caption string
	Credit  string
}

// EditionInput is one save of an edition.
type EditionInput struct {
	StoryID    int64
	Lang       locale.Lang
	Headline   string
	Standfirst string
	Body       string
	// Slug is derived from the headline when empty.
	Slug         string
	ImageID      int64
	ImageAlt     string
	ImageCaption string
	ImageCredit  string
	AuthorIDs    []int64
	// BaseRevision is the revision the writer started from: 0 for a new edition. A save on
	// top of a newer revision fails with ErrConflict instead of overwriting someone's work.
	BaseRevision int
	// UserID is the account saving (0 for the system, such as the demo loader).
	UserID int64
}

const (
	maxHeadline   = 300
	maxStandfirst = 1000
	maxBody       = 500_000
	slugRunes     = 80
)

func (in *EditionInput) clean(san *Sanitizer) error {
	var v fielderr.Error
	if _, ok := locale.ParseLang(string(in.Lang)); !ok {
		v.Add("lang", fielderr.NotAllowed)
	}
	in.Headline = locale.Normalize(strings.Join(strings.Fields(in.Headline), " "))
	in.Standfirst = locale.Normalize(strings.TrimSpace(in.Standfirst))
	in.Body = locale.Normalize(san.Body(in.Body))
	in.ImageAlt = locale.Normalize(strings.TrimSpace(in.ImageAlt))
	in.ImageCaption = locale.Normalize(strings.TrimSpace(in.ImageCaption))
	in.ImageCredit = locale.Normalize(strings.TrimSpace(in.ImageCredit))
	switch n := utf8.RuneCountInString(in.Headline); {
	case n == 0:
		v.Add("headline", fielderr.Required)
	case n > maxHeadline:
		v.AddProblem("headline", fielderr.Problem{Code: fielderr.TooLong, Max: maxHeadline})
	}
	v.MaxLen("standfirst", in.Standfirst, maxStandfirst)
	if len(in.Body) > maxBody {
		v.AddProblem("body", fielderr.Problem{Code: fielderr.TooLong, Max: maxBody})
	}
	if in.Slug == "" {
		in.Slug = locale.Slug(in.Headline, slugRunes)
	} else {
		in.Slug = locale.Slug(in.Slug, slugRunes)
	}
	if in.Slug == "" {
		in.Slug = "story"
	}
	return v.OrNil()
}

// SaveEdition creates or updates the edition of in.StoryID in in.Lang, storing a revision.
// "Updated On" moves only when a published edition's words or picture really change.
func (s *Store) SaveEdition(ctx context.Context, in EditionInput) (Edition, error) {
	if err := in.clean(NewSanitizer()); err != nil {
		return Edition{}, err
	}
	now := s.clock()
	var editionID int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		editionID, err = s.saveEditionTx(ctx, tx, in, now)
		return err
	})
	if err != nil {
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
			return Edition{}, err
		}
		return Edition{}, fmt.Errorf("save edition: %w", err)
	}
	return s.Edition(ctx, editionID)
}

// Publish makes an edition public. The first publication time is kept when an unpublished
// edition is published again; at lets the caller date it (the demo loader dates the past).
func (s *Store) Publish(ctx context.Context, editionID int64, at time.Time) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE editions SET status = ?, published_at = COALESCE(published_at, ?), modified_at = ? WHERE id = ?",
			Published, at.UTC().Truncate(time.Microsecond), s.clock(), editionID)
		if err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if err := recordWritten(ctx, tx, editionID); err != nil {
			return err
		}
		return recordLive(ctx, tx, editionID, published)
	})
}

// Unpublish takes an edition off the site.
func (s *Store) Unpublish(ctx context.Context, editionID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var storyID int64
		var lang string
		err := tx.QueryRow(ctx, "UPDATE editions SET status = ?, modified_at = ? WHERE id = ? AND status = ? RETURNING story_id, lang",
			Unpublished, s.clock(), editionID, Published).Scan(&storyID, &lang)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("unpublish: %w", err)
		}
		tx.Record(EditionWritten{StoryID: storyID, Lang: locale.Lang(lang)})
		if err := unbreak(ctx, tx, storyID, locale.Lang(lang)); err != nil {
			return err
		}
		return record(ctx, tx, storyID, locale.Lang(lang), withdrawn)
	})
}

// Edition returns an edition by id, whatever its status.
func (s *Store) Edition(ctx context.Context, id int64) (Edition, error) {
	var e Edition
	var lang, status string
	var imageID, w, h sql.NullInt64
	var key sql.NullString
	var alt, caption, credit string
	var published, updated sql.NullTime
	err := s.db.QueryRow(ctx, `SELECT e.id, e.story_id, e.lang, e.slug, e.headline, e.standfirst, e.body, e.status, e.revision,
		e.published_at, e.updated_at, e.modified_at, e.image_id, m.storage_key, m.width, m.height, e.image_alt, e.image_caption, e.image_credit
		FROM editions e LEFT JOIN media m ON m.id = e.image_id WHERE e.id = ?`, id).
		Scan(&e.ID, &e.StoryID, &lang, &e.Slug, &e.Headline, &e.Standfirst, &e.Body, &status, &e.Revision,
			&published, &updated, &e.ModifiedAt, &imageID, &key, &w, &h, &alt, &caption, &credit)
	if errors.Is(err, db.ErrNoRows) {
		return Edition{}, ErrNotFound
	}
	if err != nil {
		return Edition{}, fmt.Errorf("edition %d: %w", id, err)
	}
	e.Lang, e.Status = locale.Lang(lang), Status(status)
	e.PublishedAt, e.UpdatedAt = published.Time, updated.Time
	if key.Valid {
		e.Image = &Image{Photo: Photo{MediaID: imageID.Int64, Key: key.String, Width: int(w.Int64), Height: int(h.Int64)}, Alt: alt, Caption: caption, Credit: credit}
	}
	e.AuthorIDs, err = s.ids(ctx, "SELECT author_id FROM edition_authors WHERE edition_id = ? ORDER BY position", id)
	return e, err
}

// Revision is a stored save of an edition.
type Revision struct {
	Number     int
	Headline   string
	Standfirst string
	Body       string
	UserID     int64
	CreatedAt  time.Time
}

// Revisions lists an edition's saves, newest first.
func (s *Store) Revisions(ctx context.Context, editionID int64) ([]Revision, error) {
	rows, err := s.db.Query(ctx, `SELECT number, headline, standfirst, body, COALESCE(user_id, 0), created_at
		FROM revisions WHERE edition_id = ? ORDER BY number DESC`, editionID)
	if err != nil {
		return nil, fmt.Errorf("revisions: %w", err)
	}
	defer rows.Close()
	var list []Revision
	for rows.Next() {
		var r Revision
		if err := rows.Scan(&r.Number, &r.Headline, &r.Standfirst, &r.Body, &r.UserID, &r.CreatedAt); err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// saveEditionTx is SaveEdition inside the caller's transaction; in must be cleaned. It
// returns the edition's id.
func (s *Store) saveEditionTx(ctx context.Context, tx *db.Tx, in EditionInput, now time.Time) (int64, error) {
	var editionID int64
	var cur struct {
		id                         int64
		revision                   int
		status                     Status
		headline, standfirst, body string
		imageID                    sql.NullInt64
		alt, caption, credit       string
	}
	err := tx.QueryRow(ctx, `SELECT id, revision, status, headline, standfirst, body, image_id, image_alt, image_caption, image_credit
		FROM editions WHERE story_id = ? AND lang = ?`, in.StoryID, string(in.Lang)).
		Scan(&cur.id, &cur.revision, &cur.status, &cur.headline, &cur.standfirst, &cur.body, &cur.imageID, &cur.alt, &cur.caption, &cur.credit)
	switch {
	case errors.Is(err, db.ErrNoRows):
		if in.BaseRevision != 0 {
			return 0, ErrConflict
		}
		var one int
		if err := tx.QueryRow(ctx, "SELECT 1 FROM stories WHERE id = ?", in.StoryID).Scan(&one); errors.Is(err, db.ErrNoRows) {
			return 0, ErrNotFound
		} else if err != nil {
			return 0, err
		}
		editionID, err = tx.InsertID(ctx, `INSERT INTO editions (story_id, lang, slug, headline, standfirst, body, status,
			image_id, image_alt, image_caption, image_credit, revision, modified_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (story_id, lang) DO NOTHING`,
			in.StoryID, string(in.Lang), in.Slug, in.Headline, in.Standfirst, in.Body, Draft,
			nullID(in.ImageID), in.ImageAlt, in.ImageCaption, in.ImageCredit, now, now)
		if errors.Is(err, db.ErrNoRows) {
			return 0, ErrConflict
		}
		if err != nil {
			return 0, err
		}
		cur.revision = 0
	case err != nil:
		return 0, err
	default:
		if in.BaseRevision != cur.revision {
			return 0, ErrConflict
		}
		editionID = cur.id
		changed := cur.headline != in.Headline || cur.standfirst != in.Standfirst || cur.body != in.Body ||
			cur.imageID.Int64 != in.ImageID || cur.alt != in.ImageAlt || cur.caption != in.ImageCaption || cur.credit != in.ImageCredit
		var updatedAt any
		if changed && cur.status == Published {
			updatedAt = now
		}
		res, err := tx.Exec(ctx, `UPDATE editions SET slug = ?, headline = ?, standfirst = ?, body = ?, image_id = ?, image_alt = ?,
			image_caption = ?, image_credit = ?, revision = revision + 1, modified_at = ?, updated_at = COALESCE(?, updated_at)
			WHERE id = ? AND revision = ?`,
			in.Slug, in.Headline, in.Standfirst, in.Body, nullID(in.ImageID), in.ImageAlt, in.ImageCaption, in.ImageCredit,
			now, updatedAt, cur.id, cur.revision)
		if err != nil {
			return 0, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return 0, err
		} else if n == 0 {
			return 0, ErrConflict
		}
		if _, err := tx.Exec(ctx, "DELETE FROM edition_authors WHERE edition_id = ?", cur.id); err != nil {
			return 0, err
		}
	}
	for i, a := range in.AuthorIDs {
		if _, err := tx.Exec(ctx, "INSERT INTO edition_authors (edition_id, author_id, position) VALUES (?, ?, ?)", editionID, a, i); err != nil {
			return 0, err
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO revisions (edition_id, number, headline, standfirst, body, user_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, editionID, cur.revision+1, in.Headline, in.Standfirst, in.Body, nullID(in.UserID), now)
	if err != nil {
		return editionID, err
	}
	tx.Record(EditionWritten{StoryID: in.StoryID, Lang: in.Lang})
	return editionID, recordLive(ctx, tx, editionID, changed)
}

// EditionOf returns a story's edition in lang, whatever its status.
func (s *Store) EditionOf(ctx context.Context, storyID int64, lang locale.Lang) (Edition, error) {
	var id int64
	err := s.db.QueryRow(ctx, "SELECT id FROM editions WHERE story_id = ? AND lang = ?", storyID, string(lang)).Scan(&id)
	if errors.Is(err, db.ErrNoRows) {
		return Edition{}, ErrNotFound
	}
	if err != nil {
		return Edition{}, err
	}
	return s.Edition(ctx, id)
}
