package newsroom

import (
	"context"
	"errors"
	"html"
	"html/template"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// The live desk: one compact page per live edition, made for a phone in the field. The form
// to add an entry comes first; below it the entries, each with its correct, remove, approve
// and translate buttons. Any staff member may add entries to a running live blog; editors
// start and end it, approve reporters' entries (while the site requires review) and decide
// whether it does.

// liveTranslateTimeout bounds the wait for the translation provider on one entry.
const liveTranslateTimeout = 30 * time.Second

// livePicks is how many of the newest library pictures the form offers.
const livePicks = 8

// liveRows bounds the entries the desk lists (those waiting for review first, then the
// newest): a blog of hundreds of updates stays quick to load on a phone in the field.
const liveRows = 100

// livePage is the data of newsroom/pages/live.html.
type livePage struct {
	page
	StoryID   int64
	Lang      locale.Lang
	LangName  string
	OtherLang string
	Headline  string
	// URL is the desk's own address (the add form posts there); EditURL the edition's editor;
	// ReaderURL the reader's page once published.
	URL       string
	EditURL   string
	ReaderURL string
	// Blog is nil when the edition has never been live (editors see the start button).
	Blog      *news.LiveBlog
	IsEditor  bool
	Review    bool
	Translate bool
	Form      entryForm
	Errors    map[string]string
	Pictures  []pictureOption
	Entries   []liveRow
	// More says the desk lists only the newest liveRows entries.
	More bool
}

// entryForm is the add (or correct) form's input, kept on a re-render.
type entryForm struct {
	Body     string
	MediaID  int64
	ImageAlt string
	EmbedURL string
	KeyPoint bool
}

// liveRow is one entry on the desk.
type liveRow struct {
	news.LiveEntry
	HTML   template.HTML
	Text   string
	Change bool
}

// liveDesksPage is the data of newsroom/pages/live_list.html: the running live blogs.
type liveDesksPage struct {
	page
	Blogs []news.LiveDesk
}

// liveDesks lists the running live blogs, so a reporter finds theirs in two taps.
func (s *Server) liveDesks(w http.ResponseWriter, r *http.Request) error {
	blogs, err := s.news.RunningLiveBlogs(r.Context())
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("live_desk_list_title")
	return s.templates.Render(w, http.StatusOK, "live_list", liveDesksPage{page: p, Blogs: blogs})
}

// liveLink is the live desk link of the editor page: for editors on any saved edition, for
// others once the edition is live.
func (s *Server) liveLink(ctx context.Context, st editorState) (string, error) {
	if !st.exists {
		return "", nil
	}
	if st.actor.Editor {
		return liveURL(st.storyID, st.lang), nil
	}
	_, err := s.news.LiveBlogOf(ctx, st.edition.ID)
	if errors.Is(err, news.ErrNotFound) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	return liveURL(st.storyID, st.lang), nil
}

// liveURL is the live desk of an edition.
func liveURL(storyID int64, lang locale.Lang) string { return editionURL(storyID, lang) + "/live" }

// liveDesk shows the desk of the edition in the path.
func (s *Server) liveDesk(w http.ResponseWriter, r *http.Request) error {
	data, err := s.livePageData(w, r)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "live", data)
}

