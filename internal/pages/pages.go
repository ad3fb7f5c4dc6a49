// Package pages holds the paper's static pages (About us, Privacy policy, Terms, Advertise
// with us and any others an admin makes): one page with an edition per language, linked as a
// story's editions are, each saved as revisions; and the footer menu that links to them. It
// owns its SQL.
package pages

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/settings"
)

// ErrNotFound is returned for a page or edition that does not exist (or, for readers, is not
// published).
var ErrNotFound = news.ErrNotFound

// ErrConflict is returned when an edition was saved by someone else since the caller loaded it.
var ErrConflict = news.ErrConflict

// Status is an edition's state: a draft, or published on the reader site.
type Status string

// The states of a page edition.
const (
	Draft     Status = "draft"
	Published Status = "published"
)

// menuKey is the setting holding the footer menu: page ids in order, comma-separated.
const menuKey = "menu.footer"

// Store reads and writes static pages.
type Store struct {
	db  *db.DB
	san *news.Sanitizer
	now func() time.Time
}

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d, san: news.NewSanitizer(), now: time.Now} }

// WithClock returns a copy of the store that takes the time from now.
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Edition is one language version of a page.
type Edition struct {
	ID          int64
	PageID      int64
	Lang        locale.Lang
	Slug        string
	Title       string
	Body        string
	Status      Status
	Revision    int
	PublishedAt time.Time // zero until first published
	UpdatedAt   time.Time // zero until a published edition's words change
	ModifiedAt  time.Time
}

// Input is one save of an edition.
type Input struct {
	// PageID is the page; 0 makes a new page.
	PageID int64
	Lang   locale.Lang
	// Slug is the page's address (/page/{slug}); derived from the title when empty.
	Slug  string
	Title string
	Body  string
	// Status is the edition's state after the save.
	Status Status
	// BaseRevision is the revision the writer started from: 0 for a new edition.
	BaseRevision int
	// UserID is the account saving (0 for the system: the demo loader, an import).
	UserID int64
	// At dates a first publication (an import keeps the original date); zero is now.
	At time.Time
}

const (
	maxTitle  = 200
	maxBody   = 500_000
	slugRunes = 80
)

func (in *Input) clean(san *news.Sanitizer) error {
	var v fielderr.Error
	if _, ok := locale.ParseLang(string(in.Lang)); !ok {
		v.Add("lang", fielderr.NotAllowed)
	}
	if in.Status != Draft && in.Status != Published {
		v.Add("status", fielderr.NotAllowed)
	}
	in.Title = locale.Normalize(strings.Join(strings.Fields(in.Title), " "))
	in.Body = locale.Normalize(san.Body(in.Body))
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		v.Add("title", fielderr.Required)
	case n > maxTitle:
		v.AddProblem("title", fielderr.Problem{Code: fielderr.TooLong, Max: maxTitle})
	}
	if len(in.Body) > maxBody {
		v.AddProblem("body", fielderr.Problem{Code: fielderr.TooLong, Max: maxBody})
	}
	if strings.TrimSpace(in.Slug) == "" {
		in.Slug = locale.Slug(in.Title, slugRunes)
	} else {
		in.Slug = locale.Slug(in.Slug, slugRunes)
	}
	if in.Slug == "" {
		in.Slug = "page"
	}
	return v.OrNil()
}

// Save creates or updates the edition of in.PageID in in.Lang (making the page when PageID is
// 0), storing a revision, and returns it. A slug used by another page in the language is a
// field error (slug: taken); a save on top of a newer revision fails with ErrConflict.
func (s *Store) Save(ctx context.Context, in Input) (Edition, error) {
	if err := in.clean(s.san); err != nil {
		return Edition{}, err
	}
	now := s.clock()
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = s.saveTx(ctx, tx, in, now)
		return err
	})
	if _, bad := fielderr.As(err); bad || errors.Is(err, ErrConflict) || errors.Is(err, ErrNotFound) {
		return Edition{}, err
	}
	if err != nil {
		return Edition{}, fmt.Errorf("save page: %w", err)
	}
	return s.Edition(ctx, id)
}

