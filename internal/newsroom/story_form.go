package newsroom

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/views"
)

// editionForm is one submission of the editor page, kept as typed so a refused save shows
// the writer's own input again.
type editionForm struct {
	Headline     string
	Standfirst   string
	Body         string
	BaseRevision int
	SectionID    int64
	TagIDs       []int64
	Featured     bool
	ImageID      int64
	ImageAlt     string
	ImageCaption string
	ImageCredit  string
	AuthorIDs    []int64
	// Action is the button pressed: save, submit, publish, schedule, unpublish, return, correct.
	Action         string
	Comment        string
	CorrectionNote string
	// PublishAt is the datetime-local value of the schedule field, in the site's zone.
	PublishAt string
}

// maxBylines is how many byline pickers the editor page offers.
const maxBylines = 3

// parseEditionForm reads the editor page's form. Browsers send text areas with CRLF line
// ends; they are made LF so an unchanged body compares equal to the stored one.
func parseEditionForm(r *http.Request) editionForm {
	crlf := strings.NewReplacer("\r\n", "\n")
	f := editionForm{
		Headline:       r.PostFormValue("headline"),
		Standfirst:     crlf.Replace(r.PostFormValue("standfirst")),
		Body:           crlf.Replace(r.PostFormValue("body")),
		ImageAlt:       r.PostFormValue("image_alt"),
		ImageCaption:   crlf.Replace(r.PostFormValue("image_caption")),
		ImageCredit:    r.PostFormValue("image_credit"),
		Action:         r.PostFormValue("action"),
		Comment:        crlf.Replace(strings.TrimSpace(r.PostFormValue("comment"))),
		CorrectionNote: crlf.Replace(strings.TrimSpace(r.PostFormValue("correction_note"))),
		PublishAt:      strings.TrimSpace(r.PostFormValue("publish_at")),
		Featured:       r.PostFormValue("featured") == "on",
		TagIDs:         ids(r.PostForm["tag"]),
		AuthorIDs:      ids(r.PostForm["author"]),
	}
	f.BaseRevision, _ = strconv.Atoi(r.PostFormValue("base_revision"))
	f.SectionID, _ = strconv.ParseInt(r.PostFormValue("section"), 10, 64)
	f.ImageID, _ = strconv.ParseInt(r.PostFormValue("image_id"), 10, 64)
	// A picture number typed in wins over the choices shown.
	if v := strings.TrimSpace(r.PostFormValue("image_other")); v != "" {
		f.ImageID, _ = strconv.ParseInt(v, 10, 64)
	}
	if f.ImageID < 0 {
		f.ImageID = 0
	}
	if f.Action == "" {
		f.Action = "save"
	}
	return f
}

// formOf is the editor form showing an edition as stored.
func formOf(e news.Edition, meta news.StoryMeta) editionForm {
	f := editionForm{
		Headline: e.Headline, Standfirst: e.Standfirst, Body: e.Body, BaseRevision: e.Revision,
		SectionID: meta.SectionID, TagIDs: meta.TagIDs, Featured: meta.Featured, AuthorIDs: e.AuthorIDs,
	}
	if e.Image != nil {
		f.ImageID, f.ImageAlt, f.ImageCaption, f.ImageCredit = e.Image.MediaID, e.Image.Alt, e.Image.Caption, e.Image.Credit
	}
	return f
}

// input is the form as a save of the edition.
func (f editionForm) input(storyID int64, lang locale.Lang) news.EditionInput {
	return news.EditionInput{
		StoryID: storyID, Lang: lang, Headline: f.Headline, Standfirst: f.Standfirst, Body: f.Body,
		ImageID: f.ImageID, ImageAlt: f.ImageAlt, ImageCaption: f.ImageCaption, ImageCredit: f.ImageCredit,
		AuthorIDs: f.AuthorIDs, BaseRevision: f.BaseRevision,
	}
}

