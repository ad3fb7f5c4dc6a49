package news

import (
	"context"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// PublishedStories returns the published editions in lang of the stories, in the order of
// storyIDs; stories without one are left out.
func (s *Store) PublishedStories(ctx context.Context, lang locale.Lang, storyIDs []int64) ([]Teaser, error) {
	if len(storyIDs) == 0 {
		return nil, nil
	}
	args := []any{string(lang), Published}
	for _, id := range storyIDs {
		args = append(args, id)
	}
	list, err := s.teasers(ctx, teasersWhere("e.lang = ? AND e.status = ? AND e.story_id IN ("+db.In(len(storyIDs))+")"), args...)
	if err != nil {
		return nil, err
	}
	byStory := make(map[int64]Teaser, len(list))
	for _, t := range list {
		byStory[t.StoryID] = t
	}
	out := make([]Teaser, 0, len(list))
	for _, id := range storyIDs {
		if t, ok := byStory[id]; ok {
			out = append(out, t)
			delete(byStory, id)
		}
	}
	return out, nil
}

// Showing is an edition that shows a picture, by its story and language.
type Showing struct {
	StoryID int64
	Lang    locale.Lang
}

// EditionsShowing lists the editions whose picture is one of mediaIDs, so their pages can be
// rendered again once the pictures' responsive copies exist.
func (s *Store) EditionsShowing(ctx context.Context, mediaIDs []int64) ([]Showing, error) {
	if len(mediaIDs) == 0 {
		return nil, nil
	}
	args := make([]any, len(mediaIDs))
	for i, id := range mediaIDs {
		args[i] = id
	}
	rows, err := s.db.Query(ctx, "SELECT story_id, lang FROM editions WHERE image_id IN ("+db.In(len(args))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Showing
	for rows.Next() {
		var sh Showing
		var lang string
		if err := rows.Scan(&sh.StoryID, &lang); err != nil {
			return nil, err
		}
		sh.Lang = locale.Lang(lang)
		out = append(out, sh)
	}
	return out, rows.Err()
}
