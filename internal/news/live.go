package news

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"html"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/settings"
)

// Live blogs: an edition that is live carries timestamped entries, newest first, with key
// points pinned at the top, until an editor ends it with a closing note. The blog belongs to
// the edition, so the English and Assamese editions of a story run their own side by side.

// LiveChanged is recorded when an edition's live blog starts, ends or changes its closing
// note: its article page and its cards (the "Live" badge) change.
type LiveChanged struct {
	StoryID int64
	Lang    locale.Lang
}

// LiveEntryChanged is recorded when readers' view of a live blog's entries changes (an entry
// posted, approved, corrected or removed): its article page, its updates endpoint and its
// cards (which show the latest update's time) change.
type LiveEntryChanged struct {
	StoryID int64
	Lang    locale.Lang
}

// LiveBlog is an edition's live state.
type LiveBlog struct {
	EditionID int64
	StartedAt time.Time
	// EndedAt is zero while the blog runs.
	EndedAt     time.Time
	ClosingNote string
}

// Running reports whether the blog takes entries and shows the "Live" badge.
func (b LiveBlog) Running() bool { return b.EndedAt.IsZero() }

// EntryStatus is where an entry stands.
type EntryStatus string

// The states of an entry.
const (
	// EntryPending is a reporter's entry waiting for an editor (site setting live.review).
	EntryPending EntryStatus = "pending"
	// EntryPosted is shown to readers.
	EntryPosted EntryStatus = "posted"
	// EntryRemoved is gone from readers' view; they see when it was removed.
	EntryRemoved EntryStatus = "removed"
)

// LiveEntry is one update of a live blog.
type LiveEntry struct {
	ID        int64
	EditionID int64
	Status    EntryStatus
	// Body is sanitised HTML, like a story body.
	Body     string
	Image    *Image
	EmbedURL string
	KeyPoint bool
	UserID   int64
	// Author is the byline: the author profile of the account, else its name in both.
	Author Names
	// SourceID is the entry of the other edition this one was translated from; 0 if none.
	SourceID    int64
	CreatedAt   time.Time
	PostedAt    time.Time
	CorrectedAt time.Time
	RemovedAt   time.Time
}

// Stamp changes whenever readers' view of the entry changes; the page marks entries with it
// so that the reader's script can tell a corrected entry from the one on screen.
func (e LiveEntry) Stamp() int64 {
	return max(e.PostedAt.UnixMilli(), e.CorrectedAt.UnixMilli(), e.RemovedAt.UnixMilli())
}

// EntryInput is what the newsroom's form sends for an entry.
type EntryInput struct {
	// Body is plain text (blank lines part paragraphs) or, when it starts with a tag, HTML;
	// either is sanitised like story bodies.
	Body     string
	MediaID  int64
	ImageAlt string
	EmbedURL string
	KeyPoint bool
	// AuthorID names the byline's author profile; 0 takes the profile of the account that
	// writes the entry (the demo loader sets it, the newsroom does not).
	AuthorID int64
}

const (
	maxEntryBody  = 20000
	maxEmbedURL   = 500
	maxEntryAlt   = 300
	liveReviewKey = "live.review"
)

// clean sanitises in and checks it.
func (in *EntryInput) clean(san *Sanitizer) error {
	var v fielderr.Error
	body := strings.TrimSpace(in.Body)
	if !strings.HasPrefix(body, "<") {
		// Typed on a phone: text, with any angle brackets shown as they are.
		body = textToHTML(body)
	}
	in.Body = locale.Normalize(san.Body(body))
	if strings.TrimSpace(htmlText(in.Body)) == "" {
		v.Add("body", fielderr.Required)
	} else if len(in.Body) > maxEntryBody {
		v.AddProblem("body", fielderr.Problem{Code: fielderr.TooLong, Max: maxEntryBody})
	}
	in.ImageAlt = locale.Normalize(strings.TrimSpace(in.ImageAlt))
	v.MaxLen("image_alt", in.ImageAlt, maxEntryAlt)
	in.EmbedURL = strings.TrimSpace(in.EmbedURL)
	if in.EmbedURL != "" {
		u, err := url.Parse(in.EmbedURL)
		switch {
		case utf8.RuneCountInString(in.EmbedURL) > maxEmbedURL:
			v.AddProblem("embed_url", fielderr.Problem{Code: fielderr.TooLong, Max: maxEmbedURL})
		case err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil:
			v.Add("embed_url", fielderr.Invalid)
		default:
			in.EmbedURL = u.String()
		}
	}
	return v.OrNil()
}

