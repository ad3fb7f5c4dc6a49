package news

import (
	"cmp"
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

// EditionText is an edition's words, as machine translation takes and gives them.
type EditionText struct {
	Headline   string
	Standfirst string
	Body       string
	// ImageAlt and ImageCaption are the featured picture's words; empty ones are left alone.
	ImageAlt     string
	ImageCaption string
}

// TranslatedEdition is an edition made from another edition of its story, with what the
// translation desk needs to keep the two in step.
type TranslatedEdition struct {
	EditionID  int64
	StoryID    int64
	Lang       locale.Lang
	Headline   string
	Status     Status
	Revision   int
	ModifiedAt time.Time
	// SourceLang is the language of the edition it was translated from.
	SourceLang      locale.Lang
	SourceEditionID int64
	// SourceRevision is the source's revision the translation was made from or last synced
	// to; SourceCurrent is the source's revision now.
	SourceRevision int
	SourceCurrent  int
	SourceHeadline string
	// Machine is set while the text is still the machine draft it was started from: an
	// edition started from a machine draft keeps it until its first save after that.
	Machine      bool
	TranslatorID int64
}

// SourceChanged reports whether the source edition was revised after the translation was
// made or last synced.
func (t TranslatedEdition) SourceChanged() bool { return t.SourceCurrent > t.SourceRevision }

// Untranslated is a published edition whose story has no edition in the other language.
type Untranslated struct {
	StoryID     int64
	EditionID   int64
	Lang        locale.Lang
	Headline    string
	Revision    int
	PublishedAt time.Time
}

// Translations is the translation desk: what needs a translator's attention.
type Translations struct {
	// Changed lists translations whose source changed since they were made or synced.
	Changed []TranslatedEdition
	// Machine lists editions that are still unedited machine drafts.
	Machine []TranslatedEdition
	// Ready lists finished machine translations (made for readers) of stories that have no
	// edition in that language yet: drafts waiting to be started and post-edited.
	Ready []Job
	// Failed lists machine translations readers asked for that failed and that the worker
	// will not try again by itself, for an editor to retry.
	Failed []Job
	// Untranslated lists published English stories without an Assamese edition.
	Untranslated []Untranslated
}

// deskLimit bounds each list of the translation desk.
const deskLimit = 100

const selectTranslated = `SELECT e.id, e.story_id, e.lang, e.headline, e.status, e.revision, e.modified_at,
	e.source_lang, src.id, e.source_revision, src.revision, src.headline, e.machine, COALESCE(e.translator_id, 0)
	FROM editions e JOIN editions src ON src.story_id = e.story_id AND src.lang = e.source_lang`

func scanTranslated(rows interface{ Scan(...any) error }) (TranslatedEdition, error) {
	var t TranslatedEdition
	var lang, srcLang string
	var machine bool
	err := rows.Scan(&t.EditionID, &t.StoryID, &lang, &t.Headline, &t.Status, &t.Revision, &t.ModifiedAt,
		&srcLang, &t.SourceEditionID, &t.SourceRevision, &t.SourceCurrent, &t.SourceHeadline, &machine, &t.TranslatorID)
	t.Lang, t.SourceLang = locale.Lang(lang), locale.Lang(srcLang)
	// A machine draft stops being one at its first save after it was started (revision 1).
	t.Machine = machine && t.Revision == 1
	return t, err
}

// TranslationOf returns the translation record of an edition; ErrNotFound when the edition
// was not made from another one.
func (s *Store) TranslationOf(ctx context.Context, editionID int64) (TranslatedEdition, error) {
	t, err := scanTranslated(s.db.QueryRow(ctx, selectTranslated+" WHERE e.id = ? AND e.source_lang <> ''", editionID))
	if errors.Is(err, db.ErrNoRows) {
		return TranslatedEdition{}, ErrNotFound
	}
	return t, err
}

// TranslationDesk lists the translations to bring back in step with their source, the
// machine drafts waiting for a person, the finished machine translations nobody has started
// from, and the English stories without an Assamese edition.
func (s *Store) TranslationDesk(ctx context.Context) (Translations, error) {
	var d Translations
	rows, err := s.db.Query(ctx, selectTranslated+` WHERE e.source_lang <> ''
		AND (src.revision > e.source_revision OR (e.machine AND e.revision = 1))
		ORDER BY e.modified_at DESC, e.id DESC LIMIT ?`, deskLimit)
	if err != nil {
		return d, fmt.Errorf("translation desk: %w", err)
	}
	for rows.Next() {
		t, err := scanTranslated(rows)
		if err != nil {
			rows.Close()
			return d, err
		}
		if t.SourceChanged() {
			d.Changed = append(d.Changed, t)
		}
		if t.Machine {
			d.Machine = append(d.Machine, t)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return d, err
	}
	jobs, err := s.jobs(ctx, `WHERE j.status = ? AND NOT EXISTS (SELECT 1 FROM editions o WHERE o.story_id = j.story_id AND o.lang = j.target_lang)
		ORDER BY j.id DESC LIMIT ?`, JobDone, deskLimit)
	if err != nil {
		return d, err
	}
	seen := map[int64]bool{}
	for _, j := range jobs {
		// The newest translation of each story is the one worth starting from.
		if !seen[j.StoryID] {
			seen[j.StoryID] = true
			d.Ready = append(d.Ready, j)
		}
	}
	failed, err := s.jobs(ctx, `WHERE j.status = ? AND j.attempts >= ? AND NOT EXISTS (SELECT 1 FROM editions o WHERE o.story_id = j.story_id AND o.lang = j.target_lang)
		ORDER BY j.id DESC LIMIT ?`, JobFailed, jobAttempts, deskLimit)
	if err != nil {
		return d, err
	}
	seen = map[int64]bool{}
	for _, j := range failed {
		if !seen[j.StoryID] {
			seen[j.StoryID] = true
			d.Failed = append(d.Failed, j)
		}
	}
	rows, err = s.db.Query(ctx, `SELECT e.story_id, e.id, e.lang, e.headline, e.revision, e.published_at FROM editions e
		WHERE e.lang = ? AND e.status = ? AND NOT EXISTS (SELECT 1 FROM editions o WHERE o.story_id = e.story_id AND o.lang = ?)
		ORDER BY e.published_at DESC, e.id DESC LIMIT ?`, string(locale.English), Published, string(locale.Assamese), deskLimit)
	if err != nil {
		return d, fmt.Errorf("untranslated stories: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u Untranslated
		var lang string
		var at sql.NullTime
		if err := rows.Scan(&u.StoryID, &u.EditionID, &lang, &u.Headline, &u.Revision, &at); err != nil {
			return d, err
		}
		u.Lang, u.PublishedAt = locale.Lang(lang), at.Time
		d.Untranslated = append(d.Untranslated, u)
	}
	return d, rows.Err()
}

// StartInput is the first text of a new edition made from another one.
type StartInput struct {
	// Headline, Standfirst and Body are the draft; an empty Headline starts from a copy of
	// the source for translating by hand.
	Headline   string
	Standfirst string
	Body       string
	// Machine marks the draft as machine translated.
	Machine bool
	// SourceRevision is the source's revision the draft was made from; 0 means its current one.
	SourceRevision int
	// ImageAlt and ImageCaption, when set, are the picture's words in the new language;
	// empty, the source's are copied for the translator to translate.
	ImageAlt     string
	ImageCaption string
}

// StartEdition creates a story's edition in to from its edition in from, as a draft that
// records where it came from. The source's picture comes along (its words to be translated),
// and the bylines are the source's plus the person starting it, credited as translator.
// Editors, translators and the story's owner may start one; ErrConflict means the edition
// exists already.
func (s *Store) StartEdition(ctx context.Context, a Actor, storyID int64, from, to locale.Lang, in StartInput) (Edition, error) {
	if from == to {
		return Edition{}, ErrInvalidState
	}
	now := s.clock()
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var src struct {
			id, revision               int64
			headline, standfirst, body string
			imageID, by                sql.NullInt64
			alt, caption, credit       string
		}
		err := tx.QueryRow(ctx, `SELECT e.id, e.revision, e.headline, e.standfirst, e.body, e.image_id, e.image_alt, e.image_caption,
			e.image_credit, s.created_by FROM editions e JOIN stories s ON s.id = e.story_id WHERE e.story_id = ? AND e.lang = ?`,
			storyID, string(from)).Scan(&src.id, &src.revision, &src.headline, &src.standfirst, &src.body, &src.imageID,
			&src.alt, &src.caption, &src.credit, &src.by)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := Permit(a, Edition{ID: src.id, StoryID: storyID, Lang: from}, src.by.Int64, Translate); err != nil {
			return err
		}
		var exists int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM editions WHERE story_id = ? AND lang = ?", storyID, string(to)).Scan(&exists); err != nil {
			return err
		}
		if exists > 0 {
			return ErrConflict
		}
		if strings.TrimSpace(in.Headline) == "" {
			in = StartInput{Headline: src.headline, Standfirst: src.standfirst, Body: src.body}
		}
		if in.SourceRevision <= 0 || in.SourceRevision > int(src.revision) {
			in.SourceRevision = int(src.revision)
		}
		authors, err := s.ids(ctx, "SELECT author_id FROM edition_authors WHERE edition_id = ? ORDER BY position", src.id)
		if err != nil {
			return err
		}
		if a.UserID != 0 {
			// The translator is credited as translator (translator_id, shown as "Translated
			// by"), not added to the byline; the author record gives the credit its name.
			if _, err := s.AuthorForUser(ctx, tx, a.UserID, a.Name); err != nil {
				return err
			}
		}
		ed := EditionInput{
			StoryID: storyID, Lang: to, Headline: in.Headline, Standfirst: in.Standfirst, Body: in.Body,
			ImageID: src.imageID.Int64, ImageAlt: cmp.Or(in.ImageAlt, src.alt), ImageCaption: cmp.Or(in.ImageCaption, src.caption), ImageCredit: src.credit,
			AuthorIDs: authors, UserID: a.UserID,
		}
		if err := ed.clean(NewSanitizer()); err != nil {
			return err
		}
		if id, err = s.saveEditionTx(ctx, tx, ed, now); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE editions SET source_lang = ?, source_revision = ?, machine = ?, translator_id = ? WHERE id = ?",
			string(from), in.SourceRevision, in.Machine, nullID(a.UserID), id); err != nil {
			return err
		}
		detail := fmt.Sprintf("from %s revision %d", from, in.SourceRevision)
		if in.Machine {
			detail += ", machine draft"
		}
		return audit(ctx, tx, a.UserID, "start_edition", storyID, id, detail, now)
	})
	if err != nil {
		var v *fielderr.Error
		if errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) || errors.As(err, &v) {
			return Edition{}, err
		}
		return Edition{}, fmt.Errorf("start edition: %w", err)
	}
	return s.Edition(ctx, id)
}