// livePageData reads the desk of the edition in the path. Anyone on the staff may open a
// running live blog; one never started is the editors' to start.
func (s *Server) livePageData(w http.ResponseWriter, r *http.Request) (livePage, error) {
	ctx := r.Context()
	storyID, lang, err := storyPath(r)
	if err != nil {
		return livePage{}, err
	}
	u, _ := userFrom(ctx)
	actor := actorOf(u)
	e, err := s.news.EditionOf(ctx, storyID, lang)
	if err != nil {
		return livePage{}, err
	}
	p := s.page(w, r, "")
	data := livePage{page: p, StoryID: storyID, Lang: lang, LangName: p.L.LangName(lang), OtherLang: p.L.LangName(lang.Other()),
		Headline: e.Headline, URL: liveURL(storyID, lang), EditURL: editionURL(storyID, lang), IsEditor: actor.Editor}
	data.Title = p.L.T("live_desk_title", e.Headline)
	if e.Status == news.Published {
		data.ReaderURL = readerURL(storyID, lang)
	}
	b, err := s.news.LiveBlogOf(ctx, e.ID)
	switch {
	case errors.Is(err, news.ErrNotFound):
		if !actor.Editor {
			return data, errForbidden
		}
		return data, nil
	case err != nil:
		return data, err
	}
	data.Blog = &b
	if data.Review, err = s.news.LiveReview(ctx); err != nil {
		return data, err
	}
	data.Translate = (actor.Editor || actor.Translator) && s.translate != nil && s.machineOn != nil && s.machineOn(ctx)
	entries, err := s.news.LiveEntries(ctx, e.ID, false, liveRows)
	if err != nil {
		return data, err
	}
	data.More = len(entries) == liveRows
	for _, en := range entries {
		data.Entries = append(data.Entries, liveRow{LiveEntry: en, HTML: template.HTML(en.Body), Text: entryText(en.Body),
			Change: actor.Editor || (en.Status == news.EntryPending && en.UserID == actor.UserID)})
	}
	if s.media != nil {
		pics, _, err := s.media.Search(ctx, "", livePicks, 0)
		if err != nil {
			return data, err
		}
		for _, m := range pics {
			data.Pictures = append(data.Pictures, pictureOf(m, false))
		}
	}
	return data, nil
}

// simpleBody matches an entry body of paragraphs and line breaks only, which the form shows
// as plain text.
var simpleBody = regexp.MustCompile(`^(<p>[^<]*(<br/?>[^<]*)*</p>)+$`)

// entryText is what the correct form shows of a body: plain text where the body is plain
// paragraphs, else its HTML.
func entryText(body string) string {
	if !simpleBody.MatchString(body) {
		return body
	}
	r := strings.NewReplacer("</p><p>", "\n\n", "<br>", "\n", "<br/>", "\n", "<p>", "", "</p>", "")
	return html.UnescapeString(r.Replace(body))
}

// parseEntry reads the entry form.
func parseEntry(r *http.Request) (entryForm, error) {
	f := entryForm{
		Body:     r.PostFormValue("body"),
		ImageAlt: r.PostFormValue("image_alt"),
		EmbedURL: r.PostFormValue("embed_url"),
		KeyPoint: r.PostFormValue("key_point") == "1",
	}
	if v := r.PostFormValue("media_id"); v != "" && v != "0" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return f, fielderr.New("media_id", fielderr.NotFound)
		}
		f.MediaID = id
	}
	return f, nil
}

func (f entryForm) input() news.EntryInput {
	return news.EntryInput{Body: f.Body, MediaID: f.MediaID, ImageAlt: f.ImageAlt, EmbedURL: f.EmbedURL, KeyPoint: f.KeyPoint}
}

// addEntry adds an entry from the desk's form: posted at once for editors, waiting for an
// editor for others while the site requires review.
func (s *Server) addEntry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	storyID, lang, err := storyPath(r)
	if err != nil {
		return err
	}
	u, _ := userFrom(ctx)
	e, err := s.news.EditionOf(ctx, storyID, lang)
	if err != nil {
		return err
	}
	f, err := parseEntry(r)
	if err == nil {
		var entry news.LiveEntry
		entry, err = s.news.AddEntry(ctx, actorOf(u), e.ID, f.input())
		if err == nil {
			flash := "live_flash_posted"
			if entry.Status == news.EntryPending {
				flash = "live_flash_pending"
			}
			return s.redirect(w, r, liveURL(storyID, lang), flash)
		}
	}
	if !errors.As(err, new(*fielderr.Error)) {
		return err
	}
	data, derr := s.livePageData(w, r)
	if derr != nil {
		return derr
	}
	data.Form, data.Errors = f, fielderr.Messages(data.L, err)
	return s.templates.Render(w, http.StatusUnprocessableEntity, "live", data)
}

// entryOf reads the entry in the path and where its desk is.
func (s *Server) entryOf(ctx context.Context, r *http.Request) (news.LiveEntry, string, error) {
	id, err := pathID(r.PathValue("entry"))
	if err != nil {
		return news.LiveEntry{}, "", err
	}
	e, err := s.news.Entry(ctx, id)
	if err != nil {
		return e, "", err
	}
	ed, err := s.news.Edition(ctx, e.EditionID)
	if err != nil {
		return e, "", err
	}
	return e, liveURL(ed.StoryID, ed.Lang), nil
}

