package site_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

// TestFeaturesNotSetUp checks that the reader's routes of a part not wired (the enquiry form,
// comments) answer with a page saying so in the path's language, not the 404 page.
func TestFeaturesNotSetUp(t *testing.T) {
	f := newFixture(t, dbtest.Open(t, db.SQLite))
	for path, want := range map[string]string{
		"/enquiry":    "The enquiry form is not set up on this site",
		"/as/enquiry": "এই ছাইটত জিজ্ঞাসাৰ ফৰ্ম সাজু কৰা হোৱা নাই",
	} {
		doc := f.page(t, path, http.StatusServiceUnavailable)
		if got := strings.TrimSpace(doc.Find("h1").Text()); got != want {
			t.Errorf("%s: heading %q, want %q", path, got, want)
		}
	}
	resp, err := noRedirect.PostForm(f.srv.URL+"/news/1/any/comments", url.Values{"body": {"Hello"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("comment with comments not set up: %d", resp.StatusCode)
	}
	f.page(t, "/no-such-page", http.StatusNotFound)
}
