package newsroom

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// TranslateFunc makes a machine translation of an edition's words from one language to the
// other; the app builds it from the configured provider.
type TranslateFunc func(ctx context.Context, from, to locale.Lang, text news.EditionText) (news.EditionText, error)

// machineDraftTimeout bounds the wait for a provider when an editor starts an edition, well
// inside the server's write timeout; past it the edition starts as a copy to translate by hand.
const machineDraftTimeout = 40 * time.Second

// translationsPage is the data of newsroom/pages/translations.html.
type translationsPage struct {
	page
	Changed      []changedView
	Machine      []translatedView
	Ready        []readyView
	Failed       []failedView
	Untranslated []untranslatedView
	// MachineOn says a provider is configured: starting an edition makes a machine draft.
	MachineOn bool
}

// translatedView is a translated edition in a desk list.
type translatedView struct {
	Headline       string
	Lang           locale.Lang
	LangName       string
	SourceLang     locale.Lang
	SourceLangName string
	SourceHeadline string
	EditURL        string
	ModifiedAt     time.Time
}

// changedView is a translation whose source changed, with what changed.
type changedView struct {
	translatedView
	SourceRevision int
	SourceCurrent  int
	SyncURL        string
	Diff           []diffRun
}

// readyView is a finished machine translation nobody has started an edition from, with the
// edition it was translated from.
type readyView struct {
	Headline       string
	Lang           locale.Lang
	StartURL       string
	JobID          int64
	Made           time.Time
	SourceHeadline string
	SourceLang     locale.Lang
	SourceLangName string
	SourceURL      string
}

// failedView is a machine translation readers asked for that failed for good, with the
// provider's reason and the button that tries it again.
type failedView struct {
	SourceHeadline string
	SourceLang     locale.Lang
	SourceURL      string
	Reason         string
	RetryURL       string
	Failed         time.Time
}

// untranslatedView is a published English story without an Assamese edition.
type untranslatedView struct {
	Headline    string
	EditURL     string
	StartURL    string
	PublishedAt time.Time
}

func (s *Server) translationDesk(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := s.news.TranslationDesk(ctx)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("ed_desk_title")
	data := translationsPage{page: p, MachineOn: s.translate != nil && s.machineOn(r.Context())}
	view := func(t news.TranslatedEdition) translatedView {
		return translatedView{
			Headline: t.Headline, Lang: t.Lang, LangName: p.L.LangName(t.Lang), SourceLang: t.SourceLang, SourceLangName: p.L.LangName(t.SourceLang),
			SourceHeadline: t.SourceHeadline, EditURL: editionURL(t.StoryID, t.Lang), ModifiedAt: t.ModifiedAt,
		}
	}
	for _, t := range d.Changed {
		c := changedView{
			translatedView: view(t), SourceRevision: t.SourceRevision, SourceCurrent: t.SourceCurrent,
			SyncURL: editionURL(t.StoryID, t.Lang) + "/synced",
		}
		then, now, err := s.news.SourceChanges(ctx, t.EditionID)
		switch {
		case err == nil:
			c.Diff = diffRuns(news.DiffWords(then.Text(), now.Text()))
		case !errors.Is(err, news.ErrNotFound):
			return err
		}
		data.Changed = append(data.Changed, c)
	}
	for _, t := range d.Machine {
		data.Machine = append(data.Machine, view(t))
	}
	for _, j := range d.Ready {
		src, err := s.news.Edition(ctx, j.SourceEditionID)
		if err != nil {
			return err
		}
		data.Ready = append(data.Ready, readyView{
			Headline: j.Headline, Lang: j.TargetLang, JobID: j.ID, Made: j.UpdatedAt,
			StartURL:       editionURL(j.StoryID, j.TargetLang) + "/start",
			SourceHeadline: src.Headline, SourceLang: src.Lang, SourceLangName: p.L.LangName(src.Lang), SourceURL: editionURL(j.StoryID, src.Lang),
		})
	}
	for _, j := range d.Failed {
		src, err := s.news.Edition(ctx, j.SourceEditionID)
		if err != nil {
			return err
		}
		data.Failed = append(data.Failed, failedView{
			SourceHeadline: src.Headline, SourceLang: src.Lang, SourceURL: editionURL(j.StoryID, src.Lang),
			Reason: j.Error, Failed: j.UpdatedAt, RetryURL: "/newsroom/translations/jobs/" + strconv.FormatInt(j.ID, 10) + "/retry",
		})
	}
	for _, u := range d.Untranslated {
		data.Untranslated = append(data.Untranslated, untranslatedView{
			Headline: u.Headline, EditURL: editionURL(u.StoryID, u.Lang), PublishedAt: u.PublishedAt,
			StartURL: editionURL(u.StoryID, u.Lang.Other()) + "/start",
		})
	}
	return s.templates.Render(w, http.StatusOK, "translations", data)
}

// retryMachine queues a failed machine translation again: the worker takes it on its next
// run and readers waiting for it see it once it is made.
func (s *Server) retryMachine(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return news.ErrNotFound
	}
	if err := s.news.RetryMachine(r.Context(), id); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/translations", "ed_flash_retried")
}