// sameText reports whether saving f would leave the edition's words, picture and bylines as
// they are, cleaning the input the way the store does; the workflow buttons then skip the
// save, so pressing Publish on an unchanged story adds no revision.
func (f editionForm) sameText(e news.Edition, san *news.Sanitizer) bool {
	line := func(s string) string { return locale.Normalize(strings.Join(strings.Fields(s), " ")) }
	text := func(s string) string { return locale.Normalize(strings.TrimSpace(s)) }
	var img news.Image
	if e.Image != nil {
		img = *e.Image
	}
	return line(f.Headline) == e.Headline && text(f.Standfirst) == e.Standfirst &&
		locale.Normalize(san.Body(f.Body)) == e.Body && f.ImageID == img.MediaID &&
		text(f.ImageAlt) == img.Alt && text(f.ImageCaption) == img.Caption && text(f.ImageCredit) == img.Credit &&
		slices.Equal(f.AuthorIDs, e.AuthorIDs)
}

// sameMeta reports whether f keeps the story's section, tags and (for those who may set it)
// lead flag.
func (f editionForm) sameMeta(m news.StoryMeta, feature bool) bool {
	tags := slices.Clone(f.TagIDs)
	slices.Sort(tags)
	old := slices.Clone(m.TagIDs)
	slices.Sort(old)
	return f.SectionID == m.SectionID && slices.Equal(tags, old) && (!feature || f.Featured == m.Featured)
}

// publishTime reads the schedule field as a time in zone.
func (f editionForm) publishTime(zone *time.Location) (time.Time, error) {
	if f.PublishAt == "" {
		return time.Time{}, fielderr.New("publish_at", fielderr.Required)
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, f.PublishAt, zone); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fielderr.New("publish_at", fielderr.InvalidDate)
}

// option is one choice of a select or checkbox list.
type option struct {
	ID       int64
	Name     string
	Selected bool
}

// pictureOption is a library picture offered as the featured picture.
type pictureOption struct {
	ID       int64
	URL      string
	Width    int
	Height   int
	Alt      string
	Selected bool
}

// diffRun is one run of a word diff as a page shows it.
type diffRun struct {
	// Kind is "equal", "insert" or "delete"; the template marks the last two with <ins>/<del>.
	Kind string
	Text string
}

func diffRuns(ops []news.DiffOp) []diffRun {
	out := make([]diffRun, len(ops))
	for i, op := range ops {
		out[i] = diffRun{Kind: op.Kind, Text: op.Text}
	}
	return out
}

// conflictView is the other person's version shown when a save came too late.
type conflictView struct {
	Revision   int
	Headline   string
	Standfirst string
	Body       template.HTML
	ModifiedAt time.Time
	// Diff runs from their version (deleted) to yours (inserted).
	Diff []diffRun
}

// editorLinks are the URLs the editor page links to.
type editorLinks struct {
	Action    string
	Autosave  string
	Preview   string
	Revisions string
	Reader    string
	Upload    string
	Other     string
}

// actionOf is the news action a button of the editor page names: "save" is Edit.
func actionOf(button string) (news.Action, bool) {
	if button == "save" {
		return news.Edit, true
	}
	return news.ParseAction(button)
}

// storyEditPage is the data of newsroom/pages/story_edit.html.
type storyEditPage struct {
	page
	StoryID  int64
	Lang     locale.Lang
	LangName string
	// Exists is false for an edition not saved yet (the other language of a story).
	Exists  bool
	Edition news.Edition
	Form    editionForm
	Errors  map[string]string
	// Problem is a message above the form when a save or step was refused.
	Problem  string
	Editable bool
	IsEditor bool
	// Actions are what the user may do with the edition now (news.Actions); the template
	// shows a button for each.
	Actions   news.ActionSet
	Sections  []option
	Tags      []option
	Bylines   [][]option
	Pictures  []pictureOption
	Picture   *pictureOption
	Notes     []news.Note
	RaCount   int
	Conflict  *conflictView
	Links     editorLinks
	OtherLang string
	ZoneName  string
	// StartOther starts the other language's edition from this one (translation_desk.go).
	StartOther *startOther
	// Views is how often readers opened the edition, nil before it was published
	// (story_views.go).
	Views *views.Tally
	// Breaking is the breaking-banner box, for editors on a published edition (breaking.go).
	Breaking *breakingForm
	// LiveURL is the edition's live desk, offered to editors and, once live, to everyone.
	LiveURL string
	// Push is the push-notification box, for editors on a published edition (push.go).
	Push *pushForm
}