// textToHTML makes paragraphs of plain text: blank lines part them, single line breaks stay.
func textToHTML(s string) string {
	var b strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>"))
		b.WriteString("</p>")
	}
	return b.String()
}

// LiveReview reports whether reporters' entries wait for an editor (the default) rather than
// going straight to readers.
func (s *Store) LiveReview(ctx context.Context) (bool, error) {
	v, ok, err := settings.NewStore(s.db).Get(ctx, liveReviewKey)
	return !ok || v != "0", err
}

// SetLiveReview turns the review of reporters' entries on or off. Only editors may.
func (s *Store) SetLiveReview(ctx context.Context, a Actor, on bool) error {
	if !a.Editor {
		return ErrForbidden
	}
	v := "0"
	if on {
		v = "1"
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := settings.In(tx).Set(ctx, liveReviewKey, v); err != nil {
			return err
		}
		return audit(ctx, tx, a.UserID, "live_review", 0, 0, v, s.clock())
	})
}

// editionRef reads an edition's story and language.
func editionRef(ctx context.Context, tx *db.Tx, editionID int64) (storyID int64, lang locale.Lang, err error) {
	var l string
	err = tx.QueryRow(ctx, "SELECT story_id, lang FROM editions WHERE id = ?", editionID).Scan(&storyID, &l)
	if errors.Is(err, db.ErrNoRows) {
		return 0, "", ErrNotFound
	}
	return storyID, locale.Lang(l), err
}

// StartLive makes the edition live, or live again after it ended. Only editors may.
func (s *Store) StartLive(ctx context.Context, a Actor, editionID int64) error {
	if !a.Editor {
		return ErrForbidden
	}
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		storyID, lang, err := editionRef(ctx, tx, editionID)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE live_blogs SET ended_at = NULL, closing_note = '' WHERE edition_id = ?", editionID)
		if err != nil {
			return fmt.Errorf("start live blog: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := tx.Exec(ctx, "INSERT INTO live_blogs (edition_id, started_at) VALUES (?, ?)", editionID, now); err != nil {
				return fmt.Errorf("start live blog: %w", err)
			}
		}
		tx.Record(LiveChanged{StoryID: storyID, Lang: lang})
		return audit(ctx, tx, a.UserID, "live_start", storyID, editionID, "", now)
	})
}

// EndLive ends the edition's live blog with a closing note shown above its entries. Only
// editors may; ending it again changes the note.
func (s *Store) EndLive(ctx context.Context, a Actor, editionID int64, note string) error {
	if !a.Editor {
		return ErrForbidden
	}
	note = locale.Normalize(strings.TrimSpace(note))
	var v fielderr.Error
	v.MaxLen("closing_note", note, 2000)
	if err := v.OrNil(); err != nil {
		return err
	}
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		storyID, lang, err := editionRef(ctx, tx, editionID)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, "UPDATE live_blogs SET ended_at = COALESCE(ended_at, ?), closing_note = ? WHERE edition_id = ?", now, note, editionID)
		if err != nil {
			return fmt.Errorf("end live blog: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrInvalidState
		}
		tx.Record(LiveChanged{StoryID: storyID, Lang: lang})
		return audit(ctx, tx, a.UserID, "live_end", storyID, editionID, "", now)
	})
}