// startEdition creates the edition in the path's language from the story's other edition and
// opens it in the editor: from a finished machine translation of the source's revision when
// there is one (readers asked for it, or the desk offers job=ID), else from a new machine
// translation when a provider is configured, else as a copy of the source to translate by
// hand. An edition that exists already just opens.
func (s *Server) startEdition(w http.ResponseWriter, r *http.Request) error {
	storyID, lang, err := storyPath(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	me, _ := userFrom(ctx)
	target := editionURL(storyID, lang)
	if _, err := s.news.EditionOf(ctx, storyID, lang); err == nil {
		return s.redirect(w, r, target, "")
	} else if !errors.Is(err, news.ErrNotFound) {
		return err
	}
	from := lang.Other()
	src, err := s.news.EditionOf(ctx, storyID, from)
	if err != nil {
		return err
	}
	in, flash := s.machineDraft(r, src, lang)
	if _, err := s.news.StartEdition(ctx, actorOf(me), storyID, from, lang, in); err != nil {
		if errors.Is(err, news.ErrConflict) {
			return s.redirect(w, r, target, "")
		}
		return err
	}
	return s.redirect(w, r, target, flash)
}

// machineDraft is the first text of an edition started from src, and the message saying what
// it is.
func (s *Server) machineDraft(r *http.Request, src news.Edition, to locale.Lang) (news.StartInput, string) {
	ctx := r.Context()
	machineOn := s.translate != nil && s.machineOn(ctx)
	tctx, cancel := context.WithTimeout(ctx, machineDraftTimeout)
	defer cancel()
	var picture news.EditionText
	if src.Image != nil {
		picture = news.EditionText{ImageAlt: src.Image.Alt, ImageCaption: src.Image.Caption}
	}
	fromJob := func(j news.Job) news.StartInput {
		in := news.StartInput{Headline: j.Headline, Standfirst: j.Standfirst, Body: j.Body, Machine: true, SourceRevision: j.SourceRevision}
		// Readers' translations leave the picture's words out: translate them now, or
		// leave the English for the translator when the provider cannot.
		if machineOn && picture != (news.EditionText{}) {
			if out, err := s.translate(tctx, src.Lang, to, picture); err == nil {
				in.ImageAlt, in.ImageCaption = out.ImageAlt, out.ImageCaption
			}
		}
		return in
	}
	if id, err := strconv.ParseInt(r.PostFormValue("job"), 10, 64); err == nil && id > 0 {
		j, err := s.news.MachineJobByID(ctx, id)
		if err == nil && j.StoryID == src.StoryID && j.SourceEditionID == src.ID && j.TargetLang == to && j.Status == news.JobDone {
			return fromJob(j), "ed_flash_started_machine"
		}
	}
	if j, err := s.news.MachineJob(ctx, src.ID, src.Revision, to); err == nil && j.Status == news.JobDone {
		return fromJob(j), "ed_flash_started_machine"
	}
	if !machineOn {
		return news.StartInput{}, "ed_flash_started"
	}
	text := picture
	text.Headline, text.Standfirst, text.Body = src.Headline, src.Standfirst, src.Body
	out, err := s.translate(tctx, src.Lang, to, text)
	if err != nil || out.Headline == "" {
		s.log.Warn("machine draft failed", "story", src.StoryID, "err", err)
		return news.StartInput{}, "ed_flash_machine_failed"
	}
	return news.StartInput{Headline: out.Headline, Standfirst: out.Standfirst, Body: out.Body, Machine: true, SourceRevision: src.Revision,
		ImageAlt: out.ImageAlt, ImageCaption: out.ImageCaption}, "ed_flash_started_machine"
}

// markSynced records that the path's edition is up to date with its source again.
func (s *Server) markSynced(w http.ResponseWriter, r *http.Request) error {
	storyID, lang, err := storyPath(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	me, _ := userFrom(ctx)
	e, err := s.news.EditionOf(ctx, storyID, lang)
	if err != nil {
		return err
	}
	if err := s.news.MarkSynced(ctx, actorOf(me), e.ID); err != nil {
		return err
	}
	to := "/newsroom/translations"
	if !me.Can(people.Editor, people.Admin, people.Translator) {
		to = editionURL(storyID, lang)
	}
	return s.redirect(w, r, to, "ed_flash_synced")
}

// startOther is the editor page's button that starts the story's edition in the other
// language, when there is none yet.
type startOther struct {
	URL   string
	Label string
	Hint  string
}

// startOtherButton is the editor page's startOther for st, nil when the other edition exists
// or this one does not.
func (s *Server) startOtherButton(ctx context.Context, st editorState, l *locale.Locale) *startOther {
	if !st.exists || !st.may.Has(news.Translate) {
		return nil
	}
	other := st.lang.Other()
	if _, err := s.news.EditionOf(ctx, st.storyID, other); !errors.Is(err, news.ErrNotFound) {
		return nil
	}
	b := &startOther{URL: editionURL(st.storyID, other) + "/start", Label: l.T("ed_start_" + string(other)), Hint: l.T("ed_start_hint_copy")}
	if s.translate != nil && s.machineOn(ctx) {
		b.Hint = l.T("ed_start_hint_machine")
	}
	return b
}
