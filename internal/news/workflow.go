package news

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// ErrForbidden is returned when the actor may not do this to this story.
var ErrForbidden = errors.New("you may not change this story")

// ErrInvalidState is returned for a workflow step that does not apply to the edition's state,
// such as submitting a published story.
var ErrInvalidState = errors.New("the story is not in a state that allows this")

// Actor is who performs a workflow step: reporters (and translators) work on their own
// drafts; editors may edit any story and publish.
type Actor struct {
	UserID int64
	Editor bool
	// Translator may edit any edition while it is a draft and submit it, but not start stories
	// or publish (see translation_desk.go).
	Translator bool
	// Name is the account's name, for the byline made when the writer has no author profile.
	Name string
}

// DraftInput starts a story with its first edition.
type DraftInput struct {
	SectionID int64
	TagIDs    []int64
	Featured  bool
	Edition   EditionInput
}

// CreateDraft creates a story owned by the actor with its first edition as a draft, in one
// transaction.
func (s *Store) CreateDraft(ctx context.Context, a Actor, in DraftInput) (Edition, error) {
	if a.Translator && !a.Editor {
		return Edition{}, ErrForbidden
	}
	if in.SectionID == 0 {
		return Edition{}, fielderr.New("section", fielderr.Required)
	}
	in.Edition.BaseRevision = 0
	in.Edition.UserID = a.UserID
	if err := in.Edition.clean(NewSanitizer()); err != nil {
		return Edition{}, err
	}
	now := s.clock()
	var editionID int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		storyID, err := tx.InsertID(ctx, "INSERT INTO stories (section_id, featured, created_at, created_by) VALUES (?, ?, ?, ?)",
			in.SectionID, in.Featured, now, nullID(a.UserID))
		if err != nil {
			return err
		}
		if err := setTags(ctx, tx, storyID, in.TagIDs); err != nil {
			return err
		}
		in.Edition.StoryID = storyID
		if len(in.Edition.AuthorIDs) == 0 && a.UserID != 0 {
			// A new story carries its writer's byline until someone changes it.
			author, err := s.AuthorForUser(ctx, tx, a.UserID, a.Name)
			if err != nil {
				return err
			}
			in.Edition.AuthorIDs = []int64{author}
		}
		if editionID, err = s.saveEditionTx(ctx, tx, in.Edition, now); err != nil {
			return err
		}
		return audit(ctx, tx, a.UserID, "create", storyID, editionID, in.Edition.Headline, now)
	})
	if err != nil {
		return Edition{}, fmt.Errorf("create draft: %w", err)
	}
	return s.Edition(ctx, editionID)
}

func setTags(ctx context.Context, tx *db.Tx, storyID int64, tagIDs []int64) error {
	if _, err := tx.Exec(ctx, "DELETE FROM story_tags WHERE story_id = ?", storyID); err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, t := range tagIDs {
		if seen[t] {
			continue
		}
		seen[t] = true
		if _, err := tx.Exec(ctx, "INSERT INTO story_tags (story_id, tag_id) VALUES (?, ?)", storyID, t); err != nil {
			return err
		}
	}
	return nil
}

// StoryMeta is what a story has besides its editions.
type StoryMeta struct {
	ID        int64
	SectionID int64
	TagIDs    []int64
	Featured  bool
	CreatedBy int64
	CreatedAt time.Time
}

// StoryMeta returns a story's section, tags, owner and lead flag.
func (s *Store) StoryMeta(ctx context.Context, storyID int64) (StoryMeta, error) {
	m := StoryMeta{ID: storyID}
	var by sql.NullInt64
	err := s.db.QueryRow(ctx, "SELECT section_id, featured, created_by, created_at FROM stories WHERE id = ?", storyID).
		Scan(&m.SectionID, &m.Featured, &by, &m.CreatedAt)
	if errors.Is(err, db.ErrNoRows) {
		return StoryMeta{}, ErrNotFound
	}
	if err != nil {
		return StoryMeta{}, err
	}
	m.CreatedBy = by.Int64
	m.TagIDs, err = s.ids(ctx, "SELECT tag_id FROM story_tags WHERE story_id = ? ORDER BY tag_id", storyID)
	return m, err
}

