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