func (s *Store) saveTx(ctx context.Context, tx *db.Tx, in Input, now time.Time) (int64, error) {
	if in.PageID == 0 {
		if in.BaseRevision != 0 {
			return 0, ErrConflict
		}
		var err error
		if in.PageID, err = tx.InsertID(ctx, "INSERT INTO pages (created_at) VALUES (?)", now); err != nil {
			return 0, err
		}
	} else {
		var one int
		err := tx.QueryRow(ctx, "SELECT 1 FROM pages WHERE id = ?", in.PageID).Scan(&one)
		if errors.Is(err, db.ErrNoRows) {
			return 0, ErrNotFound
		}
		if err != nil {
			return 0, err
		}
	}
	var other int64
	err := tx.QueryRow(ctx, "SELECT page_id FROM page_editions WHERE lang = ? AND slug = ? AND page_id <> ?", string(in.Lang), in.Slug, in.PageID).Scan(&other)
	if err == nil {
		return 0, fielderr.New("slug", fielderr.Taken)
	}
	if !errors.Is(err, db.ErrNoRows) {
		return 0, err
	}
	var cur struct {
		id          int64
		revision    int
		status      Status
		title, body string
		slug        string
	}
	at := now
	if !in.At.IsZero() {
		at = in.At.UTC().Truncate(time.Microsecond)
	}
	var published any
	if in.Status == Published {
		published = at
	}
	err = tx.QueryRowLocked(ctx, "", "SELECT id, revision, status, title, body, slug FROM page_editions WHERE page_id = ? AND lang = ?",
		in.PageID, string(in.Lang)).Scan(&cur.id, &cur.revision, &cur.status, &cur.title, &cur.body, &cur.slug)
	changed := true
	switch {
	case errors.Is(err, db.ErrNoRows):
		if in.BaseRevision != 0 {
			return 0, ErrConflict
		}
		cur.id, err = tx.InsertID(ctx, `INSERT INTO page_editions (page_id, lang, slug, title, body, status, revision, published_at, modified_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, in.PageID, string(in.Lang), in.Slug, in.Title, in.Body, in.Status, published, now, now)
		if err != nil {
			return 0, err
		}
	case err != nil:
		return 0, err
	default:
		if in.BaseRevision != cur.revision {
			return 0, ErrConflict
		}
		changed = cur.title != in.Title || cur.body != in.Body || cur.slug != in.Slug || cur.status != in.Status
		var updated any
		if cur.status == Published && in.Status == Published && (cur.title != in.Title || cur.body != in.Body) {
			updated = now
		}
		_, err = tx.Exec(ctx, `UPDATE page_editions SET slug = ?, title = ?, body = ?, status = ?, revision = revision + 1,
			published_at = COALESCE(published_at, ?), updated_at = COALESCE(?, updated_at), modified_at = ? WHERE id = ?`,
			in.Slug, in.Title, in.Body, in.Status, published, updated, now, cur.id)
		if err != nil {
			return 0, err
		}
	}
	_, err = tx.Exec(ctx, `INSERT INTO page_revisions (edition_id, number, title, body, user_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		cur.id, cur.revision+1, in.Title, in.Body, nullID(in.UserID), now)
	if err != nil {
		return 0, err
	}
	// Readers see a change only when the edition is or was live.
	if changed && (in.Status == Published || cur.status == Published) {
		inMenu, err := s.inMenu(ctx, settings.In(tx), in.PageID)
		if err != nil {
			return 0, err
		}
		tx.Record(Changed{PageID: in.PageID, Lang: in.Lang, InMenu: inMenu})
	}
	return cur.id, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const selectEdition = `SELECT id, page_id, lang, slug, title, body, status, revision, published_at, updated_at, modified_at FROM page_editions`

func scanEdition(row interface{ Scan(...any) error }) (Edition, error) {
	var e Edition
	var lang, status string
	var published, updated sql.NullTime
	if err := row.Scan(&e.ID, &e.PageID, &lang, &e.Slug, &e.Title, &e.Body, &status, &e.Revision, &published, &updated, &e.ModifiedAt); err != nil {
		if errors.Is(err, db.ErrNoRows) {
			return Edition{}, ErrNotFound
		}
		return Edition{}, err
	}
	e.Lang, e.Status = locale.Lang(lang), Status(status)
	e.PublishedAt, e.UpdatedAt = published.Time, updated.Time
	return e, nil
}

// Edition returns an edition by id, whatever its status.
func (s *Store) Edition(ctx context.Context, id int64) (Edition, error) {
	return scanEdition(s.db.QueryRow(ctx, selectEdition+" WHERE id = ?", id))
}

// EditionOf returns a page's edition in lang, whatever its status.
func (s *Store) EditionOf(ctx context.Context, pageID int64, lang locale.Lang) (Edition, error) {
	return scanEdition(s.db.QueryRow(ctx, selectEdition+" WHERE page_id = ? AND lang = ?", pageID, string(lang)))
}

// Published returns the published edition in lang at slug, and the page's other published
// editions (for the language switch and hreflang).
func (s *Store) Published(ctx context.Context, lang locale.Lang, slug string) (Edition, []Edition, error) {
	e, err := scanEdition(s.db.QueryRow(ctx, selectEdition+" WHERE lang = ? AND slug = ? AND status = ?", string(lang), slug, Published))
	if err != nil {
		return Edition{}, nil, err
	}
	rows, err := s.db.Query(ctx, selectEdition+" WHERE page_id = ? AND lang <> ? AND status = ? ORDER BY lang", e.PageID, string(lang), Published)
	if err != nil {
		return Edition{}, nil, err
	}
	defer rows.Close()
	var others []Edition
	for rows.Next() {
		o, err := scanEdition(rows)
		if err != nil {
			return Edition{}, nil, err
		}
		others = append(others, o)
	}
	return e, others, rows.Err()
}

// Page is one page with its editions, as the newsroom lists it.
type Page struct {
	ID       int64
	Editions map[locale.Lang]Edition
	// MenuPosition is the page's place in the footer menu, from 1; 0 when it is not there.
	MenuPosition int
}

// Title is the page's title in lang, else in the other language.
func (p Page) Title(lang locale.Lang) string {
	if e, ok := p.Editions[lang]; ok {
		return e.Title
	}
	return p.Editions[lang.Other()].Title
}

// List returns every page with its editions, in the order they were made.
func (s *Store) List(ctx context.Context) ([]Page, error) {
	rows, err := s.db.Query(ctx, selectEdition+" ORDER BY page_id, lang")
	if err != nil {
		return nil, fmt.Errorf("list pages: %w", err)
	}
	defer rows.Close()
	var list []Page
	for rows.Next() {
		e, err := scanEdition(rows)
		if err != nil {
			return nil, err
		}
		if len(list) == 0 || list[len(list)-1].ID != e.PageID {
			list = append(list, Page{ID: e.PageID, Editions: map[locale.Lang]Edition{}})
		}
		list[len(list)-1].Editions[e.Lang] = e
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	menu, err := s.menuIDs(ctx, settings.NewStore(s.db))
	if err != nil {
		return nil, err
	}
	for i := range list {
		for j, id := range menu {
			if id == list[i].ID {
				list[i].MenuPosition = j + 1
			}
		}
	}
	return list, nil
}

// Revision is a stored save of an edition.
type Revision struct {
	Number    int
	Title     string
	Body      string
	UserID    int64
	CreatedAt time.Time
}

// Revisions lists an edition's saves, newest first.
func (s *Store) Revisions(ctx context.Context, editionID int64) ([]Revision, error) {
	rows, err := s.db.Query(ctx, `SELECT number, title, body, COALESCE(user_id, 0), created_at
		FROM page_revisions WHERE edition_id = ? ORDER BY number DESC`, editionID)
	if err != nil {
		return nil, fmt.Errorf("page revisions: %w", err)
	}
	defer rows.Close()
	var list []Revision
	for rows.Next() {
		var r Revision
		if err := rows.Scan(&r.Number, &r.Title, &r.Body, &r.UserID, &r.CreatedAt); err != nil {
			return nil, err
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// Link is a footer menu entry: a published page's title and slug in one language.
type Link struct {
	PageID int64
	Title  string
	Slug   string
}

// Menu returns the footer menu in lang: the menu's pages that have a published edition in
// lang, in the menu's order.
func (s *Store) Menu(ctx context.Context, lang locale.Lang) ([]Link, error) {
	ids, err := s.menuIDs(ctx, settings.NewStore(s.db))
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	args := []any{string(lang), Published}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.db.Query(ctx, "SELECT page_id, title, slug FROM page_editions WHERE lang = ? AND status = ? AND page_id IN ("+db.In(len(ids))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("footer menu: %w", err)
	}
	defer rows.Close()
	byID := map[int64]Link{}
	for rows.Next() {
		var l Link
		if err := rows.Scan(&l.PageID, &l.Title, &l.Slug); err != nil {
			return nil, err
		}
		byID[l.PageID] = l
	}
	var out []Link
	for _, id := range ids {
		if l, ok := byID[id]; ok {
			out = append(out, l)
		}
	}
	return out, rows.Err()
}

// getter is what both settings.Store and settings.Tx offer.
type getter interface {
	Get(ctx context.Context, key string) (string, bool, error)
}

func (s *Store) menuIDs(ctx context.Context, g getter) ([]int64, error) {
	v, _, err := g.Get(ctx, menuKey)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, f := range strings.Split(v, ",") {
		if id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

func (s *Store) inMenu(ctx context.Context, g getter, pageID int64) (bool, error) {
	ids, err := s.menuIDs(ctx, g)
	for _, id := range ids {
		if id == pageID {
			return true, err
		}
	}
	return false, err
}

// SetMenu makes the footer menu the pages ids, in order; ids of pages that do not exist are
// a field error (menu: not_found).
func (s *Store) SetMenu(ctx context.Context, ids []int64) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		parts := make([]string, 0, len(ids))
		seen := map[int64]bool{}
		for _, id := range ids {
			if seen[id] {
				continue
			}
			seen[id] = true
			var one int
			err := tx.QueryRow(ctx, "SELECT 1 FROM pages WHERE id = ?", id).Scan(&one)
			if errors.Is(err, db.ErrNoRows) {
				return fielderr.New("menu", fielderr.NotFound)
			}
			if err != nil {
				return err
			}
			parts = append(parts, strconv.FormatInt(id, 10))
		}
		if err := settings.In(tx).Set(ctx, menuKey, strings.Join(parts, ",")); err != nil {
			return err
		}
		tx.Record(MenuChanged{})
		return nil
	})
}