// UpdateStoryMeta changes a story's section, tags and (editors only) lead flag.
func (s *Store) UpdateStoryMeta(ctx context.Context, a Actor, storyID, sectionID int64, tagIDs []int64, featured bool) error {
	m, err := s.StoryMeta(ctx, storyID)
	if err != nil {
		return err
	}
	// The story's state does not matter here; any edition stands in for it.
	may := Actions(a, Edition{StoryID: storyID}, m.CreatedBy)
	if !may.Has(File) {
		return ErrForbidden
	}
	if !may.Has(Feature) {
		featured = m.Featured
	}
	if sectionID == 0 {
		return fielderr.New("section", fielderr.Required)
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE stories SET section_id = ?, featured = ? WHERE id = ?", sectionID, featured, storyID); err != nil {
			return err
		}
		if err := setTags(ctx, tx, storyID, tagIDs); err != nil {
			return err
		}
		tx.Record(EditionWritten{StoryID: storyID})
		// Readers see the change only on live editions; any language may be live.
		var live int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM editions WHERE story_id = ? AND status = ?", storyID, Published).Scan(&live); err != nil || live == 0 {
			return err
		}
		return record(ctx, tx, storyID, "", changed)
	})
}

// CanEdit reports whether the actor may change the edition's text now (Permit of Edit, with
// the story's owner read from the database).
func (s *Store) CanEdit(ctx context.Context, a Actor, e Edition) error {
	m, err := s.StoryMeta(ctx, e.StoryID)
	if err != nil {
		return err
	}
	return Permit(a, e, m.CreatedBy, Edit)
}

// SaveAs saves an edition on behalf of the actor, after checking they may. A new edition of an
// existing story (the other language) may be started by the story's owner or an editor. The
// check and the save share one transaction, with the edition's row locked, so a reporter's
// save racing an editor's publication cannot change what readers see.
func (s *Store) SaveAs(ctx context.Context, a Actor, in EditionInput) (Edition, error) {
	in.UserID = a.UserID
	if err := in.clean(NewSanitizer()); err != nil {
		return Edition{}, err
	}
	now := s.clock()
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		// An edition not written yet is asked about as a new draft.
		e := Edition{StoryID: in.StoryID, Lang: in.Lang, Status: Draft}
		var by sql.NullInt64
		err := tx.QueryRowLocked(ctx, "e", `SELECT e.id, e.status, s.created_by FROM editions e JOIN stories s ON s.id = e.story_id
			WHERE e.story_id = ? AND e.lang = ?`, in.StoryID, string(in.Lang)).Scan(&e.ID, &e.Status, &by)
		if errors.Is(err, db.ErrNoRows) {
			err = tx.QueryRow(ctx, "SELECT created_by FROM stories WHERE id = ?", in.StoryID).Scan(&by)
			if errors.Is(err, db.ErrNoRows) {
				return ErrNotFound
			}
		}
		if err != nil {
			return err
		}
		if err := Permit(a, e, by.Int64, Edit); err != nil {
			return err
		}
		if (e.Status == Published || e.Status == Scheduled) && in.ImageID != 0 && in.ImageAlt == "" {
			// Readers (or soon readers) would get a picture without alt text.
			return fielderr.New("image_alt", fielderr.RequiredToPublish)
		}
		if id, err = s.saveEditionTx(ctx, tx, in, now); err != nil {
			return err
		}
		var rev int
		if err := tx.QueryRow(ctx, "SELECT revision FROM editions WHERE id = ?", id).Scan(&rev); err != nil {
			return err
		}
		return audit(ctx, tx, a.UserID, "save", in.StoryID, id, fmt.Sprintf("revision %d", rev), now)
	})
	if err != nil {
		var v *fielderr.Error
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) ||
			errors.Is(err, ErrInvalidState) || errors.As(err, &v) {
			return Edition{}, err
		}
		return Edition{}, fmt.Errorf("save edition: %w", err)
	}
	return s.Edition(ctx, id)
}

// move is where a workflow step takes an edition: its new status, the audit record, and any
// further SET clause with its arguments.
type move struct {
	to     Status
	action string
	detail string
	set    string
	args   []any
}

