package news

import (
	"context"

	"github.com/batori-news/batori/internal/db"
)

// PublishedTeasers returns the published editions among editionIDs as teasers, in the order
// given (a search's ranking); editions not published are left out.
func (s *Store) PublishedTeasers(ctx context.Context, editionIDs []int64) ([]Teaser, error) {
	if len(editionIDs) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(editionIDs)+1)
	for _, id := range editionIDs {
		args = append(args, id)
	}
	args = append(args, Published)
	list, err := s.teasers(ctx, teasersWhere("e.id IN ("+db.In(len(editionIDs))+") AND e.status = ?"), args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Teaser, len(list))
	for _, t := range list {
		byID[t.EditionID] = t
	}
	out := make([]Teaser, 0, len(list))
	for _, id := range editionIDs {
		if t, ok := byID[id]; ok {
			out = append(out, t)
		}
	}
	return out, nil
}