// SourceChanges returns the source edition's revision the translation was made from (or last
// synced to) and its revision now, for a diff of what the translation has to catch up with.
func (s *Store) SourceChanges(ctx context.Context, editionID int64) (then, now Revision, err error) {
	t, err := s.TranslationOf(ctx, editionID)
	if err != nil {
		return Revision{}, Revision{}, err
	}
	return s.RevisionPair(ctx, t.SourceEditionID, t.SourceRevision, t.SourceCurrent)
}

// MarkSynced records that a translation now follows its source's current revision, after a
// translator brought it up to date. Editors, translators and the story's owner may.
func (s *Store) MarkSynced(ctx context.Context, a Actor, editionID int64) error {
	t, err := s.TranslationOf(ctx, editionID)
	if err != nil {
		return err
	}
	m, err := s.StoryMeta(ctx, t.StoryID)
	if err != nil {
		return err
	}
	if err := Permit(a, Edition{ID: editionID, StoryID: t.StoryID}, m.CreatedBy, Translate); err != nil {
		return err
	}
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var rev int
		if err := tx.QueryRow(ctx, "SELECT revision FROM editions WHERE id = ?", t.SourceEditionID).Scan(&rev); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE editions SET source_revision = ? WHERE id = ?", rev, editionID); err != nil {
			return err
		}
		return audit(ctx, tx, a.UserID, "synced", t.StoryID, editionID, fmt.Sprintf("to %s revision %d", t.SourceLang, rev), now)
	})
}

