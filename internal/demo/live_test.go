package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/settings"
)

// TestLiveEntriesText: the demo live blog's Assamese entries are Assamese (ৰ, never Bengali
// র; NFC; in Assamese script) and every entry has both languages.
func TestLiveEntriesText(t *testing.T) {
	if len(liveEntries) < 10 {
		t.Fatalf("%d demo live entries, want at least 10", len(liveEntries))
	}
	for i, e := range liveEntries {
		if e.en == "" || e.as == "" || e.author == "" {
			t.Errorf("entry %d lacks a language or its author", i)
		}
		if strings.ContainsRune(e.as, bengaliRa) || !norm.NFC.IsNormalString(e.as) {
			t.Errorf("entry %d: Bengali র or not NFC: %q", i, e.as)
		}
		latin := 0
		for _, r := range e.as {
			if r < 0x80 && unicode.IsLetter(r) {
				latin++
			}
		}
		if latin > 0 {
			t.Errorf("entry %d: %d Latin letters in the Assamese text", i, latin)
		}
		if i > 0 && e.minutesAgo >= liveEntries[i-1].minutesAgo {
			t.Errorf("entry %d is not newer than the one before", i)
		}
	}
}

// TestSeedLiveBlog: the demo runs a live blog in each language on both databases, with all
// its entries posted, newest first, bylined, and its key points.
func TestSeedLiveBlog(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := news.NewStore(d)
		if _, err := Seed(ctx, Stores{News: st, Settings: settings.NewStore(d), Media: media.NewLibrary(d, filepath.Join(t.TempDir(), "media"))}, Options{}); err != nil {
			t.Fatal(err)
		}
		blogs, err := st.RunningLiveBlogs(ctx)
		if err != nil || len(blogs) != 2 {
			t.Fatalf("running live blogs: %+v, %v", blogs, err)
		}
		for _, b := range blogs {
			entries, err := st.LiveEntries(ctx, b.EditionID, true, 0)
			if err != nil || len(entries) != len(liveEntries) {
				t.Fatalf("%s blog: %d entries, %v", b.Lang, len(entries), err)
			}
			last := liveEntries[len(liveEntries)-1]
			want, author := last.en, "Bhaskar Jyoti Gogoi"
			if b.Lang == locale.Assamese {
				want = last.as
			}
			if !strings.Contains(entries[0].Body, want) || entries[0].Author.In(locale.English) == "" {
				t.Errorf("%s blog's newest entry: %+v (want %q by %s)", b.Lang, entries[0], want, author)
			}
			keys, _ := st.KeyPoints(ctx, b.EditionID)
			if len(keys) != 3 {
				t.Errorf("%s blog: %d key points, want 3", b.Lang, len(keys))
			}
		}
	})
}
