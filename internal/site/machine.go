package site

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strconv"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/web"
)

// MachineDeps is what the reader site needs of machine translation.
type MachineDeps struct {
	// Enabled reports whether a translation provider is configured now: English stories
	// without an Assamese edition then offer "Translate in Assamese".
	Enabled func(ctx context.Context) bool
}

// machineNote is the label on a machine-translated article, with the way back to the original.
type machineNote struct {
	Label         string
	Text          string
	OriginalURL   string
	OriginalLabel string
}

// machinePage is the data of pages/machine.html: a machine translation being made, or one
// that failed, with the English text.
type machinePage struct {
	web.Page
	// Failed is set when the provider could not translate; the page then shows the English.
	Failed      bool
	RefreshURL  string
	OriginalURL string
	// Headline, Standfirst and Body are the English original.
	Headline   string
	Standfirst string
	Body       template.HTML
}

// machineURL is where readers get the machine translation of an English story.
func machineURL(storyID int64, englishSlug string) string {
	return storyURL(locale.Assamese, storyID, englishSlug) + "/machine"
}

// machineTranslation shows the Assamese machine translation of an English story's current
// revision: once a person's Assamese edition is published readers go there instead; while
// the translation is being made a page that refreshes itself; when it failed, a message and
// the English text. Each revision is translated once, by the background worker.
func (s *Server) machineTranslation(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	pagecache.Tag(w, StoryTag(id))
	human, err := s.news.PublishedArticle(ctx, id, locale.Assamese)
	switch {
	case err == nil:
		http.Redirect(w, r, storyURL(locale.Assamese, id, human.Slug), http.StatusFound)
		return nil
	case !errors.Is(err, news.ErrNotFound):
		return err
	}
	if !s.machineOn(r.Context()) {
		return errNotFound
	}
	en, err := s.news.PublishedArticle(ctx, id, locale.English)
	if err != nil {
		return err
	}
	if r.PathValue("slug") != en.Slug {
		http.Redirect(w, r, machineURL(id, en.Slug), http.StatusMovedPermanently)
		return nil
	}
	job, err := s.news.MachineJob(ctx, en.EditionID, en.Revision, locale.Assamese)
	if errors.Is(err, news.ErrNotFound) || err == nil && job.Status == news.JobFailed {
		// Every reader of a revision shares one job; a failed one is retried after a while.
		job, err = s.news.EnqueueMachine(ctx, en.EditionID, en.Revision, locale.Assamese)
	}
	if err != nil {
		return err
	}
	if job.Status == news.JobDone {
		return s.machineArticle(w, r, en, job)
	}
	// A failed job the worker will try again by itself keeps the reader waiting.
	return s.machineWaiting(w, r, en, job.Status == news.JobFailed && !job.Retrying())
}

// machineArticle renders the translation with the reader's own article page, labelled, in
// Assamese, kept out of search engines and pointing them at the English original.
func (s *Server) machineArticle(w http.ResponseWriter, r *http.Request, en news.Article, job news.Job) error {
	a := en
	a.Lang = locale.Assamese
	a.Headline, a.Standfirst, a.Body = job.Headline, job.Standfirst, job.Body
	a.Editions = []locale.Lang{locale.English}
	a.CorrectionNote = ""
	data, err := s.articleData(w, r, a)
	if err != nil {
		return err
	}
	original := storyURL(locale.English, en.StoryID, en.Slug)
	data.Canonical = s.absolute(r, original)
	data.Alternates = nil
	data.NoIndex = true
	// Search engines are pointed at the English original; the translation describes nothing.
	data.StructuredData = nil
	// The English edition's live blog is not translated by machine.
	data.Live = nil
	data.A.ShareURL = s.absolute(r, machineURL(en.StoryID, en.Slug))
	data.A.Share = shareLinks(data.L, data.A.ShareURL, a.Headline)
	data.A.Machine = &machineNote{
		Label: data.L.T("ed_machine_label"), Text: data.L.T("ed_machine_notice"),
		OriginalURL: original, OriginalLabel: data.L.T("ed_machine_original"),
	}
	w.Header().Set("X-Robots-Tag", "noindex")
	return s.templates.Render(w, http.StatusOK, "article", data)
}

// machineWaiting is the page while the translation is made (it refreshes itself, without
// JavaScript) or after it failed (with the English text); neither may be cached.
func (s *Server) machineWaiting(w http.ResponseWriter, r *http.Request, en news.Article, failed bool) error {
	p, err := s.page(w, r, locale.Assamese)
	if err != nil {
		return err
	}
	original := storyURL(locale.English, en.StoryID, en.Slug)
	data := machinePage{
		Page: p, Failed: failed, RefreshURL: machineURL(en.StoryID, en.Slug), OriginalURL: original,
		Headline: en.Headline, Standfirst: en.Standfirst,
	}
	data.Title = p.L.T("ed_machine_progress_title")
	if failed {
		data.Title = p.L.T("ed_machine_failed_title")
		data.Body = template.HTML(s.sanitizer.Body(en.Body))
	}
	data.Canonical = s.absolute(r, original)
	data.NoIndex = true
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	return s.templates.Render(w, http.StatusOK, "machine", data)
}

// machineOn reports whether readers may ask for machine translations now.
func (s *Server) machineOn(ctx context.Context) bool {
	return s.machine.Enabled != nil && s.machine.Enabled(ctx)
}
