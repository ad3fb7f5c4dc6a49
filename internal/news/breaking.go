package news

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/settings"
)

// The breaking banner: at most one story per language, kept in the settings store under
// breaking.<lang> as "<story id> <expiry in Unix seconds, 0 until removed>".

// BannerChanged is recorded when the breaking banner of Lang is set, removed or expires:
// every reader page of that language shows it.
type BannerChanged struct{ Lang locale.Lang }

// Banner is the story a language's reader pages announce as breaking.
type Banner struct {
	StoryID  int64
	Lang     locale.Lang
	Headline string
	Slug     string
	// Until is when the banner goes; zero until an editor removes it.
	Until time.Time
}

func bannerKey(lang locale.Lang) string { return "breaking." + string(lang) }

func parseBanner(v string) (storyID int64, until time.Time, ok bool) {
	id, u, found := strings.Cut(v, " ")
	if !found {
		return 0, time.Time{}, false
	}
	storyID, err1 := strconv.ParseInt(id, 10, 64)
	secs, err2 := strconv.ParseInt(u, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, time.Time{}, false
	}
	if secs != 0 {
		until = time.Unix(secs, 0).UTC()
	}
	return storyID, until, true
}

// SetBreaking puts the published edition editionID in its language's breaking banner for d
// (0: until removed), replacing any banner there. Only editors (and admins) may.
func (s *Store) SetBreaking(ctx context.Context, a Actor, editionID int64, d time.Duration) error {
	if !a.Editor {
		return ErrForbidden
	}
	if d < 0 {
		return ErrInvalidState
	}
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var storyID int64
		var lang string
		var st Status
		err := tx.QueryRow(ctx, "SELECT story_id, lang, status FROM editions WHERE id = ?", editionID).Scan(&storyID, &lang, &st)
		if errors.Is(err, db.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		if st != Published {
			return ErrInvalidState
		}
		var until int64
		if d > 0 {
			until = now.Add(d).Unix()
		}
		if err := settings.In(tx).Set(ctx, bannerKey(locale.Lang(lang)), fmt.Sprintf("%d %d", storyID, until)); err != nil {
			return err
		}
		tx.Record(BannerChanged{Lang: locale.Lang(lang)})
		return audit(ctx, tx, a.UserID, "breaking", storyID, editionID, "", now)
	})
}

// ClearBreaking removes lang's breaking banner. Only editors (and admins) may.
func (s *Store) ClearBreaking(ctx context.Context, a Actor, lang locale.Lang) error {
	if !a.Editor {
		return ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		return dropBanner(ctx, tx, lang, func(int64, time.Time) bool { return true })
	})
}

// dropBanner removes lang's banner when drop says so, recording BannerChanged.
func dropBanner(ctx context.Context, tx *db.Tx, lang locale.Lang, drop func(storyID int64, until time.Time) bool) error {
	st := settings.In(tx)
	v, ok, err := st.Get(ctx, bannerKey(lang))
	if err != nil || !ok {
		return err
	}
	id, until, valid := parseBanner(v)
	if valid && !drop(id, until) {
		return nil
	}
	if err := st.Delete(ctx, bannerKey(lang)); err != nil {
		return err
	}
	tx.Record(BannerChanged{Lang: lang})
	return nil
}

// unbreak removes lang's banner when it announces storyID: a story taken off the site.
func unbreak(ctx context.Context, tx *db.Tx, storyID int64, lang locale.Lang) error {
	return dropBanner(ctx, tx, lang, func(id int64, _ time.Time) bool { return id == storyID })
}

// ExpireBanners removes the banners whose time is up, so that the pages showing them are
// dropped from the page cache (BannerChanged). A periodic task runs it.
func (s *Store) ExpireBanners(ctx context.Context) error {
	now := s.clock()
	for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			return dropBanner(ctx, tx, lang, func(_ int64, until time.Time) bool { return !until.IsZero() && !now.Before(until) })
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// BannerIn returns lang's breaking banner, or nil when there is none, it has expired or its
// edition is no longer published.
func (s *Store) BannerIn(ctx context.Context, lang locale.Lang) (*Banner, error) {
	v, ok, err := settings.NewStore(s.db).Get(ctx, bannerKey(lang))
	if err != nil || !ok {
		return nil, err
	}
	id, until, valid := parseBanner(v)
	if !valid || (!until.IsZero() && !s.clock().Before(until)) {
		return nil, nil
	}
	b := Banner{StoryID: id, Lang: lang, Until: until}
	err = s.db.QueryRow(ctx, "SELECT headline, slug FROM editions WHERE story_id = ? AND lang = ? AND status = ?",
		id, string(lang), Published).Scan(&b.Headline, &b.Slug)
	if errors.Is(err, db.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return &b, nil
}
