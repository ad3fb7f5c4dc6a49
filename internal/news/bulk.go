package news

import (
	"context"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// BulkStory is a published story for BulkInsert: the synthetic newspaper of `batori seed`.
type BulkStory struct {
	SectionID int64
	Featured  bool
	TagIDs    []int64
	Editions  []BulkEdition
}

// BulkEdition is one published edition of a BulkStory. Its words are stored as given: they
// must be NFC text and HTML the sanitiser keeps (the seed makes them from its own word lists).
type BulkEdition struct {
	Lang                                locale.Lang
	Headline, Standfirst, Body          string
	ImageID                             int64
	ImageAlt, ImageCaption, ImageCredit string
	AuthorIDs                           []int64
	PublishedAt                         time.Time
}

// BulkInsert writes stories, each edition published with its first revision, in one
// transaction of a few multi-row statements, and returns the new stories' ids in order. It
// records no events: it is for loading a site before it serves (pages cached elsewhere are
// not told), at thousands of stories a second where SaveEdition and Publish manage dozens.
func (s *Store) BulkInsert(ctx context.Context, stories []BulkStory) ([]int64, error) {
	var ids []int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		var err error
		ids, err = tx.ReserveIDs(ctx, "stories", len(stories))
		if err != nil {
			return err
		}
		n := 0
		for _, st := range stories {
			n += len(st.Editions)
		}
		edIDs, err := tx.ReserveIDs(ctx, "editions", n)
		if err != nil {
			return err
		}
		var storyRows, tagRows, edRows, authorRows, revRows []any
		k := 0
		for i, st := range stories {
			created := st.Editions[0].PublishedAt
			for _, e := range st.Editions {
				created = minTime(created, e.PublishedAt)
			}
			created = created.UTC().Truncate(time.Microsecond)
			storyRows = append(storyRows, ids[i], st.SectionID, st.Featured, created)
			for _, t := range st.TagIDs {
				tagRows = append(tagRows, ids[i], t)
			}
			for _, e := range st.Editions {
				at := e.PublishedAt.UTC().Truncate(time.Microsecond)
				slug := locale.Slug(e.Headline, slugRunes)
				if slug == "" {
					slug = "story"
				}
				edRows = append(edRows, edIDs[k], ids[i], string(e.Lang), slug, e.Headline, e.Standfirst, e.Body, Published,
					nullID(e.ImageID), e.ImageAlt, e.ImageCaption, e.ImageCredit, 1, at, at, at)
				for pos, a := range e.AuthorIDs {
					authorRows = append(authorRows, edIDs[k], a, pos)
				}
				revRows = append(revRows, edIDs[k], 1, e.Headline, e.Standfirst, e.Body, at)
				k++
			}
		}
		for _, ins := range []struct {
			table string
			cols  []string
			rows  []any
		}{
			{"stories", []string{"id", "section_id", "featured", "created_at"}, storyRows},
			{"story_tags", []string{"story_id", "tag_id"}, tagRows},
			{"editions", []string{"id", "story_id", "lang", "slug", "headline", "standfirst", "body", "status",
				"image_id", "image_alt", "image_caption", "image_credit", "revision", "published_at", "modified_at", "created_at"}, edRows},
			{"edition_authors", []string{"edition_id", "author_id", "position"}, authorRows},
			{"revisions", []string{"edition_id", "number", "headline", "standfirst", "body", "created_at"}, revRows},
		} {
			if err := tx.InsertRows(ctx, ins.table, ins.cols, ins.rows); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bulk insert stories: %w", err)
	}
	return ids, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}
