package newsroom

import (
	"context"

	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/views"
)

// viewTallies reads how often readers opened the listed editions, for the story list. Counts
// are a help to the desk, not its work: when they cannot be read the list goes without them.
func (s *Server) viewTallies(ctx context.Context, items []news.DeskItem) map[views.Edition]views.Tally {
	if s.views == nil || len(items) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(items))
	for _, it := range items {
		ids = append(ids, it.StoryID)
	}
	m, err := s.views.Tallies(ctx, ids, s.now())
	if err != nil {
		s.log.Error("view counts", "err", err)
		return nil
	}
	return m
}

// editionViews is the views of the edition an editor page shows, nil for an edition readers
// have never had (never published) or when counts cannot be read.
func (s *Server) editionViews(ctx context.Context, st editorState) *views.Tally {
	if s.views == nil || !st.exists || st.edition.Status != news.Published && st.edition.Status != news.Unpublished {
		return nil
	}
	m, err := s.views.Tallies(ctx, []int64{st.storyID}, s.now())
	if err != nil {
		s.log.Error("view counts", "err", err)
		return nil
	}
	t := m[views.Edition{StoryID: st.storyID, Lang: st.lang}]
	return &t
}
