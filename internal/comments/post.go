package comments

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/settings"
)

// Input is a reader's comment as the form sends it.
type Input struct {
	StoryID int64
	Lang    locale.Lang
	// ParentID is the comment replied to, 0 for a new thread. A reply to a reply joins the
	// thread of its top-level comment.
	ParentID int64
	Name     string
	Email    string
	Body     string
	// Notify asks for a mail once the comment is published.
	Notify bool
	// Key is the form's one-time key and Token its signed time (NewFormKey, FormToken).
	Key   string
	Token string
	// Trap is the hidden field only robots fill in.
	Trap string
	// Client is the address the post came from.
	Client string
}

// clean normalises the reader's words and reports what is wrong with them.
func (in *Input) clean(maxLinks int) error {
	var v fielderr.Error
	in.Name = cleanLine(in.Name)
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	in.Body = CleanBody(in.Body)
	if v.Required("name", in.Name) {
		v.MaxLen("name", in.Name, maxName)
	}
	v.Email("email", in.Email)
	if v.Required("body", in.Body) && v.MaxLen("body", in.Body, maxBody) && CountLinks(in.Body) > maxLinks {
		v.AddProblem("body", fielderr.Problem{Code: fielderr.TooManyLinks, Max: maxLinks})
	}
	if _, ok := locale.ParseLang(string(in.Lang)); !ok {
		v.Add("lang", fielderr.NotAllowed)
	}
	return v.OrNil()
}

// postKey derives the stored idempotency key. Article pages are cached and shared, so many
// readers may be handed the same form key; the key therefore counts together with who posts
// what, and a retried post (the same words from the same person) finds the comment it made.
func postKey(formKey string, in Input) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{formKey, strconv.FormatInt(in.StoryID, 10), string(in.Lang),
		strconv.FormatInt(in.ParentID, 10), in.Email, in.Name, in.Body}, "\x00")))
	return hex.EncodeToString(sum[:])
}

// Post stores a reader's comment after the spam checks: the honeypot, the form's signed time,
// the link limit, whether the story takes comments, the rate limits per client and per e-mail
// address, and the blocklist (a blocked comment is kept as spam, not published). It is held
// for moderation unless its author has enough approved comments for the auto-approve setting.
// Posting the same form again returns the comment the first post made, in its current state.
func (s *Store) Post(ctx context.Context, in Input) (Comment, error) {
	if formguard.Trapped(in.Trap) {
		return Comment{}, ErrTrap
	}
	if err := in.clean(s.limits.MaxLinks); err != nil {
		return Comment{}, err
	}
	now := s.clock()
	if strings.TrimSpace(in.Key) == "" {
		return Comment{}, ErrBadToken
	}
	// The article page, and its form, is cached and served to many readers: its token is
	// bound to no client (and lives no longer than two hours; the page is re-rendered every
	// minute). A form that came back to one reader carries a token bound to them, which
	// serves one comment.
	nonce, err := s.guard.Check(ctx, formName(in.StoryID), in.Token, in.Client,
		formguard.Timing{MinFill: s.limits.MinFill, MaxAge: s.limits.MaxFormAge, Shared: true})
	if err != nil {
		return Comment{}, err
	}
	bound := s.guard.Bound(ctx, formName(in.StoryID), in.Token, in.Client)
	pk := postKey(in.Key, in)
	client, err := s.guard.ClientKey(ctx, in.Client)
	if err != nil {
		return Comment{}, err
	}
	var out Comment
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		if err := lockPosting(ctx, tx); err != nil {
			return err
		}
		// A retry answers as the first post did, whatever has changed since.
		if c, err := byPostKey(ctx, tx, pk); err == nil {
			out = c
			return nil
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		if bound {
			if err := s.guard.Spend(ctx, tx, nonce, in.Client, s.limits.MaxFormAge); err != nil {
				return err
			}
		}
		set, err := s.settingsFrom(ctx, settings.In(tx))
		if err != nil {
			return err
		}
		published, err := publishedAt(ctx, tx, in.StoryID, in.Lang)
		if err != nil {
			return err
		}
		closing, err := closingOf(ctx, tx, in.StoryID, published, set, now)
		if err != nil {
			return err
		}
		if closing != NotClosed {
			return ErrClosed
		}
		var parent any
		if in.ParentID != 0 {
			top, err := threadOf(ctx, tx, in.ParentID, in.StoryID, in.Lang)
			if err != nil {
				return err
			}
			parent = top
		}
		if err := s.checkRates(ctx, tx, client, in.Email); err != nil {
			return err
		}
		status, reason := Pending, ""
		words, err := s.blocklistFrom(ctx, settings.In(tx))
		if err != nil {
			return err
		}
		if w, blocked := compileBlocklist(words).match(in.Name + "\n" + in.Body); blocked {
			status, reason = Spam, "blocklist: "+w
		} else if set.AutoApproveAfter > 0 {
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM comments WHERE author_email = ? AND status = ? AND staff_user_id IS NULL",
				in.Email, Approved).Scan(&n); err != nil {
				return err
			}
			if n >= set.AutoApproveAfter {
				status = Approved
			}
		}
		var moderated any
		if status == Approved {
			moderated = now
		}
		id, err := tx.InsertID(ctx, `INSERT INTO comments (story_id, lang, parent_id, author_name, author_email, body, status,
			notify, client_key, spam_reason, post_key, created_at, moderated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (post_key) DO NOTHING`,
			in.StoryID, string(in.Lang), parent, in.Name, in.Email, in.Body, string(status),
			in.Notify, client, reason, pk, now, moderated)
		if errors.Is(err, sql.ErrNoRows) {
			// Another node stored this post a moment ago.
			out, err = byPostKey(ctx, tx, pk)
			return err
		}
		if err != nil {
			return fmt.Errorf("store comment: %w", err)
		}
		out, err = byID(ctx, tx, id)
		tx.Record(Posted{Comment: out})
		return err
	})
	if err != nil {
		return Comment{}, err
	}
	s.guard.Prune(ctx)
	return out, nil
}

