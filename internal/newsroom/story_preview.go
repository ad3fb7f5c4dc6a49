package newsroom

import (
	"context"
	"net/http"
	"slices"

	"github.com/batori-news/batori/internal/news"
)

// PreviewBanner is the notice a preview carries above the article page, so nobody mistakes
// it for the published article.
type PreviewBanner struct {
	// Lang is the language of the banner's words (the newsroom user's), which may differ
	// from the article's.
	Lang string
	// Text says it is a preview ("Preview — readers cannot see this yet").
	Text string
	// BackURL and BackLabel link back to the editor.
	BackURL   string
	BackLabel string
}

// PreviewFunc writes a, an edition readers cannot see yet, as the reader site's article page
// under banner. The newsroom declares what it needs and the app hands it the site's page, so
// the staff side never depends on the reader side.
type PreviewFunc func(w http.ResponseWriter, r *http.Request, a news.Article, banner PreviewBanner) error

// previewStory shows the saved edition as readers will see its article page, under a banner
// saying it is a preview. Reporters preview their own stories, editors any.
func (s *Server) previewStory(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadEditor(r)
	if err != nil {
		return err
	}
	if !st.exists {
		return errNotFound
	}
	a, err := s.articleOf(r.Context(), st)
	if err != nil {
		return err
	}
	l := s.deskLocale(w, r)
	return s.preview(w, r, a, PreviewBanner{
		Lang: l.HTMLLang(), Text: l.T("desk_preview_banner"),
		BackURL: editionURL(st.storyID, st.lang), BackLabel: l.T("desk_preview_back"),
	})
}

// articleOf is the edition of st as the reader site's article page takes it.
func (s *Server) articleOf(ctx context.Context, st editorState) (news.Article, error) {
	e := st.edition
	a := news.Article{
		Teaser: news.Teaser{
			EditionID: e.ID, StoryID: e.StoryID, Lang: e.Lang, Slug: e.Slug, Headline: e.Headline,
			Standfirst: e.Standfirst, Image: e.Image, Featured: st.meta.Featured,
			PublishedAt: e.PublishedAt, UpdatedAt: e.UpdatedAt,
		},
		Body: e.Body, Revision: e.Revision,
	}
	sections, err := s.news.Sections(ctx)
	if err != nil {
		return a, err
	}
	for _, sec := range sections {
		if sec.ID == st.meta.SectionID {
			a.Section = sec
		}
	}
	authors, err := s.news.Authors(ctx)
	if err != nil {
		return a, err
	}
	for _, id := range e.AuthorIDs {
		for _, au := range authors {
			if au.ID == id {
				a.Authors = append(a.Authors, au)
			}
		}
	}
	if a.Tags, err = s.news.StoryTags(ctx, e.StoryID); err != nil {
		return a, err
	}
	if a.Editions, err = s.news.PublishedLangs(ctx, e.StoryID); err != nil {
		return a, err
	}
	// The correction note is only read with the published article.
	if e.Status == news.Published {
		if pub, err := s.news.PublishedArticle(ctx, e.StoryID, e.Lang); err == nil {
			a.CorrectionNote, a.CorrectionAt = pub.CorrectionNote, pub.CorrectionAt
		}
	}
	if !slices.Contains(a.Editions, e.Lang) {
		a.Editions = append(a.Editions, e.Lang)
	}
	return a, nil
}
