package newsroom

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// actorOf is the user as the news workflow sees them; translators may edit any draft edition.
func actorOf(u people.User) news.Actor {
	return news.Actor{UserID: u.ID, Editor: isEditor(u), Translator: u.Role == people.Translator, Name: u.Name}
}

func isEditor(u people.User) bool { return u.Can(people.Editor, people.Admin) }

// zone is the site's time zone, in which the newsroom shows and reads times.
func (s *Server) zone(ctx context.Context) *time.Location {
	site, err := s.settings.Site(ctx)
	if err != nil {
		s.log.Warn("read settings", "err", err)
	}
	return site.Location()
}

// deskLocale is the user's interface locale for answers that are not pages (JSON for the
// editor's script, the preview banner); unlike page it leaves a pending flash message alone.
func (s *Server) deskLocale(w http.ResponseWriter, r *http.Request) *locale.Locale {
	site, err := s.settings.Site(r.Context())
	if err != nil {
		s.log.Warn("read settings", "err", err)
	}
	return locale.New(s.uiLang(w, r), site.Location(), site.Digits)
}

// storyPath reads the story id and edition language of a desk URL.
func storyPath(r *http.Request) (int64, locale.Lang, error) {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return 0, "", err
	}
	lang, ok := locale.ParseLang(r.PathValue("lang"))
	if !ok || string(lang) != r.PathValue("lang") {
		return 0, "", errNotFound
	}
	return id, lang, nil
}

// editionURL is the editor page of a story's edition.
func editionURL(storyID int64, lang locale.Lang) string {
	return "/newsroom/stories/" + itoa(storyID) + "/edition/" + string(lang)
}

// readerURL is where readers find a published edition.
func readerURL(storyID int64, lang locale.Lang) string {
	p := ""
	if lang == locale.Assamese {
		p = "/as"
	}
	return p + "/news/" + itoa(storyID)
}

// ids reads repeated numeric form values (tag checkboxes, byline selects), skipping blanks
// and anything not a positive number.
func ids(values []string) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, v := range values {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil || n <= 0 || seen[n] {
			continue
		}
		seen[n] = true
		out = append(out, n)
	}
	return out
}

// statusKey is the catalog key of a workflow state's name.
func statusKey(st news.Status) string { return "desk_status_" + string(st) }