// transition takes the workflow step act on an edition: inside one transaction, with the
// edition's row locked, it asks Permit whether the actor may take act now, lets plan check
// the edition and say where it goes, and records an audit event. The UPDATE names the status
// it read, so a step that lost a race changes nothing and reports ErrInvalidState.
func (s *Store) transition(ctx context.Context, a Actor, editionID int64, act Action, plan func(tx *db.Tx, e editionRow) (move, error)) error {
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		e, err := loadRow(ctx, tx, editionID)
		if err != nil {
			return err
		}
		if err := Permit(a, e.edition(editionID), e.createdBy, act); err != nil {
			return err
		}
		m, err := plan(tx, e)
		if err != nil {
			return err
		}
		q := "UPDATE editions SET status = ?, modified_at = ?"
		args := []any{m.to, now}
		if m.set != "" {
			q += ", " + m.set
			args = append(args, m.args...)
		}
		args = append(args, editionID, e.status)
		res, err := tx.Exec(ctx, q+" WHERE id = ? AND status = ?", args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrInvalidState
		}
		if err := audit(ctx, tx, a.UserID, m.action, e.storyID, editionID, m.detail, now); err != nil {
			return err
		}
		if err := recordWritten(ctx, tx, editionID); err != nil {
			return err
		}
		switch {
		case m.to == Published:
			return recordLive(ctx, tx, editionID, published)
		case e.status == Published:
			var lang string
			if err := tx.QueryRow(ctx, "SELECT lang FROM editions WHERE id = ?", editionID).Scan(&lang); err != nil {
				return err
			}
			if err := unbreak(ctx, tx, e.storyID, locale.Lang(lang)); err != nil {
				return err
			}
			return record(ctx, tx, e.storyID, locale.Lang(lang), withdrawn)
		}
		return nil
	})
}

// editionRow is what the workflow checks of an edition.
type editionRow struct {
	storyID   int64
	status    Status
	hasImage  bool
	imageAlt  string
	createdBy int64
	// publishedAt is when it went or goes public; zero if never.
	publishedAt time.Time
}

// edition is the row as Actions looks at it.
func (e editionRow) edition(id int64) Edition {
	return Edition{ID: id, StoryID: e.storyID, Status: e.status, PublishedAt: e.publishedAt}
}

func loadRow(ctx context.Context, tx *db.Tx, editionID int64) (editionRow, error) {
	var e editionRow
	var imageID, by sql.NullInt64
	var published sql.NullTime
	// Hold the row so a concurrent save cannot change what this step checked.
	err := tx.QueryRowLocked(ctx, "e", `SELECT e.story_id, e.status, e.image_id, e.image_alt, s.created_by, e.published_at
		FROM editions e JOIN stories s ON s.id = e.story_id WHERE e.id = ?`, editionID).
		Scan(&e.storyID, &e.status, &imageID, &e.imageAlt, &by, &published)
	if errors.Is(err, db.ErrNoRows) {
		return e, ErrNotFound
	}
	e.hasImage, e.createdBy, e.publishedAt = imageID.Valid, by.Int64, published.Time
	return e, err
}

// Submit sends a draft to the editors' review queue.
func (s *Store) Submit(ctx context.Context, a Actor, editionID int64) error {
	return s.transition(ctx, a, editionID, Submit, func(*db.Tx, editionRow) (move, error) {
		return move{to: Submitted, action: "submit", set: "submitted_at = ?", args: []any{s.clock()}}, nil
	})
}

// Return sends a submitted story back to its reporter as a draft, with the editor's comment.
func (s *Store) Return(ctx context.Context, a Actor, editionID int64, comment string) error {
	comment = strings.TrimSpace(comment)
	return s.transition(ctx, a, editionID, Return, func(tx *db.Tx, e editionRow) (move, error) {
		if comment == "" {
			return move{}, fielderr.New("comment", fielderr.Required)
		}
		_, err := tx.Exec(ctx, "INSERT INTO edition_notes (edition_id, user_id, body, created_at) VALUES (?, ?, ?, ?)", editionID, nullID(a.UserID), comment, s.clock())
		return move{to: Draft, action: "return", detail: comment}, err
	})
}

// requireAlt refuses to put a picture without alt text in front of readers.
func requireAlt(e editionRow) error {
	if e.hasImage && strings.TrimSpace(e.imageAlt) == "" {
		return fielderr.New("image_alt", fielderr.RequiredToPublish)
	}
	return nil
}