// JobStatus is where a machine translation stands.
type JobStatus string

// The states of a machine translation job.
const (
	JobQueued  JobStatus = "queued"
	JobRunning JobStatus = "running"
	JobDone    JobStatus = "done"
	JobFailed  JobStatus = "failed"
)

// Job is one machine translation of one revision of an edition, made for readers and offered
// to editors as a draft.
type Job struct {
	ID              int64
	StoryID         int64
	SourceEditionID int64
	SourceRevision  int
	TargetLang      locale.Lang
	Status          JobStatus
	// Error is the provider's reason when the job failed.
	Error      string
	Headline   string
	Standfirst string
	Body       string
	Attempts   int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// The machine-translation queue's timings: a running job whose worker has been silent for
// jobLease is taken again, at most jobAttempts times; a job that failed is tried again by the
// worker after jobBackoff[attempts-1] (a provider's outage of a few seconds or a rate limit
// passes), and once its attempts are spent, when a reader asks jobRetryAfter later (quotas
// refill, services come back) or an editor presses Try again on the translation desk.
const (
	jobLease      = 5 * time.Minute
	jobAttempts   = 3
	jobRetryAfter = 10 * time.Minute
)

// jobBackoff is the wait before the worker tries a failed job again, by attempts made.
var jobBackoff = [jobAttempts - 1]time.Duration{30 * time.Second, 2 * time.Minute}

// Retrying reports whether the worker will try the failed job again by itself.
func (j Job) Retrying() bool { return j.Status == JobFailed && j.Attempts < jobAttempts }

// RetryMachine queues a failed machine translation again at once, with its attempts renewed:
// an editor's Try again. ErrNotFound when there is no such failed job.
func (s *Store) RetryMachine(ctx context.Context, jobID int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, "UPDATE mt_jobs SET status = ?, error = '', attempts = 0, updated_at = ? WHERE id = ? AND status = ?",
			JobQueued, s.clock(), jobID, JobFailed)
		if err != nil {
			return fmt.Errorf("retry machine translation %d: %w", jobID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		var storyID int64
		var lang string
		if err := tx.QueryRow(ctx, "SELECT story_id, target_lang FROM mt_jobs WHERE id = ?", jobID).Scan(&storyID, &lang); err != nil {
			return err
		}
		// The reader's failure page gives way to the waiting one.
		tx.Record(MachineTranslated{StoryID: storyID, Lang: locale.Lang(lang)})
		return nil
	})
}

