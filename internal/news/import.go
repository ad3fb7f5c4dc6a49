package news

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// ImportInput is one edition brought in from another system (an import), with the state and
// dates it had there rather than the workflow's: a published story keeps its publication
// date, a scheduled one its date to come.
type ImportInput struct {
	// StoryID is the story the edition joins; 0 makes a new story with Section, Featured and
	// Tags. For an existing story Section, Featured and Tags replace the story's.
	StoryID   int64
	SectionID int64
	Featured  bool
	TagIDs    []int64
	Edition   EditionInput
	Status    Status
	// PublishedAt is when a published edition went live, or when a scheduled one will.
	PublishedAt time.Time
	// UpdatedAt is its last real change after publication ("Updated On"); zero for none.
	UpdatedAt time.Time
	// CreatedAt dates a new story and edition; zero is now.
	CreatedAt time.Time
	// Prepare, when set, runs inside the transaction before anything is written and may
	// change the input (the importer finds there the story a translation joins, which an
	// earlier edition of the same batch may have made).
	Prepare func(tx *db.Tx, in *ImportInput) error
	// Also runs inside the transaction after the edition is written, so that the importer's
	// own bookkeeping commits with it.
	Also func(tx *db.Tx, storyID, editionID int64) error
	// checked is set by Check, which cleaned the edition already.
	checked bool
}

// ImportedIDs are the story and edition an imported edition became.
type ImportedIDs struct{ StoryID, EditionID int64 }

