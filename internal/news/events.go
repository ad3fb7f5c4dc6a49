package news

import (
	"context"
	"fmt"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// The events the store records in the transaction of a change readers can see (db.Tx.Record);
// the application turns them into page-cache invalidations.

// Listing says where a story's edition can show to readers: its article pages and every list
// of its language that may carry its card.
type Listing struct {
	StoryID int64
	// Lang is the edition's language; empty when the change concerns every edition (the
	// story's section or tags).
	Lang      locale.Lang
	SectionID int64
	TagIDs    []int64
	AuthorIDs []int64
}

// StoryPublished is recorded when an edition goes live, by hand or on its schedule.
type StoryPublished struct{ Listing }

// StoryWithdrawn is recorded when a live edition is taken off the site.
type StoryWithdrawn struct{ Listing }

// EditionChanged is recorded when a live edition's words, picture, section, tags or lead flag
// change.
type EditionChanged struct{ Listing }

// SectionsChanged is recorded when a section is added, renamed or moved: every page's menu
// changes.
type SectionsChanged struct{}

// EditionWritten is recorded whenever an edition's words, bylines or state change, or its
// story's section or tags, whatever the state: unlike the events above it covers drafts, which
// the newsroom's search follows. Lang is empty when every edition of the story is concerned.
type EditionWritten struct {
	StoryID int64
	Lang    locale.Lang
}

// MachineTranslated is recorded when a machine translation of a story's edition is finished or
// has failed.
type MachineTranslated struct {
	StoryID int64
	Lang    locale.Lang
}

// listing reads where story storyID's edition in lang (every edition when lang is empty) shows.
func listing(ctx context.Context, tx *db.Tx, storyID int64, lang locale.Lang) (Listing, error) {
	l := Listing{StoryID: storyID, Lang: lang}
	if err := tx.QueryRow(ctx, "SELECT section_id FROM stories WHERE id = ?", storyID).Scan(&l.SectionID); err != nil {
		return l, fmt.Errorf("read story %d: %w", storyID, err)
	}
	var err error
	if l.TagIDs, err = db.IDs(ctx, tx, "SELECT tag_id FROM story_tags WHERE story_id = ? ORDER BY tag_id", storyID); err != nil {
		return l, err
	}
	q := "SELECT DISTINCT ea.author_id FROM edition_authors ea JOIN editions e ON e.id = ea.edition_id WHERE e.story_id = ?"
	args := []any{storyID}
	if lang != "" {
		q += " AND e.lang = ?"
		args = append(args, string(lang))
	}
	l.AuthorIDs, err = db.IDs(ctx, tx, q+" ORDER BY ea.author_id", args...)
	return l, err
}

// recordLive records ev (built from the listing) for the edition editionID when it is live.
func recordLive(ctx context.Context, tx *db.Tx, editionID int64, ev func(Listing) any) error {
	var storyID int64
	var lang string
	var st Status
	if err := tx.QueryRow(ctx, "SELECT story_id, lang, status FROM editions WHERE id = ?", editionID).Scan(&storyID, &lang, &st); err != nil {
		return fmt.Errorf("read edition %d: %w", editionID, err)
	}
	if st != Published {
		return nil
	}
	return record(ctx, tx, storyID, locale.Lang(lang), ev)
}

// record records ev for story storyID's edition in lang, whatever its state.
func record(ctx context.Context, tx *db.Tx, storyID int64, lang locale.Lang, ev func(Listing) any) error {
	l, err := listing(ctx, tx, storyID, lang)
	if err != nil {
		return err
	}
	tx.Record(ev(l))
	return nil
}

// recordWritten records EditionWritten for the edition editionID.
func recordWritten(ctx context.Context, tx *db.Tx, editionID int64) error {
	var storyID int64
	var lang string
	if err := tx.QueryRow(ctx, "SELECT story_id, lang FROM editions WHERE id = ?", editionID).Scan(&storyID, &lang); err != nil {
		return fmt.Errorf("read edition %d: %w", editionID, err)
	}
	tx.Record(EditionWritten{StoryID: storyID, Lang: locale.Lang(lang)})
	return nil
}

func published(l Listing) any { return StoryPublished{l} }
func withdrawn(l Listing) any { return StoryWithdrawn{l} }
func changed(l Listing) any   { return EditionChanged{l} }
