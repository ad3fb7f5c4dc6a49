package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/translation"
)

// jobsPerRun bounds the machine translations one run of the worker makes, so a long queue
// does not hold the task past its next turn.
const jobsPerRun = 10

// translator returns the machine-translation engine as configured now (newsroom settings,
// then BATORI_MT_* overrides), so a provider set up in the newsroom works without a restart;
// translation.ErrNotConfigured when there is none.
func (a *App) translator(ctx context.Context) (*translation.Translator, error) {
	return a.MT.Translator(ctx)
}

// machineEnabled reports whether a provider is configured, for the reader's switch.
func (a *App) machineEnabled(ctx context.Context) bool {
	c, err := a.MT.Config(ctx)
	return err == nil && c.Configured()
}

// translateEdition translates an edition's headline, standfirst, body and picture words
// (empty ones stay empty); it is the newsroom's machine drafts.
func (a *App) translateEdition(ctx context.Context, from, to locale.Lang, in news.EditionText) (news.EditionText, error) {
	var out news.EditionText
	tr, err := a.translator(ctx)
	if err != nil {
		return out, err
	}
	for _, f := range []struct{ in, out *string }{
		{&in.Headline, &out.Headline}, {&in.Standfirst, &out.Standfirst},
		{&in.ImageAlt, &out.ImageAlt}, {&in.ImageCaption, &out.ImageCaption},
	} {
		if *f.in == "" {
			continue
		}
		t, err := tr.TranslateText(ctx, *f.in, from, to)
		if err != nil {
			return out, err
		}
		*f.out = t.Body
	}
	if in.Body != "" {
		body, err := tr.TranslateBody(ctx, in.Body, from, to)
		if err != nil {
			return out, err
		}
		out.Body = body.Body
	}
	return out, nil
}

// TranslateQueued makes the machine translations readers asked for, one job at a time, each
// from the text of the source revision it names. A finished or failed job drops the story's
// cached pages (news.MachineTranslated), so the reader's next refresh shows the result. The periodic task "translate queued
// stories" calls it; tests call it to run the worker at a known moment.
func (a *App) TranslateQueued(ctx context.Context) error {
	if !a.machineEnabled(ctx) {
		return nil
	}
	for range jobsPerRun {
		job, err := a.News.ClaimMachine(ctx)
		if errors.Is(err, news.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		src, _, err := a.News.RevisionPair(ctx, job.SourceEditionID, job.SourceRevision, job.SourceRevision)
		if err != nil {
			return fmt.Errorf("machine translation %d: %w", job.ID, err)
		}
		e, err := a.News.Edition(ctx, job.SourceEditionID)
		if err != nil {
			return fmt.Errorf("machine translation %d: %w", job.ID, err)
		}
		out, err := a.translateEdition(ctx, e.Lang, job.TargetLang, news.EditionText{Headline: src.Headline, Standfirst: src.Standfirst, Body: src.Body})
		if ctx.Err() != nil {
			// Shutting down: the job's lease runs out and another run takes it again.
			return nil
		}
		if err != nil {
			a.log.Warn("machine translation failed", "job", job.ID, "story", job.StoryID, "err", err)
			if ferr := a.News.FailMachine(ctx, job.ID, err.Error()); ferr != nil {
				return ferr
			}
		} else {
			if err := a.News.CompleteMachine(ctx, job.ID, out.Headline, out.Standfirst, out.Body); err != nil {
				return err
			}
			a.log.Info("machine translation made", "job", job.ID, "story", job.StoryID, "lang", job.TargetLang)
		}
	}
	return nil
}