// correctEntry changes an entry; readers see "Corrected at …" on a posted one.
func (s *Server) correctEntry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	e, back, err := s.entryOf(ctx, r)
	if err != nil {
		return err
	}
	u, _ := userFrom(ctx)
	f, err := parseEntry(r)
	if err == nil {
		err = s.news.CorrectEntry(ctx, actorOf(u), e.ID, f.input())
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, back+"#entry-"+itoa(e.ID), "live_flash_corrected")
}

// removeEntry takes an entry away; readers see "An entry was removed at …" in its place.
func (s *Server) removeEntry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	e, back, err := s.entryOf(ctx, r)
	if err != nil {
		return err
	}
	u, _ := userFrom(ctx)
	if err := s.news.RemoveEntry(ctx, actorOf(u), e.ID); err != nil {
		return err
	}
	return s.redirect(w, r, back, "live_flash_removed")
}

// approveEntry posts a reporter's entry. The route is for editors.
func (s *Server) approveEntry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	e, back, err := s.entryOf(ctx, r)
	if err != nil {
		return err
	}
	u, _ := userFrom(ctx)
	if err := s.news.ApproveEntry(ctx, actorOf(u), e.ID); err != nil {
		return err
	}
	return s.redirect(w, r, back, "live_flash_posted")
}

// translateEntry machine-translates an entry's text with the translation desk's engine into
// the live blog of the story's other edition, where it waits for an editor to read it.
func (s *Server) translateEntry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	e, back, err := s.entryOf(ctx, r)
	if err != nil {
		return err
	}
	if s.translate == nil || s.machineOn == nil || !s.machineOn(ctx) {
		return s.redirect(w, r, back, "live_flash_translate_off")
	}
	ed, err := s.news.Edition(ctx, e.EditionID)
	if err != nil {
		return err
	}
	tctx, cancel := context.WithTimeout(ctx, liveTranslateTimeout)
	out, err := s.translate(tctx, ed.Lang, ed.Lang.Other(), news.EditionText{Body: e.Body})
	cancel()
	if err != nil {
		s.log.Warn("translate live entry", "entry", e.ID, "err", err)
		return s.redirect(w, r, back, "live_flash_translate_failed")
	}
	u, _ := userFrom(ctx)
	if _, err := s.news.AddTranslatedEntry(ctx, actorOf(u), e.ID, out.Body); err != nil {
		if errors.Is(err, news.ErrInvalidState) {
			return s.redirect(w, r, back, "live_flash_translate_not_live")
		}
		return err
	}
	return s.redirect(w, r, liveURL(ed.StoryID, ed.Lang.Other()), "live_flash_translated")
}

// startLive makes the edition live (again). The route is for editors.
func (s *Server) startLive(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	storyID, lang, err := storyPath(r)
	if err != nil {
		return err
	}
	e, err := s.news.EditionOf(ctx, storyID, lang)
	if err != nil {
		return err
	}
	u, _ := userFrom(ctx)
	if err := s.news.StartLive(ctx, actorOf(u), e.ID); err != nil {
		return err
	}
	return s.redirect(w, r, liveURL(storyID, lang), "live_flash_started")
}

// endLive ends the edition's live blog with the closing note. The route is for editors.
func (s *Server) endLive(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	storyID, lang, err := storyPath(r)
	if err != nil {
		return err
	}
	e, err := s.news.EditionOf(ctx, storyID, lang)
	if err != nil {
		return err
	}
	u, _ := userFrom(ctx)
	if err := s.news.EndLive(ctx, actorOf(u), e.ID, r.PostFormValue("closing_note")); err != nil {
		return err
	}
	return s.redirect(w, r, liveURL(storyID, lang), "live_flash_ended")
}

// setLiveReview turns the review of reporters' entries on or off. The route is for editors.
func (s *Server) setLiveReview(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	if err := s.news.SetLiveReview(r.Context(), actorOf(u), r.PostFormValue("review") == "1"); err != nil {
		return err
	}
	back := safeNext(r.PostFormValue("back"))
	return s.redirect(w, r, back, "live_flash_review")
}
