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