// Schedule sets a never-published edition to go live at at.
func (s *Store) Schedule(ctx context.Context, a Actor, editionID int64, at time.Time) error {
	at = at.UTC().Truncate(time.Microsecond)
	return s.transition(ctx, a, editionID, Schedule, func(tx *db.Tx, e editionRow) (move, error) {
		if !at.After(s.clock()) {
			return move{}, fielderr.New("publish_at", fielderr.InPast)
		}
		return move{to: Scheduled, action: "schedule", detail: at.Format(time.RFC3339), set: "published_at = ?", args: []any{at}}, requireAlt(e)
	})
}

// PublishNow makes an edition public at once.
func (s *Store) PublishNow(ctx context.Context, a Actor, editionID int64) error {
	now := s.clock()
	return s.transition(ctx, a, editionID, Publish, func(tx *db.Tx, e editionRow) (move, error) {
		// A scheduled edition's published_at is its planned time; publishing early moves it to now.
		return move{to: Published, action: "publish",
			set: "published_at = CASE WHEN status = ? OR published_at IS NULL THEN ? ELSE published_at END", args: []any{Scheduled, now}}, requireAlt(e)
	})
}

// Withdraw takes a published edition off the site, or cancels a schedule.
func (s *Store) Withdraw(ctx context.Context, a Actor, editionID int64) error {
	return s.transition(ctx, a, editionID, Unpublish, func(tx *db.Tx, e editionRow) (move, error) {
		if e.status == Scheduled {
			return move{to: Draft, action: "unschedule", set: "published_at = NULL"}, nil
		}
		return move{to: Unpublished, action: "unpublish"}, nil
	})
}

// Correct saves a published edition with a public correction note, shown to readers beside
// "Updated On".
func (s *Store) Correct(ctx context.Context, a Actor, in EditionInput, note string) (Edition, error) {
	note = strings.TrimSpace(note)
	in.UserID = a.UserID
	now := s.clock()
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		e := Edition{StoryID: in.StoryID, Lang: in.Lang}
		var by sql.NullInt64
		err := tx.QueryRowLocked(ctx, "e", `SELECT e.id, e.status, s.created_by FROM editions e JOIN stories s ON s.id = e.story_id
			WHERE e.story_id = ? AND e.lang = ?`, in.StoryID, string(in.Lang)).Scan(&e.ID, &e.Status, &by)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if err := Permit(a, e, by.Int64, Correct); err != nil {
			return err
		}
		if note == "" {
			return fielderr.New("correction_note", fielderr.Required)
		}
		if err := in.clean(NewSanitizer()); err != nil {
			return err
		}
		if in.ImageID != 0 && in.ImageAlt == "" {
			return fielderr.New("image_alt", fielderr.RequiredToPublish)
		}
		if id, err = s.saveEditionTx(ctx, tx, in, now); err != nil {
			return err
		}
		// A correction is a real change even when only the note is new.
		if _, err := tx.Exec(ctx, "UPDATE editions SET correction_note = ?, correction_at = ?, updated_at = ? WHERE id = ?", note, now, now, id); err != nil {
			return err
		}
		return audit(ctx, tx, a.UserID, "correct", in.StoryID, id, note, now)
	})
	if err != nil {
		return Edition{}, err
	}
	return s.Edition(ctx, id)
}

// PublishDue publishes scheduled editions whose time has come and reports how many.
func (s *Store) PublishDue(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC()
	var n int
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.Query(ctx, "SELECT id, story_id FROM editions WHERE status = ? AND published_at <= ?", Scheduled, now)
		if err != nil {
			return err
		}
		type due struct{ id, story int64 }
		var list []due
		for rows.Next() {
			var d due
			if err := rows.Scan(&d.id, &d.story); err != nil {
				rows.Close()
				return err
			}
			list = append(list, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, d := range list {
			res, err := tx.Exec(ctx, "UPDATE editions SET status = ?, modified_at = ? WHERE id = ? AND status = ?", Published, now, d.id, Scheduled)
			if err != nil {
				return err
			}
			if k, _ := res.RowsAffected(); k == 1 {
				n++
				if err := audit(ctx, tx, 0, "publish_scheduled", d.story, d.id, "", now); err != nil {
					return err
				}
				if err := recordWritten(ctx, tx, d.id); err != nil {
					return err
				}
				if err := recordLive(ctx, tx, d.id, published); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, err
}