// editorState is what the editor page is about: the story, its edition in the path's
// language (absent when not written yet) and whether the user may touch it.
type editorState struct {
	storyID int64
	lang    locale.Lang
	meta    news.StoryMeta
	edition news.Edition
	exists  bool
	actor   news.Actor
	// may is what the actor may do with the edition now.
	may news.ActionSet
}

// loadEditor reads the story and edition of the request and checks the user may see them:
// someone who may do nothing at all with the story (another reporter's) may not.
func (s *Server) loadEditor(r *http.Request) (editorState, error) {
	storyID, lang, err := storyPath(r)
	if err != nil {
		return editorState{}, err
	}
	ctx := r.Context()
	u, _ := userFrom(ctx)
	st := editorState{storyID: storyID, lang: lang, actor: actorOf(u)}
	if st.meta, err = s.news.StoryMeta(ctx, storyID); err != nil {
		return st, err
	}
	st.edition, err = s.news.EditionOf(ctx, storyID, lang)
	switch {
	case errors.Is(err, news.ErrNotFound):
		st.edition = news.Edition{StoryID: storyID, Lang: lang, Status: news.Draft}
	case err != nil:
		return st, err
	default:
		st.exists = true
	}
	st.may = news.Actions(st.actor, st.edition, st.meta.CreatedBy)
	if st.may == 0 {
		return st, errForbidden
	}
	return st, nil
}

// editorPage builds the editor page for st showing form.
func (s *Server) editorPage(w http.ResponseWriter, r *http.Request, st editorState, form editionForm) (storyEditPage, error) {
	ctx := r.Context()
	p := s.page(w, r, "")
	data := storyEditPage{
		page: p, StoryID: st.storyID, Lang: st.lang, LangName: p.L.LangName(st.lang), Exists: st.exists,
		Edition: st.edition, Form: form, Editable: st.may.Has(news.Edit), IsEditor: st.actor.Editor,
		Actions: st.may, ZoneName: p.L.Zone().String(),
	}
	if st.actor.Editor {
		// Editors may submit, but publish instead; the page does not offer the detour.
		data.Actions = data.Actions.Without(news.Submit)
	}
	data.Title = p.L.T("desk_edit_title", form.Headline)
	if form.Headline == "" {
		data.Title = p.L.T("desk_edit_title_new", data.LangName)
	}
	base := editionURL(st.storyID, st.lang)
	data.Links = editorLinks{
		Action: base, Autosave: base + "/autosave", Preview: base + "/preview", Revisions: base + "/revisions",
		Upload: "/newsroom/media/upload", Other: editionURL(st.storyID, st.lang.Other()),
	}
	data.OtherLang = p.L.LangName(st.lang.Other())
	data.StartOther = s.startOtherButton(ctx, st, p.L)
	data.Views = s.editionViews(ctx, st)
	breaking, err := s.breakingBox(r, st, p.L)
	if err != nil {
		return data, err
	}
	data.Breaking = breaking
	if data.LiveURL, err = s.liveLink(ctx, st); err != nil {
		return data, err
	}
	if data.Push, err = s.pushBox(r, st, p.L); err != nil {
		return data, err
	}
	if st.edition.Status == news.Published {
		data.Links.Reader = readerURL(st.storyID, st.lang)
	}
	if st.lang == locale.Assamese {
		data.RaCount = len(locale.BengaliRa(form.Headline)) + len(locale.BengaliRa(form.Standfirst)) + len(locale.BengaliRa(form.Body))
	}
	sections, err := s.news.Sections(ctx)
	if err != nil {
		return data, err
	}
	for _, sec := range sections {
		data.Sections = append(data.Sections, option{ID: sec.ID, Name: sec.Name.In(p.L.Lang()), Selected: sec.ID == form.SectionID})
	}
	tags, err := s.news.Tags(ctx)
	if err != nil {
		return data, err
	}
	for _, t := range tags {
		data.Tags = append(data.Tags, option{ID: t.ID, Name: t.Name.In(p.L.Lang()), Selected: slices.Contains(form.TagIDs, t.ID)})
	}
	authors, err := s.news.Authors(ctx)
	if err != nil {
		return data, err
	}
	for i := range maxBylines {
		var chosen int64
		if i < len(form.AuthorIDs) {
			chosen = form.AuthorIDs[i]
		}
		list := make([]option, len(authors))
		for j, a := range authors {
			list[j] = option{ID: a.ID, Name: a.Name.In(p.L.Lang()), Selected: a.ID == chosen}
		}
		data.Bylines = append(data.Bylines, list)
	}
	if err := s.pictureChoices(ctx, &data, form.ImageID); err != nil {
		return data, err
	}
	if st.exists {
		if data.Notes, err = s.news.Notes(ctx, st.edition.ID); err != nil {
			return data, err
		}
	}
	return data, nil
}

