package newsroom

import (
	"net/http"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// breakingFor are the times an editor may put a story in the breaking banner for, by the
// form's value; 0 is until removed.
var breakingFor = []struct {
	Value string
	Key   string
	D     time.Duration
}{
	{"30m", "breaking_for_30m", 30 * time.Minute},
	{"1h", "breaking_for_1h", time.Hour},
	{"3h", "breaking_for_3h", 3 * time.Hour},
	{"6h", "breaking_for_6h", 6 * time.Hour},
	{"0", "breaking_for_ever", 0},
}

// breakingForm is the editor page's box that sets or removes the banner.
type breakingForm struct {
	URL     string
	On      bool
	Until   time.Time
	Choices []breakingChoice
}

// breakingChoice is one time the form offers.
type breakingChoice struct{ Value, Name string }

// breakingBox is the banner box for the edition on the editor page: editors only, published
// editions only.
func (s *Server) breakingBox(r *http.Request, st editorState, l *locale.Locale) (*breakingForm, error) {
	if !st.actor.Editor || !st.exists || st.edition.Status != news.Published {
		return nil, nil
	}
	b, err := s.news.BannerIn(r.Context(), st.lang)
	if err != nil {
		return nil, err
	}
	f := &breakingForm{URL: editionURL(st.storyID, st.lang) + "/breaking"}
	if b != nil && b.StoryID == st.storyID {
		f.On, f.Until = true, b.Until
	}
	for _, c := range breakingFor {
		f.Choices = append(f.Choices, breakingChoice{Value: c.Value, Name: l.T(c.Key)})
	}
	return f, nil
}

// setBreaking puts the edition in its language's breaking banner for the chosen time, or
// takes it out ("for" = "remove"). The route is for editors and admins.
func (s *Server) setBreaking(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadEditor(r)
	if err != nil {
		return err
	}
	if !st.exists {
		return news.ErrNotFound
	}
	v := r.PostFormValue("for")
	if v == "remove" {
		if err := s.news.ClearBreaking(r.Context(), st.actor, st.lang); err != nil {
			return err
		}
		return s.redirect(w, r, editionURL(st.storyID, st.lang), "breaking_flash_removed")
	}
	for _, c := range breakingFor {
		if c.Value == v {
			if err := s.news.SetBreaking(r.Context(), st.actor, st.edition.ID, c.D); err != nil {
				return err
			}
			return s.redirect(w, r, editionURL(st.storyID, st.lang), "breaking_flash_set")
		}
	}
	return fielderr.New("for", fielderr.Invalid)
}
