package newsroom_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// Editors see readers' views of every story on the story list; reporters see those of their
// own, on the list and on the editor page.
func TestDeskViewCounts(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Anu Bora")
		other := e.login(people.Reporter, "Bikash Kalita")
		ed := e.login(people.Editor, "Chandra Hazarika")
		mine := rep.createStory(e, locale.English, "Ferry service resumes at Nimati", "<p>Boats run again.</p>")
		theirs := other.createStory(e, locale.English, "Tea auction prices rise", "<p>Prices rose.</p>")
		for _, id := range []int64{mine, theirs} {
			_, form := ed.editorForm(id, locale.English)
			form.Set("action", "publish")
			deskStatus(t, ed.post(deskEditor(id, locale.English), form), http.StatusOK, "publish")
			if got := e.edition(id, locale.English); got.Status != news.Published {
				t.Fatalf("story %d is %s", id, got.Status)
			}
		}
		for range 1234 {
			e.a.ViewCounter.Count(mine, locale.English)
		}
		e.a.ViewCounter.Count(theirs, locale.English)
		if err := e.a.ViewCounter.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}

		views := func(c *deskClient) map[string]string {
			r := c.get("/newsroom/stories")
			deskStatus(t, r, http.StatusOK, "stories")
			col := -1
			r.doc.Find(".desk-table thead th").Each(func(i int, th *goquery.Selection) {
				if th.Text() == "Views" {
					col = i
				}
			})
			if col < 0 {
				t.Fatal("the story list has no Views column")
			}
			out := map[string]string{}
			for _, row := range r.doc.Find(".desk-table tbody tr").EachIter() {
				out[row.Find("td").First().Text()] = strings.TrimSpace(row.Find("td").Eq(col).Text())
			}
			return out
		}
		if got := views(ed); got["Ferry service resumes at Nimati"] != "1,234" || got["Tea auction prices rise"] != "1" {
			t.Errorf("editor's list: %v", got)
		}
		if got := views(rep); len(got) != 1 || got["Ferry service resumes at Nimati"] != "1,234" {
			t.Errorf("reporter's list: %v", got)
		}
		r, _ := rep.editorForm(mine, locale.English)
		deskText(t, r, "editor page", "1,234 views", "1,234 in the last 24 hours")
		// A draft has no count.
		draft := rep.createStory(e, locale.English, "Draft about the ferry", "<p>Words.</p>")
		r, _ = rep.editorForm(draft, locale.English)
		if r.doc.Find(".desk-views").Length() != 0 {
			t.Error("a draft shows views")
		}
	})
}