// pictureChoices offers the newest library pictures and the chosen one as the featured picture.
func (s *Server) pictureChoices(ctx context.Context, data *storyEditPage, chosen int64) error {
	if s.media == nil {
		return nil
	}
	recent, _, err := s.media.Search(ctx, "", 12, 0)
	if err != nil {
		return err
	}
	found := false
	for _, m := range recent {
		data.Pictures = append(data.Pictures, pictureOf(m, m.ID == chosen))
		found = found || m.ID == chosen
	}
	if chosen != 0 && !found {
		m, err := s.media.Get(ctx, chosen)
		switch {
		case errors.Is(err, media.ErrNotFound):
			data.Errors = withField(data.Errors, "image_id", data.L.T("desk_field_image_id_unknown"))
		case err != nil:
			return err
		default:
			data.Pictures = append([]pictureOption{pictureOf(m, true)}, data.Pictures...)
		}
	}
	for i := range data.Pictures {
		if data.Pictures[i].Selected {
			data.Picture = &data.Pictures[i]
		}
	}
	return nil
}

func pictureOf(m media.Media, selected bool) pictureOption {
	o := pictureOption{ID: m.ID, URL: m.URL(), Width: m.Width, Height: m.Height, Alt: m.Alt, Selected: selected}
	// The narrowest copy every browser shows is enough for a thumbnail.
	for _, v := range m.Variants {
		if v.Format != "webp" {
			o.URL, o.Width, o.Height = v.URL(), v.Width, v.Height
			break
		}
	}
	return o
}

func withField(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// checkRefs drops tags and bylines that no longer exist from f and reports a section or
// picture that does not exist, by field code, before the store meets them as foreign keys.
func (s *Server) checkRefs(ctx context.Context, f *editionForm) (*fielderr.Error, error) {
	var fields fielderr.Error
	sections, err := s.news.Sections(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(sections, func(sec news.Section) bool { return sec.ID == f.SectionID }) {
		fields.Add("section", fielderr.Required)
	}
	tags, err := s.news.Tags(ctx)
	if err != nil {
		return nil, err
	}
	f.TagIDs = slices.DeleteFunc(f.TagIDs, func(id int64) bool {
		return !slices.ContainsFunc(tags, func(t news.Tag) bool { return t.ID == id })
	})
	authors, err := s.news.Authors(ctx)
	if err != nil {
		return nil, err
	}
	f.AuthorIDs = slices.DeleteFunc(f.AuthorIDs, func(id int64) bool {
		return !slices.ContainsFunc(authors, func(a news.Author) bool { return a.ID == id })
	})
	if f.ImageID != 0 {
		if s.media == nil {
			fields.Add("image_id", fielderr.NotFound)
		} else if _, err := s.media.Get(ctx, f.ImageID); errors.Is(err, media.ErrNotFound) {
			fields.Add("image_id", fielderr.NotFound)
		} else if err != nil {
			return nil, err
		}
	}
	if fields.OrNil() == nil {
		return nil, nil
	}
	return &fields, nil
}
