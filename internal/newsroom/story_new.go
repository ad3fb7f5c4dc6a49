package newsroom

import (
	"errors"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// storyNewPage is the data of newsroom/pages/story_new.html: the start of a story.
type storyNewPage struct {
	page
	Form     newStoryForm
	Sections []option
	Langs    []langOption
	Errors   map[string]string
}

// newStoryForm is what a story starts with; the rest is written on the editor page.
type newStoryForm struct {
	SectionID  int64
	Lang       locale.Lang
	Headline   string
	Standfirst string
	Body       string
}

func (s *Server) newStoryForm(w http.ResponseWriter, r *http.Request) error {
	p := s.page(w, r, "")
	return s.renderNewStory(w, r, p, newStoryForm{Lang: p.L.Lang()}, nil, http.StatusOK)
}

func (s *Server) renderNewStory(w http.ResponseWriter, r *http.Request, p page, f newStoryForm, errs map[string]string, status int) error {
	p.Title = p.L.T("desk_new_title")
	data := storyNewPage{page: p, Form: f, Errors: errs}
	sections, err := s.news.Sections(r.Context())
	if err != nil {
		return err
	}
	for _, sec := range sections {
		data.Sections = append(data.Sections, option{ID: sec.ID, Name: sec.Name.In(p.L.Lang()), Selected: sec.ID == f.SectionID})
	}
	for _, l := range locale.Langs() {
		data.Langs = append(data.Langs, langOption{Lang: l, Name: p.L.LangName(l), Selected: l == f.Lang})
	}
	return s.templates.Render(w, status, "story_new", data)
}

// createStory starts a story owned by the user, with its first edition as a draft, and opens
// it in the editor.
func (s *Server) createStory(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	crlf := strings.NewReplacer("\r\n", "\n")
	f := newStoryForm{
		Headline: r.PostFormValue("headline"), Standfirst: crlf.Replace(r.PostFormValue("standfirst")),
		Body: crlf.Replace(r.PostFormValue("body")),
	}
	f.SectionID, _ = strconv.ParseInt(r.PostFormValue("section"), 10, 64)
	lang, ok := locale.ParseLang(r.PostFormValue("lang"))
	if ok {
		f.Lang = lang
	}
	// The form's own checks first, so every missing field is named at once.
	var fields fielderr.Error
	if f.SectionID == 0 || !s.sectionExists(r, f.SectionID) {
		fields.Add("section", fielderr.Required)
	}
	fields.Required("headline", f.Headline)
	if !ok {
		fields.Add("lang", fielderr.NotAllowed)
	}
	if err := fields.OrNil(); err != nil {
		p := s.page(w, r, "")
		return s.renderNewStory(w, r, p, f, fielderr.Messages(p.L, err), http.StatusUnprocessableEntity)
	}
	e, err := s.news.CreateDraft(ctx, actorOf(me), news.DraftInput{
		SectionID: f.SectionID,
		Edition:   news.EditionInput{Lang: f.Lang, Headline: f.Headline, Standfirst: f.Standfirst, Body: paragraphs(f.Body)},
	})
	if errors.As(err, new(*fielderr.Error)) {
		p := s.page(w, r, "")
		return s.renderNewStory(w, r, p, f, fielderr.Messages(p.L, err), http.StatusUnprocessableEntity)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, editionURL(e.StoryID, e.Lang), "desk_flash_created")
}

// paragraphs turns the plain text typed on the New story page into the body's HTML: a blank
// line ends a paragraph, a single line break stays a line break, and a stray < or & is kept as
// the text it was typed as. A body already written in paragraph HTML (pasted from the editor
// or another story) is kept as it is; the news package sanitises it.
func paragraphs(text string) string {
	if blockHTML.MatchString(text) {
		return text
	}
	var b strings.Builder
	for _, para := range strings.Split(strings.TrimSpace(text), "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		lines := strings.Split(para, "\n")
		for i, l := range lines {
			lines[i] = html.EscapeString(strings.TrimSpace(l))
		}
		b.WriteString("<p>" + strings.Join(lines, "<br>") + "</p>")
	}
	return b.String()
}

// blockHTML finds the block elements of a body written in HTML.
var blockHTML = regexp.MustCompile(`(?i)<(p|h[2-4]|blockquote|ul|ol|figure|pre)[\s>]`)

// sectionExists reports whether id names a section; a stale form may name one since deleted.
func (s *Server) sectionExists(r *http.Request, id int64) bool {
	sections, err := s.news.Sections(r.Context())
	if err != nil {
		return false
	}
	for _, sec := range sections {
		if sec.ID == id {
			return true
		}
	}
	return false
}
