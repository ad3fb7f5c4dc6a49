package site_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/web"
)

// TestEmptySiteHome reads the home page of a fresh site without demo content: it says that
// nothing is published yet and where the newsroom is, in each language.
func TestEmptySiteHome(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		s := site.New(site.Deps{News: news.NewStore(d), Settings: settings.NewStore(d), Media: media.NewLibrary(d, filepath.Join(t.TempDir(), "media")),
			Templates: templates, Assets: assets, Log: quiet})
		mux := http.NewServeMux()
		s.Routes(mux)
		srv := httptest.NewServer(web.Chain(mux, web.SecurityHeaders, web.Recover(quiet, s.RenderError)))
		t.Cleanup(srv.Close)
		f := &fixture{srv: srv}
		for path, want := range map[string]string{"/": "Nothing published yet", "/as/": "এতিয়ালৈকে একো প্ৰকাশ কৰা হোৱা নাই"} {
			doc := f.page(t, path, http.StatusOK)
			box := doc.Find("main .empty-home")
			if !strings.Contains(box.Find("h2").Text(), want) || box.Find(`a[href^="/newsroom/"]`).Length() != 1 {
				t.Errorf("%s: empty home says %q", path, strings.TrimSpace(box.Text()))
			}
		}
	})
}