// ImportBatch writes several imported editions in one transaction (one disk sync for all of
// them), in order, and returns their ids. A bad input fails the whole batch: clean them with
// Check first.
func (im *Importer) ImportBatch(ctx context.Context, list []ImportInput) ([]ImportedIDs, error) {
	for i := range list {
		if err := im.Check(&list[i]); err != nil {
			return nil, err
		}
	}
	out := make([]ImportedIDs, len(list))
	err := im.s.db.InTx(ctx, func(tx *db.Tx) error {
		for i := range list {
			var err error
			out[i].StoryID, out[i].EditionID, err = im.importTx(ctx, tx, list[i])
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("import editions: %w", err)
	}
	return out, nil
}

// Check cleans an imported edition as a save would and reports what is wrong with it.
func (im *Importer) Check(in *ImportInput) error {
	if in.checked {
		return nil
	}
	in.Edition.BaseRevision = 0
	if err := in.Edition.clean(im.san); err != nil {
		return err
	}
	in.checked = true
	return nil
}

// Importer writes what an import brings in; it keeps one sanitiser for all its saves.
type Importer struct {
	s   *Store
	san *Sanitizer
}

// Importer returns an importer over the store.
func (s *Store) Importer() *Importer { return &Importer{s: s, san: NewSanitizer()} }

// Import writes an imported edition (creating its story when needed) with a revision, in one
// transaction, and returns the story's and the edition's ids. The body is sanitised as every
// save's is. It records no events: an import ends with Finished.
func (im *Importer) Import(ctx context.Context, in ImportInput) (storyID, editionID int64, err error) {
	if err := im.Check(&in); err != nil {
		return 0, 0, err
	}
	ids, err := im.ImportBatch(ctx, []ImportInput{in})
	if err != nil {
		return 0, 0, err
	}
	return ids[0].StoryID, ids[0].EditionID, nil
}

// importTx is Import inside the caller's transaction; in is cleaned.
func (im *Importer) importTx(ctx context.Context, tx *db.Tx, in ImportInput) (storyID, editionID int64, err error) {
	s := im.s
	if in.Prepare != nil {
		if err := in.Prepare(tx, &in); err != nil {
			return 0, 0, err
		}
	}
	now := s.clock()
	created := now
	if !in.CreatedAt.IsZero() {
		created = in.CreatedAt.UTC().Truncate(time.Microsecond)
	}
	var published, updated any
	if !in.PublishedAt.IsZero() && (in.Status == Published || in.Status == Scheduled) {
		published = in.PublishedAt.UTC().Truncate(time.Microsecond)
	}
	if !in.UpdatedAt.IsZero() && in.Status == Published {
		updated = in.UpdatedAt.UTC().Truncate(time.Microsecond)
	}
	storyID = in.StoryID
	if storyID == 0 {
		if storyID, err = tx.InsertID(ctx, "INSERT INTO stories (section_id, featured, created_at) VALUES (?, ?, ?)", in.SectionID, in.Featured, created); err != nil {
			return 0, 0, err
		}
	} else if _, err := tx.Exec(ctx, "UPDATE stories SET section_id = ?, featured = ? WHERE id = ?", in.SectionID, in.Featured, storyID); err != nil {
		return 0, 0, err
	}
	if err := setTags(ctx, tx, storyID, in.TagIDs); err != nil {
		return 0, 0, err
	}
	e := in.Edition
	var revision int
	err = tx.QueryRowLocked(ctx, "", "SELECT id, revision FROM editions WHERE story_id = ? AND lang = ?", storyID, string(e.Lang)).Scan(&editionID, &revision)
	switch {
	case errors.Is(err, db.ErrNoRows):
		editionID, err = tx.InsertID(ctx, `INSERT INTO editions (story_id, lang, slug, headline, standfirst, body, status, image_id, image_alt,
			image_caption, image_credit, revision, published_at, updated_at, modified_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
			storyID, string(e.Lang), e.Slug, e.Headline, e.Standfirst, e.Body, in.Status, nullID(e.ImageID), e.ImageAlt,
			e.ImageCaption, e.ImageCredit, published, updated, now, created)
		if err != nil {
			return 0, 0, err
		}
	case err != nil:
		return 0, 0, err
	default:
		_, err = tx.Exec(ctx, `UPDATE editions SET slug = ?, headline = ?, standfirst = ?, body = ?, status = ?, image_id = ?, image_alt = ?,
			image_caption = ?, image_credit = ?, revision = revision + 1, published_at = ?, updated_at = ?, modified_at = ? WHERE id = ?`,
			e.Slug, e.Headline, e.Standfirst, e.Body, in.Status, nullID(e.ImageID), e.ImageAlt, e.ImageCaption, e.ImageCredit,
			published, updated, now, editionID)
		if err != nil {
			return 0, 0, err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM edition_authors WHERE edition_id = ?", editionID); err != nil {
			return 0, 0, err
		}
	}
	for i, a := range e.AuthorIDs {
		if _, err := tx.Exec(ctx, "INSERT INTO edition_authors (edition_id, author_id, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", editionID, a, i); err != nil {
			return 0, 0, err
		}
	}
	if _, err := tx.Exec(ctx, `INSERT INTO revisions (edition_id, number, headline, standfirst, body, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		editionID, revision+1, e.Headline, e.Standfirst, e.Body, nullID(e.UserID), now); err != nil {
		return 0, 0, err
	}
	if in.Also != nil {
		if err := in.Also(tx, storyID, editionID); err != nil {
			return 0, 0, err
		}
	}
	return storyID, editionID, nil
}

// SetBody replaces an imported edition's body in place (an importer rewriting links
// between the stories it brought in), without a new revision: the words are the same.
func (im *Importer) SetBody(ctx context.Context, editionID int64, body string) error {
	s := im.s
	body = locale.Normalize(im.san.Body(body))
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE editions SET body = ? WHERE id = ?", body, editionID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, "UPDATE revisions SET body = ? WHERE edition_id = ? AND number = (SELECT revision FROM editions WHERE id = ?)", body, editionID, editionID)
		return err
	})
}

// Finished records that an import changed the site, so that every page is rendered
// afresh (here and on every node).
func (im *Importer) Finished(ctx context.Context) error {
	return im.s.db.InTx(ctx, func(tx *db.Tx) error {
		tx.Record(SectionsChanged{})
		return nil
	})
}

// Author returns the author profile with slug, creating it (linked to the account
// userID when not 0) when there is none.
func (im *Importer) Author(ctx context.Context, slug string, name, bio Names, userID int64) (int64, error) {
	s := im.s
	var id int64
	err := s.db.QueryRow(ctx, "SELECT id FROM authors WHERE slug = ?", slug).Scan(&id)
	if err == nil || !errors.Is(err, db.ErrNoRows) {
		return id, err
	}
	a, err := s.CreateAuthor(ctx, AuthorInput{Slug: slug, Name: name, Bio: bio})
	if err != nil {
		return 0, err
	}
	if userID != 0 {
		if _, err := s.db.Exec(ctx, "UPDATE authors SET user_id = ? WHERE id = ? AND user_id IS NULL", userID, a.ID); err != nil {
			return 0, err
		}
	}
	return a.ID, nil
}
