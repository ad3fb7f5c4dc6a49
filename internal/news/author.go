package news

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// Author is a byline: a reporter's public profile.
type Author struct {
	ID    int64
	Slug  string
	Name  Names
	Bio   Names
	Photo *Photo
}

// Photo is an image stored in the media library, as pages need it.
type Photo struct {
	MediaID int64
	Key     string
	Width   int
	Height  int
}

// URL is the path the photo is served at.
func (p Photo) URL() string { return "/media/" + p.Key }

// AuthorInput is what an editor gives to create an author profile.
type AuthorInput struct {
	Slug    string
	Name    Names
	Bio     Names
	PhotoID int64
}

// CreateAuthor adds an author profile.
func (s *Store) CreateAuthor(ctx context.Context, in AuthorInput) (Author, error) {
	var v fielderr.Error
	if !validSlug(in.Slug) {
		v.Add("slug", fielderr.InvalidSlug)
	}
	if strings.TrimSpace(in.Name.EN) == "" {
		v.Add("name_en", fielderr.Required)
	}
	if err := v.OrNil(); err != nil {
		return Author{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		id, err = tx.InsertID(ctx, "INSERT INTO authors (slug, name_en, name_as, bio_en, bio_as, photo_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			in.Slug, strings.TrimSpace(in.Name.EN), locale.Normalize(strings.TrimSpace(in.Name.AS)),
			strings.TrimSpace(in.Bio.EN), locale.Normalize(strings.TrimSpace(in.Bio.AS)), nullID(in.PhotoID), s.clock())
		return err
	})
	if err != nil {
		return Author{}, fmt.Errorf("create author %s: %w", in.Slug, err)
	}
	return s.author(ctx, "a.id = ?", id)
}

// AuthorBySlug returns the author with slug.
func (s *Store) AuthorBySlug(ctx context.Context, slug string) (Author, error) {
	return s.author(ctx, "a.slug = ?", slug)
}

func (s *Store) author(ctx context.Context, where string, arg any) (Author, error) {
	var a Author
	var key sql.NullString
	var w, h sql.NullInt64
	var photoID sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT a.id, a.slug, a.name_en, a.name_as, a.bio_en, a.bio_as, a.photo_id, m.storage_key, m.width, m.height
		FROM authors a LEFT JOIN media m ON m.id = a.photo_id WHERE `+where, arg).
		Scan(&a.ID, &a.Slug, &a.Name.EN, &a.Name.AS, &a.Bio.EN, &a.Bio.AS, &photoID, &key, &w, &h)
	if errors.Is(err, db.ErrNoRows) {
		return Author{}, ErrNotFound
	}
	if err != nil {
		return Author{}, err
	}
	if key.Valid {
		a.Photo = &Photo{MediaID: photoID.Int64, Key: key.String, Width: int(w.Int64), Height: int(h.Int64)}
	}
	return a, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// AuthorForUser returns the author profile of a newsroom account, creating one named after the
// account when it has none, inside the caller's transaction: every reporter has a byline.
func (s *Store) AuthorForUser(ctx context.Context, tx *db.Tx, userID int64, name string) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM authors WHERE user_id = ?", userID).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, db.ErrNoRows) {
		return 0, err
	}
	base := locale.Slug(name, 60)
	if base == "" || !validSlug(base) {
		base = "reporter"
	}
	slug := base
	for n := 2; ; n++ {
		var taken int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM authors WHERE slug = ?", slug).Scan(&taken); err != nil {
			return 0, err
		}
		if taken == 0 {
			break
		}
		slug = fmt.Sprintf("%s-%d", base, n)
	}
	name = strings.TrimSpace(name)
	return tx.InsertID(ctx, "INSERT INTO authors (slug, name_en, name_as, user_id, created_at) VALUES (?, ?, ?, ?, ?)",
		slug, name, "", userID, s.clock())
}

// AuthorChanged is recorded when an author's names, biography or photo change: bylines
// and author pages everywhere show them.
type AuthorChanged struct{ AuthorID int64 }

// Author profile limits: a byline's name and the biography on the author's page.
const (
	MaxAuthorName = 120
	MaxAuthorBio  = 2000
)

// UserAuthor returns the author profile of a newsroom account, or ErrNotFound while it has
// none (it gets one with its first story or profile change).
func (s *Store) UserAuthor(ctx context.Context, userID int64) (Author, error) {
	return s.author(ctx, "a.user_id = ?", userID)
}

// SaveUserAuthor sets the names and biography, in both languages, of the byline of a
// newsroom account, making the profile if the account has none yet. The English name is
// required; the Assamese name and either biography may be empty (pages then fall back to
// the English name and show no biography).
func (s *Store) SaveUserAuthor(ctx context.Context, userID int64, name, bio Names) (Author, error) {
	name = Names{EN: strings.TrimSpace(name.EN), AS: locale.Normalize(strings.TrimSpace(name.AS))}
	bio = Names{EN: strings.TrimSpace(bio.EN), AS: locale.Normalize(strings.TrimSpace(bio.AS))}
	var v fielderr.Error
	if v.Required("name_en", name.EN) {
		v.MaxLen("name_en", name.EN, MaxAuthorName)
	}
	v.MaxLen("name_as", name.AS, MaxAuthorName)
	v.MaxLen("bio_en", bio.EN, MaxAuthorBio)
	v.MaxLen("bio_as", bio.AS, MaxAuthorBio)
	if err := v.OrNil(); err != nil {
		return Author{}, err
	}
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		if id, err = s.AuthorForUser(ctx, tx, userID, name.EN); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE authors SET name_en = ?, name_as = ?, bio_en = ?, bio_as = ? WHERE id = ?",
			name.EN, name.AS, bio.EN, bio.AS, id); err != nil {
			return err
		}
		tx.Record(AuthorChanged{AuthorID: id})
		return nil
	})
	if err != nil {
		return Author{}, fmt.Errorf("save author of user %d: %w", userID, err)
	}
	return s.author(ctx, "a.id = ?", id)
}