// LiveBlogOf returns the edition's live blog, ErrNotFound when it has never been live.
func (s *Store) LiveBlogOf(ctx context.Context, editionID int64) (LiveBlog, error) {
	b := LiveBlog{EditionID: editionID}
	var ended sql.NullTime
	err := s.db.QueryRow(ctx, "SELECT started_at, ended_at, closing_note FROM live_blogs WHERE edition_id = ?", editionID).
		Scan(&b.StartedAt, &ended, &b.ClosingNote)
	if errors.Is(err, db.ErrNoRows) {
		return b, ErrNotFound
	}
	b.StartedAt, b.EndedAt = b.StartedAt.UTC(), ended.Time.UTC()
	if !ended.Valid {
		b.EndedAt = time.Time{}
	}
	return b, err
}

// runningLive returns which of editionIDs have a running live blog, with the time of each
// one's latest posted entry (zero before the first), for the cards' badge and time.
func (s *Store) runningLive(ctx context.Context, editionIDs []int64) (map[int64]time.Time, error) {
	out := map[int64]time.Time{}
	for len(editionIDs) > 0 {
		batch := editionIDs[:min(len(editionIDs), bylineBatch)]
		editionIDs = editionIDs[len(batch):]
		args := make([]any, len(batch))
		for i, id := range batch {
			args[i] = id
		}
		// The latest entry is joined rather than selected as MAX(posted_at): SQLite gives an
		// aggregate no column type, and the driver would answer a string for the time.
		rows, err := s.db.Query(ctx, `SELECT lb.edition_id, le.posted_at FROM live_blogs lb
			LEFT JOIN live_entries le ON le.edition_id = lb.edition_id
				AND le.posted_at = (SELECT MAX(x.posted_at) FROM live_entries x WHERE x.edition_id = lb.edition_id)
			WHERE lb.ended_at IS NULL AND lb.edition_id IN (`+db.In(len(args))+")", args...)
		if err != nil {
			return nil, fmt.Errorf("live blogs: %w", err)
		}
		for rows.Next() {
			var id int64
			var latest sql.NullTime
			if err := rows.Scan(&id, &latest); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = utcOf(latest)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AddEntry adds an entry to the edition's running live blog. Editors' entries are posted at
// once; other staff's wait for an editor while the site requires review (LiveReview).
func (s *Store) AddEntry(ctx context.Context, a Actor, editionID int64, in EntryInput) (LiveEntry, error) {
	if err := in.clean(NewSanitizer()); err != nil {
		return LiveEntry{}, err
	}
	review, err := s.LiveReview(ctx)
	if err != nil {
		return LiveEntry{}, err
	}
	status := EntryPosted
	if !a.Editor && review {
		status = EntryPending
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.insertEntry(ctx, tx, a, editionID, in, status, 0)
		return err
	})
	if err != nil {
		return LiveEntry{}, err
	}
	return s.Entry(ctx, id)
}

// insertEntry writes an entry to editionID's running live blog, recording what readers see.
func (s *Store) insertEntry(ctx context.Context, tx *db.Tx, a Actor, editionID int64, in EntryInput, status EntryStatus, sourceID int64) (int64, error) {
	storyID, lang, err := editionRef(ctx, tx, editionID)
	if err != nil {
		return 0, err
	}
	var ended sql.NullTime
	err = tx.QueryRow(ctx, "SELECT ended_at FROM live_blogs WHERE edition_id = ?", editionID).Scan(&ended)
	if errors.Is(err, db.ErrNoRows) || ended.Valid {
		return 0, ErrInvalidState
	} else if err != nil {
		return 0, err
	}
	if err := checkMedia(ctx, tx, in.MediaID); err != nil {
		return 0, err
	}
	now := s.clock()
	var posted any
	if status == EntryPosted {
		posted = now
	}
	id, err := tx.InsertID(ctx, `INSERT INTO live_entries (edition_id, status, body, media_id, image_alt, embed_url, key_point, user_id, author_id, source_id, created_at, posted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		editionID, string(status), in.Body, nullID(in.MediaID), in.ImageAlt, in.EmbedURL, in.KeyPoint, nullID(a.UserID), nullID(in.AuthorID), nullID(sourceID), now, posted)
	if err != nil {
		return 0, fmt.Errorf("add entry: %w", err)
	}
	if status == EntryPosted {
		tx.Record(LiveEntryChanged{StoryID: storyID, Lang: lang})
	}
	return id, nil
}

// checkMedia refuses a picture that is not in the library.
func checkMedia(ctx context.Context, tx *db.Tx, mediaID int64) error {
	if mediaID == 0 {
		return nil
	}
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM media WHERE id = ?", mediaID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return fielderr.New("media_id", fielderr.NotFound)
	}
	return nil
}

// lockedEntry reads an entry's state under a row lock, with its edition's story and language.
func lockedEntry(ctx context.Context, tx *db.Tx, entryID int64) (e LiveEntry, storyID int64, lang locale.Lang, err error) {
	var st string
	var userID sql.NullInt64
	err = tx.QueryRowLocked(ctx, "live_entries", "SELECT edition_id, status, user_id FROM live_entries WHERE id = ?", entryID).Scan(&e.EditionID, &st, &userID)
	if errors.Is(err, db.ErrNoRows) {
		return e, 0, "", ErrNotFound
	} else if err != nil {
		return e, 0, "", err
	}
	e.ID, e.Status, e.UserID = entryID, EntryStatus(st), userID.Int64
	storyID, lang, err = editionRef(ctx, tx, e.EditionID)
	return e, storyID, lang, err
}

// mayChange says whether a may change or remove e: editors any entry, others their own
// entry while it waits for review.
func mayChange(a Actor, e LiveEntry) error {
	if a.Editor || (e.Status == EntryPending && e.UserID == a.UserID && a.UserID != 0) {
		return nil
	}
	return ErrForbidden
}

// CorrectEntry changes an entry's words, picture, embed or key-point mark. A posted entry
// shows "Corrected at …" to readers; a pending one is simply edited.
func (s *Store) CorrectEntry(ctx context.Context, a Actor, entryID int64, in EntryInput) error {
	if err := in.clean(NewSanitizer()); err != nil {
		return err
	}
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		e, storyID, lang, err := lockedEntry(ctx, tx, entryID)
		if err != nil {
			return err
		}
		if err := mayChange(a, e); err != nil {
			return err
		}
		if e.Status == EntryRemoved {
			return ErrInvalidState
		}
		if err := checkMedia(ctx, tx, in.MediaID); err != nil {
			return err
		}
		var corrected any
		if e.Status == EntryPosted {
			corrected = now
		}
		_, err = tx.Exec(ctx, `UPDATE live_entries SET body = ?, media_id = ?, image_alt = ?, embed_url = ?, key_point = ?,
			corrected_at = COALESCE(?, corrected_at) WHERE id = ?`,
			in.Body, nullID(in.MediaID), in.ImageAlt, in.EmbedURL, in.KeyPoint, corrected, entryID)
		if err != nil {
			return fmt.Errorf("correct entry: %w", err)
		}
		if e.Status == EntryPosted {
			tx.Record(LiveEntryChanged{StoryID: storyID, Lang: lang})
			return audit(ctx, tx, a.UserID, "live_correct", storyID, e.EditionID, "", now)
		}
		return nil
	})
}

// RemoveEntry takes an entry away. A posted one leaves "An entry was removed at …" in its
// place; a pending one, never seen by readers, is deleted.
func (s *Store) RemoveEntry(ctx context.Context, a Actor, entryID int64) error {
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		e, storyID, lang, err := lockedEntry(ctx, tx, entryID)
		if err != nil {
			return err
		}
		if err := mayChange(a, e); err != nil {
			return err
		}
		switch e.Status {
		case EntryRemoved:
			return nil
		case EntryPending:
			_, err := tx.Exec(ctx, "DELETE FROM live_entries WHERE id = ?", entryID)
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE live_entries SET status = ?, removed_at = ?, key_point = ? WHERE id = ?",
			string(EntryRemoved), now, false, entryID); err != nil {
			return fmt.Errorf("remove entry: %w", err)
		}
		tx.Record(LiveEntryChanged{StoryID: storyID, Lang: lang})
		return audit(ctx, tx, a.UserID, "live_remove", storyID, e.EditionID, "", now)
	})
}

// ApproveEntry posts a pending entry, timed when it is posted. Only editors may.
func (s *Store) ApproveEntry(ctx context.Context, a Actor, entryID int64) error {
	if !a.Editor {
		return ErrForbidden
	}
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		e, storyID, lang, err := lockedEntry(ctx, tx, entryID)
		if err != nil {
			return err
		}
		if e.Status != EntryPending {
			return ErrInvalidState
		}
		if _, err := tx.Exec(ctx, "UPDATE live_entries SET status = ?, posted_at = ? WHERE id = ?", string(EntryPosted), now, entryID); err != nil {
			return fmt.Errorf("approve entry: %w", err)
		}
		tx.Record(LiveEntryChanged{StoryID: storyID, Lang: lang})
		return nil
	})
}

// AddTranslatedEntry adds body, a translation of entry sourceID, to the live blog of the
// other edition of its story. It waits there for an editor (EntryPending) whoever asks: a
// machine translation is read by a person before readers see it.
func (s *Store) AddTranslatedEntry(ctx context.Context, a Actor, sourceID int64, body string) (LiveEntry, error) {
	src, err := s.Entry(ctx, sourceID)
	if err != nil {
		return LiveEntry{}, err
	}
	in := EntryInput{Body: body, EmbedURL: src.EmbedURL, KeyPoint: src.KeyPoint}
	if src.Image != nil {
		in.MediaID = src.Image.MediaID
	}
	if err := in.clean(NewSanitizer()); err != nil {
		return LiveEntry{}, err
	}
	var id int64
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		storyID, lang, err := editionRef(ctx, tx, src.EditionID)
		if err != nil {
			return err
		}
		var target int64
		err = tx.QueryRow(ctx, "SELECT id FROM editions WHERE story_id = ? AND lang = ?", storyID, string(lang.Other())).Scan(&target)
		if errors.Is(err, db.ErrNoRows) {
			return ErrInvalidState
		} else if err != nil {
			return err
		}
		id, err = s.insertEntry(ctx, tx, a, target, in, EntryPending, sourceID)
		return err
	})
	if err != nil {
		return LiveEntry{}, err
	}
	return s.Entry(ctx, id)
}

// entryColumns are what scanEntry reads; the byline is the entry's author profile, else the
// account's, else its name.
const entryColumns = `SELECT le.id, le.edition_id, le.status, le.body, le.media_id, m.storage_key, m.width, m.height, le.image_alt,
	le.embed_url, le.key_point, COALESCE(le.user_id, 0), COALESCE(le.source_id, 0), le.created_at, le.posted_at, le.corrected_at, le.removed_at,
	COALESCE((SELECT a.name_en FROM authors a WHERE a.id = le.author_id), (SELECT a.name_en FROM authors a WHERE a.user_id = le.user_id ORDER BY a.id LIMIT 1), u.name, ''),
	COALESCE((SELECT a.name_as FROM authors a WHERE a.id = le.author_id), (SELECT a.name_as FROM authors a WHERE a.user_id = le.user_id ORDER BY a.id LIMIT 1), u.name, '')
	FROM live_entries le LEFT JOIN media m ON m.id = le.media_id LEFT JOIN users u ON u.id = le.user_id`

func scanEntry(rows interface{ Scan(...any) error }) (LiveEntry, error) {
	var e LiveEntry
	var st string
	var mediaID, w, h sql.NullInt64
	var key sql.NullString
	var alt string
	var posted, corrected, removed sql.NullTime
	err := rows.Scan(&e.ID, &e.EditionID, &st, &e.Body, &mediaID, &key, &w, &h, &alt, &e.EmbedURL, &e.KeyPoint,
		&e.UserID, &e.SourceID, &e.CreatedAt, &posted, &corrected, &removed, &e.Author.EN, &e.Author.AS)
	if err != nil {
		return e, err
	}
	e.Status = EntryStatus(st)
	e.CreatedAt = e.CreatedAt.UTC()
	e.PostedAt, e.CorrectedAt, e.RemovedAt = utcOf(posted), utcOf(corrected), utcOf(removed)
	if key.Valid {
		e.Image = &Image{Photo: Photo{MediaID: mediaID.Int64, Key: key.String, Width: int(w.Int64), Height: int(h.Int64)}, Alt: alt}
	}
	return e, nil
}

func utcOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

// Entry returns one entry in any state.
func (s *Store) Entry(ctx context.Context, id int64) (LiveEntry, error) {
	e, err := scanEntry(s.db.QueryRow(ctx, entryColumns+" WHERE le.id = ?", id))
	if errors.Is(err, db.ErrNoRows) {
		return e, ErrNotFound
	}
	return e, err
}

// LiveEntries lists an edition's entries newest first: for readers (public) the posted and
// removed ones, at most limit (0: all); for the newsroom every one, pending first.
func (s *Store) LiveEntries(ctx context.Context, editionID int64, public bool, limit int) ([]LiveEntry, error) {
	q := entryColumns + " WHERE le.edition_id = ?"
	args := []any{editionID}
	if public {
		q += " AND le.status <> ?"
		args = append(args, string(EntryPending))
	}
	// Pending entries have no posted_at: they come first, newest first.
	q += " ORDER BY CASE WHEN le.posted_at IS NULL THEN 0 ELSE 1 END, le.posted_at DESC, le.id DESC"
	if limit > 0 {
		q += " LIMIT ?"
		args = append(args, limit)
	}
	rows, err := s.db.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("live entries: %w", err)
	}
	defer rows.Close()
	var out []LiveEntry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// KeyPoints lists the posted entries marked as key points, newest first.
func (s *Store) KeyPoints(ctx context.Context, editionID int64) ([]LiveEntry, error) {
	rows, err := s.db.Query(ctx, entryColumns+" WHERE le.edition_id = ? AND le.status = ? AND le.key_point = ? ORDER BY le.posted_at DESC, le.id DESC",
		editionID, string(EntryPosted), true)
	if err != nil {
		return nil, fmt.Errorf("key points: %w", err)
	}
	defer rows.Close()
	var out []LiveEntry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// LiveDesk is a running live blog in the newsroom's list.
type LiveDesk struct {
	EditionID int64
	StoryID   int64
	Lang      locale.Lang
	Headline  string
	Status    Status
	StartedAt time.Time
	// Pending counts the entries waiting for an editor.
	Pending int
}

// RunningLiveBlogs lists the running live blogs, newest first, for the newsroom.
func (s *Store) RunningLiveBlogs(ctx context.Context) ([]LiveDesk, error) {
	rows, err := s.db.Query(ctx, `SELECT e.id, e.story_id, e.lang, e.headline, e.status, lb.started_at,
		(SELECT COUNT(*) FROM live_entries le WHERE le.edition_id = e.id AND le.status = ?)
		FROM live_blogs lb JOIN editions e ON e.id = lb.edition_id WHERE lb.ended_at IS NULL ORDER BY lb.started_at DESC, e.id DESC`, string(EntryPending))
	if err != nil {
		return nil, fmt.Errorf("running live blogs: %w", err)
	}
	defer rows.Close()
	var out []LiveDesk
	for rows.Next() {
		var d LiveDesk
		var lang string
		if err := rows.Scan(&d.EditionID, &d.StoryID, &lang, &d.Headline, &d.Status, &d.StartedAt, &d.Pending); err != nil {
			return nil, err
		}
		d.Lang, d.StartedAt = locale.Lang(lang), d.StartedAt.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}