const jobColumns = `j.id, j.story_id, j.source_edition_id, j.source_revision, j.target_lang, j.status, j.error,
	j.headline, j.standfirst, j.body, j.attempts, j.created_at, j.updated_at`

func scanJob(row interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var lang, status string
	err := row.Scan(&j.ID, &j.StoryID, &j.SourceEditionID, &j.SourceRevision, &lang, &status, &j.Error,
		&j.Headline, &j.Standfirst, &j.Body, &j.Attempts, &j.CreatedAt, &j.UpdatedAt)
	j.TargetLang, j.Status = locale.Lang(lang), JobStatus(status)
	return j, err
}

func (s *Store) jobs(ctx context.Context, where string, args ...any) ([]Job, error) {
	rows, err := s.db.Query(ctx, "SELECT "+jobColumns+" FROM mt_jobs j "+where, args...)
	if err != nil {
		return nil, fmt.Errorf("machine translation jobs: %w", err)
	}
	defer rows.Close()
	var out []Job
	for rows.Next() {
		j, err := scanJob(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, j)
	}
	return out, rows.Err()
}

// MachineJob returns the machine translation of an edition's revision into target.
func (s *Store) MachineJob(ctx context.Context, sourceEditionID int64, revision int, target locale.Lang) (Job, error) {
	j, err := scanJob(s.db.QueryRow(ctx, "SELECT "+jobColumns+" FROM mt_jobs j WHERE j.source_edition_id = ? AND j.source_revision = ? AND j.target_lang = ?",
		sourceEditionID, revision, string(target)))
	if errors.Is(err, db.ErrNoRows) {
		return Job{}, ErrNotFound
	}
	return j, err
}

// MachineJobByID returns a machine translation job by id.
func (s *Store) MachineJobByID(ctx context.Context, id int64) (Job, error) {
	j, err := scanJob(s.db.QueryRow(ctx, "SELECT "+jobColumns+" FROM mt_jobs j WHERE j.id = ?", id))
	if errors.Is(err, db.ErrNoRows) {
		return Job{}, ErrNotFound
	}
	return j, err
}

// EnqueueMachine asks for the machine translation of an edition's revision into target and
// returns its job. It is idempotent: every reader of a revision shares one job. A job that
// failed is queued again once jobRetryAfter has passed.
func (s *Store) EnqueueMachine(ctx context.Context, sourceEditionID int64, revision int, target locale.Lang) (Job, error) {
	now := s.clock()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var storyID int64
		err := tx.QueryRow(ctx, "SELECT story_id FROM editions WHERE id = ?", sourceEditionID).Scan(&storyID)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO mt_jobs (story_id, source_edition_id, source_revision, target_lang, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_edition_id, source_revision, target_lang) DO NOTHING`,
			storyID, sourceEditionID, revision, string(target), JobQueued, now, now); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE mt_jobs SET status = ?, error = '', attempts = 0, updated_at = ?
			WHERE source_edition_id = ? AND source_revision = ? AND target_lang = ? AND status = ? AND updated_at <= ?`,
			JobQueued, now, sourceEditionID, revision, string(target), JobFailed, now.Add(-jobRetryAfter))
		return err
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return Job{}, err
		}
		return Job{}, fmt.Errorf("enqueue machine translation: %w", err)
	}
	return s.MachineJob(ctx, sourceEditionID, revision, target)
}

