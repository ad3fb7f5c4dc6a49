package newsroom_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/people"
)

// TestStorySaveIntoFullDatabaseKeepsTheDraft fills the SQLite database: the reporter's save
// comes back as the editor page with the draft in the form, a 503 and a Retry-After, and
// saves once there is room again.
func TestStorySaveIntoFullDatabaseKeepsTheDraft(t *testing.T) {
	ctx := context.Background()
	e := newDeskEnv(t, config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogFormat: "text", Migrate: true,
		MaxBodyBytes: 20 << 20, ShutdownTimeout: 5 * time.Second, LightPasswordHashesForTests: true})
	rep := e.login(people.Reporter, "Anu Bora")
	id := rep.createStory(e, locale.English, "Brahmaputra rises at Dibrugarh", "<p>The river crossed the danger mark.</p>")
	_, form := rep.editorForm(id, locale.English)
	w := e.a.DB.Writer()
	if _, err := w.ExecContext(ctx, "CREATE TABLE filler (x BLOB)"); err != nil {
		t.Fatal(err)
	}
	var pages string
	w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages)
	w.ExecContext(ctx, "PRAGMA max_page_count = "+pages)
	for i := 0; i < 100000; i++ {
		if _, err := w.ExecContext(ctx, "INSERT INTO filler VALUES (randomblob(3000))"); err != nil {
			break
		}
	}
	draft := "<p>Embankments at Dibrugarh held overnight. " + strings.Repeat("ব্ৰহ্মপুত্ৰ ", 400) + "</p>"
	form.Set("body", draft)
	form.Set("action", "save")
	r := rep.post(deskEditor(id, locale.English), form)
	deskStatus(t, r, http.StatusServiceUnavailable, "save into a full database")
	deskText(t, r, "refused save", "Nothing was saved", "Embankments at Dibrugarh held overnight.")
	if r.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	w.ExecContext(ctx, "DROP TABLE filler")
	w.ExecContext(ctx, "PRAGMA max_page_count = 1073741823")
	r = rep.post(deskEditor(id, locale.English), form)
	deskStatus(t, r, http.StatusOK, "save with room again")
	if ed := e.edition(id, locale.English); !strings.Contains(ed.Body, "Embankments at Dibrugarh") {
		t.Errorf("saved body %.100q", ed.Body)
	}
}
