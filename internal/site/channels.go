package site

import (
	"context"
	"errors"
	"fmt"

	"github.com/batori-news/batori/internal/channels"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// ChannelPost words story storyID's post to lang's Telegram channel (channels.Compose): the
// headline, the article's canonical address and its share picture, both on the site's one
// origin, as the article page's link preview shows them. ok is false when the edition is not
// published; an unknown origin is an error, so the post waits for it.
func (s *Server) ChannelPost(ctx context.Context, storyID int64, lang locale.Lang) (channels.Message, bool, error) {
	origin := s.origin.Get(ctx)
	if origin == "" {
		return channels.Message{}, false, errors.New("the site's public address is not known yet")
	}
	a, err := s.news.PublishedArticle(ctx, storyID, lang)
	if errors.Is(err, news.ErrNotFound) {
		return channels.Message{}, false, nil
	} else if err != nil {
		return channels.Message{}, false, fmt.Errorf("read story %d (%s): %w", storyID, lang, err)
	}
	m := channels.Message{
		Headline: a.Headline,
		URL:      origin + storyURL(lang, a.StoryID, a.Slug),
		LinkText: locale.New(lang, nil, "").T("channel_read_story"),
	}
	if a.Image != nil {
		m.PhotoURL = origin + shareImage(*a.Image, s.variantsOf(ctx, a.Image.MediaID)).URL()
	}
	return m, true, nil
}
