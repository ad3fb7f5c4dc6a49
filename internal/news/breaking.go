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
// breaking.<lang> as "<story id> <expiry in Unix seconds, 0 until removed> <id of the editor
// who set it> <when, in Unix seconds>" (banners set before the last two fields have only the
// first two). Setting, removing and expiry each leave an audit row: breaking,
// breaking_removed, breaking_expired.

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
	// SetBy is the editor who put it up (0 when unknown), SetByName their name, SetAt when.
	SetBy     int64
	SetByName string
	SetAt     time.Time
}

func bannerKey(lang locale.Lang) string { return "breaking." + string(lang) }

// bannerValue is a banner as stored.
type bannerValue struct {
	storyID int64
	until   time.Time
	setBy   int64
	setAt   time.Time
}

func parseBanner(v string) (b bannerValue, ok bool) {
	f := strings.Fields(v)
	if len(f) != 2 && len(f) != 4 {
		return b, false
	}
	n := make([]int64, len(f))
	for i, s := range f {
		var err error
		if n[i], err = strconv.ParseInt(s, 10, 64); err != nil {
			return b, false
		}
	}
	b.storyID = n[0]
	if n[1] != 0 {
		b.until = time.Unix(n[1], 0).UTC()
	}
	if len(n) == 4 {
		b.setBy = n[2]
		if n[3] != 0 {
			b.setAt = time.Unix(n[3], 0).UTC()
		}
	}
	return b, true
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
		v := fmt.Sprintf("%d %d %d %d", storyID, until, a.UserID, now.Unix())
		if err := settings.In(tx).Set(ctx, bannerKey(locale.Lang(lang)), v); err != nil {
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
	now := s.clock()
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		b, dropped, err := dropBanner(ctx, tx, lang, func(bannerValue) bool { return true })
		if err != nil || !dropped {
			return err
		}
		return audit(ctx, tx, a.UserID, "breaking_removed", b.storyID, 0, string(lang), now)
	})
}

// dropBanner removes lang's banner when drop says so, recording BannerChanged; it returns the
// banner and whether it was removed.
func dropBanner(ctx context.Context, tx *db.Tx, lang locale.Lang, drop func(bannerValue) bool) (bannerValue, bool, error) {
	st := settings.In(tx)
	v, ok, err := st.Get(ctx, bannerKey(lang))
	if err != nil || !ok {
		return bannerValue{}, false, err
	}
	b, valid := parseBanner(v)
	if valid && !drop(b) {
		return b, false, nil
	}
	if err := st.Delete(ctx, bannerKey(lang)); err != nil {
		return b, false, err
	}
	tx.Record(BannerChanged{Lang: lang})
	return b, true, nil
}

// unbreak removes lang's banner when it announces storyID: a story taken off the site (the
// withdrawal's own audit row says why).
func unbreak(ctx context.Context, tx *db.Tx, storyID int64, lang locale.Lang) error {
	_, _, err := dropBanner(ctx, tx, lang, func(b bannerValue) bool { return b.storyID == storyID })
	return err
}

// ExpireBanners removes the banners whose time is up, so that the pages showing them are
// dropped from the page cache (BannerChanged). A periodic task runs it.
func (s *Store) ExpireBanners(ctx context.Context) error {
	now := s.clock()
	for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
		err := s.db.InTx(ctx, func(tx *db.Tx) error {
			b, dropped, err := dropBanner(ctx, tx, lang, func(b bannerValue) bool { return !b.until.IsZero() && !now.Before(b.until) })
			if err != nil || !dropped || b.storyID == 0 {
				return err
			}
			// No one removed it: the audit row has no user, and says which language's banner ran out.
			return audit(ctx, tx, 0, "breaking_expired", b.storyID, 0, string(lang), now)
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
	bv, valid := parseBanner(v)
	if !valid || (!bv.until.IsZero() && !s.clock().Before(bv.until)) {
		return nil, nil
	}
	b := Banner{StoryID: bv.storyID, Lang: lang, Until: bv.until, SetBy: bv.setBy, SetAt: bv.setAt}
	err = s.db.QueryRow(ctx, `SELECT e.headline, e.slug, COALESCE(u.name, '') FROM editions e LEFT JOIN users u ON u.id = ?
		WHERE e.story_id = ? AND e.lang = ? AND e.status = ?`,
		bv.setBy, bv.storyID, string(lang), Published).Scan(&b.Headline, &b.Slug, &b.SetByName)
	if errors.Is(err, db.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return &b, nil
}