// ClaimMachine takes the oldest queued machine translation (or one whose worker went silent)
// for this worker; ErrNotFound when there is none. Jobs whose workers died jobAttempts times
// are failed, so readers are not left waiting.
func (s *Store) ClaimMachine(ctx context.Context) (Job, error) {
	now := s.clock()
	stale := now.Add(-jobLease)
	var j Job
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "UPDATE mt_jobs SET status = ?, error = ?, updated_at = ? WHERE status = ? AND updated_at <= ? AND attempts >= ?",
			JobFailed, "the translation did not finish", now, JobRunning, stale, jobAttempts); err != nil {
			return err
		}
		// A running job's lease is its updated_at: a worker that fell silent for jobLease
		// leaves its job to the next claimer.
		// A failed job with attempts left is due once its backoff has passed.
		due, dueArgs := []string{}, []any{}
		for i, wait := range jobBackoff {
			due = append(due, "(attempts = ? AND updated_at <= ?)")
			dueArgs = append(dueArgs, i+1, now.Add(-wait))
		}
		rows, err := tx.Claim(ctx, db.Claim{
			Table:     "mt_jobs",
			Where:     "(status = 'queued' OR (status = 'running' AND updated_at <= ?) OR (status = 'failed' AND (" + strings.Join(due, " OR ") + "))) AND attempts < ?",
			WhereArgs: append(append([]any{stale}, dueArgs...), jobAttempts),
			Order:     "id",
			Limit:     1,
			Set:       "status = 'running', attempts = attempts + 1, updated_at = ?",
			SetArgs:   []any{now},
			Returning: strings.ReplaceAll(jobColumns, "j.", ""), // the same columns, unqualified
		})
		if err != nil {
			return err
		}
		defer rows.Close()
		// No row: nothing to do, and the jobs just failed stay failed.
		j = Job{}
		if rows.Next() {
			if j, err = scanJob(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return Job{}, fmt.Errorf("claim machine translation: %w", err)
	}
	if j.ID == 0 {
		return Job{}, ErrNotFound
	}
	return j, nil
}

// CompleteMachine stores a job's translation, sanitised as any edition's text is.
func (s *Store) CompleteMachine(ctx context.Context, jobID int64, headline, standfirst, body string) error {
	headline = locale.Normalize(strings.Join(strings.Fields(headline), " "))
	standfirst = locale.Normalize(strings.TrimSpace(standfirst))
	body = locale.Normalize(NewSanitizer().Body(body))
	return s.finishJob(ctx, jobID, "UPDATE mt_jobs SET status = ?, error = '', headline = ?, standfirst = ?, body = ?, updated_at = ? WHERE id = ?",
		JobDone, headline, standfirst, body, s.clock(), jobID)
}

// FailMachine records why a job could not be done.
func (s *Store) FailMachine(ctx context.Context, jobID int64, reason string) error {
	return s.finishJob(ctx, jobID, "UPDATE mt_jobs SET status = ?, error = ?, updated_at = ? WHERE id = ?", JobFailed, reason, s.clock(), jobID)
}

func (s *Store) finishJob(ctx context.Context, jobID int64, q string, args ...any) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.Exec(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("finish machine translation %d: %w", jobID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		var storyID int64
		var lang string
		if err := tx.QueryRow(ctx, "SELECT story_id, target_lang FROM mt_jobs WHERE id = ?", jobID).Scan(&storyID, &lang); err != nil {
			return fmt.Errorf("finish machine translation %d: %w", jobID, err)
		}
		tx.Record(MachineTranslated{StoryID: storyID, Lang: locale.Lang(lang)})
		return nil
	})
}

// QueuedTranslations counts the machine-translation jobs waiting or running, for the metrics.
func (s *Store) QueuedTranslations(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM mt_jobs WHERE status IN (?, ?)", JobQueued, JobRunning).Scan(&n)
	return n, err
}