// lockPosting serialises comment posts on PostgreSQL, so that a retry sent while the first
// post is still being stored waits for it and then finds it, instead of counting against the
// rate limits (and being refused) as a post of its own; SQLite has one writer anyway.
func lockPosting(ctx context.Context, tx *db.Tx) error {
	if tx.Dialect() != db.Postgres {
		return nil
	}
	_, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7364822, hashtext(current_schema()))")
	return err
}

// checkRates counts the post against the limits per client and per e-mail address, in the
// posting transaction: a post that is not stored is not counted.
func (s *Store) checkRates(ctx context.Context, tx *db.Tx, client, email string) error {
	if err := s.guard.Hit(ctx, tx, "comment-client", client, formguard.Limit{Max: s.limits.PerClient, Window: s.limits.ClientWindow}); err != nil {
		return err
	}
	return s.guard.Hit(ctx, tx, "comment-email", email, formguard.Limit{Max: s.limits.PerEmail, Window: s.limits.EmailWindow})
}

func byPostKey(ctx context.Context, q querier, key string) (Comment, error) {
	c, err := scanComment(q.QueryRow(ctx, "SELECT "+commentColumns+" FROM comments c WHERE c.post_key = ?", key))
	if errors.Is(err, db.ErrNoRows) {
		return Comment{}, ErrNotFound
	}
	return c, err
}

func byID(ctx context.Context, q querier, id int64) (Comment, error) {
	c, err := scanComment(q.QueryRow(ctx, "SELECT "+commentColumns+" FROM comments c WHERE c.id = ?", id))
	if errors.Is(err, db.ErrNoRows) {
		return Comment{}, ErrNotFound
	}
	return c, err
}

// publishedAt returns when the edition of storyID in lang was published; ErrNotFound when it
// is not published.
func publishedAt(ctx context.Context, q querier, storyID int64, lang locale.Lang) (time.Time, error) {
	var t sql.NullTime
	err := q.QueryRow(ctx, "SELECT published_at FROM editions WHERE story_id = ? AND lang = ? AND status = ?",
		storyID, string(lang), string(news.Published)).Scan(&t)
	if errors.Is(err, db.ErrNoRows) {
		return time.Time{}, ErrNotFound
	}
	if err != nil {
		return time.Time{}, err
	}
	return t.Time.UTC(), nil
}

// threadOf returns the top-level comment of the thread a reply to id joins: id itself, or its
// parent when id is a reply. The comment must be approved and on the same edition.
func threadOf(ctx context.Context, q querier, id, storyID int64, lang locale.Lang) (int64, error) {
	c, err := byID(ctx, q, id)
	if errors.Is(err, ErrNotFound) {
		return 0, ErrParent
	}
	if err != nil {
		return 0, err
	}
	if c.StoryID != storyID || c.Lang != lang || c.Status != Approved {
		return 0, ErrParent
	}
	if c.ParentID != 0 {
		return c.ParentID, nil
	}
	return c.ID, nil
}

// Reply is a reply written in the newsroom by a signed-in editor.
type Reply struct {
	// ParentID is the comment replied to; the reply joins its thread.
	ParentID int64
	UserID   int64
	Name     string
	Email    string
	Body     string
}

// StaffReply publishes an editor's reply at once, marked as staff. The spam defences do not
// apply; the comment replied to must be published.
func (s *Store) StaffReply(ctx context.Context, in Reply) (Comment, error) {
	var v fielderr.Error
	in.Body = CleanBody(in.Body)
	if v.Required("body", in.Body) {
		v.MaxLen("body", in.Body, maxBody)
	}
	if err := v.OrNil(); err != nil {
		return Comment{}, err
	}
	if in.UserID == 0 {
		return Comment{}, errors.New("staff reply without a user")
	}
	now := s.clock()
	var out Comment
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		parent, err := byID(ctx, tx, in.ParentID)
		if err != nil {
			return err
		}
		if parent.Status != Approved {
			return ErrParent
		}
		top := parent.ID
		if parent.ParentID != 0 {
			top = parent.ParentID
		}
		id, err := tx.InsertID(ctx, `INSERT INTO comments (story_id, lang, parent_id, author_name, author_email, body, status,
			staff_user_id, post_key, created_at, moderated_at, moderated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			parent.StoryID, string(parent.Lang), top, cleanLine(in.Name), strings.ToLower(strings.TrimSpace(in.Email)), in.Body,
			string(Approved), in.UserID, "staff:"+NewFormKey(), now, now, in.UserID)
		if err != nil {
			return fmt.Errorf("store staff reply: %w", err)
		}
		out, err = byID(ctx, tx, id)
		tx.Record(Posted{Comment: out})
		return err
	})
	return out, err
}
