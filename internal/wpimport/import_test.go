package wpimport_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/redirects"
	"github.com/batori-news/batori/internal/wpimport"
	"github.com/batori-news/batori/internal/wpimport/wxrgen"
)

// pictureGroups is the fewest groups that hold every kind of item wxrgen writes (group 6
// has the post of an unknown author): 63 posts with pictures, which cost most to import.
// On SQLite the export goes on to 30 groups without pictures, 270 posts; on PostgreSQL, the
// slower of the two in CI, it stops at pictureGroups.
const pictureGroups = 7

type fixture struct {
	t      *testing.T
	d      *db.DB
	st     wpimport.Stores
	export string
	ups    string
}

func newFixture(t *testing.T, d *db.DB, o wxrgen.Options) *fixture {
	t.Helper()
	dir := t.TempDir()
	f := &fixture{t: t, d: d, export: filepath.Join(dir, "export.xml"), ups: filepath.Join(dir, "uploads")}
	if o.Pictures {
		o.Uploads = f.ups
	}
	var buf bytes.Buffer
	if err := wxrgen.Write(&buf, o); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(f.export, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	f.st = wpimport.Stores{DB: d, News: news.NewStore(d), Pages: pages.NewStore(d), People: people.NewStore(d),
		Media: media.NewLibrary(d, filepath.Join(dir, "media")), Redirects: redirects.NewStore(d)}
	return f
}

func (f *fixture) run(opt wpimport.Options) *wpimport.Summary {
	f.t.Helper()
	if opt.Uploads == "" {
		opt.Uploads = f.ups
	}
	sum, err := wpimport.Run(context.Background(), f.st, func() (io.ReadCloser, error) { return os.Open(f.export) }, opt)
	if err != nil {
		f.t.Fatalf("import: %v", err)
	}
	return sum
}

func (f *fixture) count(q string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (f *fixture) redirect(from string) string {
	f.t.Helper()
	to, ok, err := f.st.Redirects.Find(context.Background(), from)
	if err != nil || !ok {
		f.t.Errorf("no redirect for %s (%v)", from, err)
	}
	return to
}

func pathOf(u string) string {
	p, _ := url.Parse(u)
	return p.RequestURI()
}

func TestImportWordPress(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		groups := pictureGroups
		if d.Dialect == db.SQLite {
			groups = 30
		}
		f := newFixture(t, d, wxrgen.Options{Groups: groups, Pictures: true, PictureGroups: pictureGroups, Polylang: true})

		// A dry run reports what would happen and writes nothing.
		dry := f.run(wpimport.Options{DryRun: true})
		if dry.Counts["posts"] != 9*groups || dry.Counts["pages"] != 4 || dry.Counts["attachments"] != 3*pictureGroups {
			t.Fatalf("dry run counts %v", dry.Counts)
		}
		for _, table := range []string{"stories", "editions", "redirects", "media", "sections", "tags", "authors", "users", "comments", "pages", "wp_items"} {
			if n := f.count("SELECT COUNT(*) FROM " + table); n != 0 {
				t.Fatalf("the dry run wrote %d rows to %s", n, table)
			}
		}
		if entries, _ := os.ReadDir(filepath.Join(filepath.Dir(f.export), "media")); len(entries) != 0 {
			t.Fatalf("the dry run wrote %d files", len(entries))
		}

		sum := f.run(wpimport.Options{})
		c := sum.Counts
		if c["posts"] != 9*groups || c["editions joined"] != groups || c["pages"] != 4 || c["attachments"] != 3*pictureGroups ||
			c["comments"] != 6*groups || c["sections"] != 4 || c["tags"] != 7 || c["authors"] != 3 || c["links rewritten"] != groups {
			t.Fatalf("counts %v", c)
		}
		if dry.Counts["comments"] != c["comments"] || dry.Counts["redirects"] == 0 {
			t.Errorf("dry run counts %v differ from the import's %v", dry.Counts, c)
		}
		if got := f.count("SELECT COUNT(*) FROM stories"); got != 8*groups {
			t.Fatalf("%d stories", got)
		}
		if got := f.count("SELECT COUNT(*) FROM editions"); got != 9*groups {
			t.Fatalf("%d editions", got)
		}
		// Skipped items each with their reason: trashed posts, a custom post type.
		if len(sum.Skipped) != groups+1 || !strings.Contains(strings.Join(sum.Skipped, "\n"), `the post type "product" is not imported`) ||
			!strings.Contains(sum.Skipped[0], "in the trash") || !strings.Contains(sum.Skipped[0], "line ") {
			t.Fatalf("skipped %q", sum.Skipped)
		}
		warnings := strings.Join(sum.Warnings, "\n")
		for _, want := range []string{"the sanitiser removed iframe, script", "[contact-form-7]", `its author "ghost" is not in the export's authors`, "private on the old site",
			fmt.Sprintf("custom fields not imported, with how many posts and pages had them: post_views_count (%d)", groups)} {
			if !strings.Contains(warnings, want) {
				t.Errorf("no warning %q in:\n%s", want, warnings)
			}
		}

		// Group 0: the sticky English post and its Assamese translation are one story.
		st := f.st.News
		to := f.redirect(pathOf(wxrgen.Link(0, 0)))
		var storyID int64
		if _, err := fmtSscan(to, "/news/%d/flood-update-0-0", &storyID); err != nil {
			t.Fatalf("redirect of the first post: %q", to)
		}
		en, err := st.EditionOf(ctx, storyID, locale.English)
		if err != nil {
			t.Fatal(err)
		}
		meta, _ := st.StoryMeta(ctx, storyID)
		if !meta.Featured || len(meta.TagIDs) != 3 {
			t.Errorf("story meta %+v", meta)
		}
		sec, _ := st.SectionBySlug(ctx, "assam")
		if meta.SectionID != sec.ID {
			t.Errorf("section %d, want Assam %d (Jorhat's top-level category)", meta.SectionID, sec.ID)
		}
		if en.Status != news.Published || !en.PublishedAt.Equal(wxrgen.Date(0, 0)) || !en.UpdatedAt.Equal(wxrgen.Date(0, 0).Add(3*time.Hour)) {
			t.Errorf("en edition %s %v %v", en.Status, en.PublishedAt, en.UpdatedAt)
		}
		if en.Headline != "Brahmaputra crosses danger mark at Neamatighat – group 0" || en.Standfirst != "Water levels rose by 40 cm overnight." {
			t.Errorf("headline %q standfirst %q", en.Headline, en.Standfirst)
		}
		if en.Image == nil || en.Image.Alt != "Boats on the flooded road, picture 0" || en.Image.Credit != "Pranab Das" || en.Image.Caption != "Flood waters at site 0" {
			t.Errorf("featured picture %+v", en.Image)
		}
		if strings.Contains(en.Body, "wp:") || strings.Contains(en.Body, "[caption") || !strings.Contains(en.Body, "<figcaption>Villagers move cattle to higher ground</figcaption>") ||
			!strings.Contains(en.Body, `<img src="/media/`) || strings.Contains(en.Body, "oldnews.example") {
			t.Errorf("en body %s", en.Body)
		}
		as, err := st.EditionOf(ctx, storyID, locale.Assamese)
		if err != nil || as.Slug != "বান-পৰিস্থিতি-0-1" || !strings.Contains(as.Body, "<h2>সাহায্য শিবিৰ</h2>") {
			t.Fatalf("as edition %+v %v", as, err)
		}
		if a, err := st.AuthorBySlug(ctx, "rituraj"); err != nil || as.AuthorIDs[0] != a.ID || a.Name.AS != "ঋতুৰাজ কলিতা" {
			t.Errorf("as byline %v %+v %v", as.AuthorIDs, a, err)
		}
		// Threaded comments: the reply of a reply hangs on its top-level comment.
		if got := f.count("SELECT COUNT(*) FROM comments WHERE story_id = ? AND lang = 'en'", storyID); got != 4 {
			t.Errorf("%d English comments", got)
		}
		if got := f.count(`SELECT COUNT(*) FROM comments r JOIN comments p ON p.id = r.parent_id
			WHERE r.story_id = ? AND r.body = 'Thank you, Bikash.' AND p.author_name = 'Rina & Family' AND p.parent_id IS NULL`, storyID); got != 1 {
			t.Error("the third-level reply is not attached to its top-level comment")
		}
		if got := f.count("SELECT COUNT(*) FROM comments WHERE story_id = ? AND status = 'pending'", storyID); got != 1 {
			t.Errorf("%d pending comments", got)
		}

		// The classic post: paragraphs, its gallery, its embed, and links to the others.
		to2 := f.redirect(pathOf(wxrgen.Link(0, 2)))
		var id2 int64
		fmtSscan(to2, "/news/%d/", &id2)
		e2, _ := st.EditionOf(ctx, id2, locale.English)
		for _, want := range []string{"<br>", `href="` + to + `" rel="nofollow">first report`, `href="/as/news/`, `<a href="https://www.youtube.com/watch?v=abc123" rel="nofollow">`} {
			if !strings.Contains(e2.Body, want) {
				t.Errorf("classic body lacks %q: %s", want, e2.Body)
			}
		}
		if strings.Count(e2.Body, "<figure>") != 2 {
			t.Errorf("gallery: %s", e2.Body)
		}
		// States and dates.
		state := func(k int) news.Edition {
			var id int64
			if err := d.QueryRow(ctx, "SELECT target_id FROM wp_items WHERE kind = 'post' AND wp_id = ?", wxrgen.PostID(0, k)).Scan(&id); err != nil {
				t.Fatalf("post %d: %v", k, err)
			}
			e, _ := st.Edition(ctx, id)
			return e
		}
		if e := state(4); e.Status != news.Draft || !e.PublishedAt.IsZero() {
			t.Errorf("draft %s %v", e.Status, e.PublishedAt)
		}
		if e := state(5); e.Status != news.Scheduled || !e.PublishedAt.Equal(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("future %s %v", e.Status, e.PublishedAt)
		}
		if e := state(6); e.Status != news.Draft {
			t.Errorf("private %s", e.Status)
		}
		if e := state(8); e.Status != news.Submitted {
			t.Errorf("pending %s", e.Status)
		}
		if e := state(9); strings.Contains(e.Body, "alert") || strings.Contains(e.Body, "iframe") || !strings.Contains(e.Body, "clip.mp4") {
			t.Errorf("sanitised body %s", e.Body)
		}

		// Old addresses.
		for from, want := range map[string]string{
			"/?p=" + itoa(wxrgen.PostID(0, 0)):    to,
			pathOf(wxrgen.Link(0, 0)) + "feed/":   to,
			"/?p=" + itoa(wxrgen.PostID(0, 1)):    "/as/news/" + itoa(storyID) + "/" + url.PathEscape("বান-পৰিস্থিতি-0-1"),
			"/category/assam/":                    "/section/assam",
			"/category/assam/upper-assam/jorhat/": "/tag/jorhat",
			"/?cat=6":                             "/section/sports",
			"/category/%e0%a6%b8%e0%a6%82%e0%a6%b8%e0%a7%8d%e0%a6%95%e0%a7%83%e0%a6%a4%e0%a6%bf/": "/section/section-8",
			"/tag/tea-gardens/": "/tag/tea-gardens",
			"/author/anjali/":   "/author/anjali",
			"/about-us/":        "/page/about-us",
			"/?page_id=10":      "/page/about-us",
			"/?attachment_id=" + itoa(wxrgen.AttachmentID(0, 0)):                               to,
			pathOf(wxrgen.Link(0, 0)) + "flood-0-0/":                                           to,
			strings.Replace(pathOf(wxrgen.Link(0, 2)), "flood-update-0-2", "first-draft-0", 1): to2,
		} {
			if got := f.redirect(from); got != want {
				t.Errorf("%s → %q, want %q", from, got, want)
			}
		}
		if _, ok, _ := f.st.Redirects.Find(ctx, "/?p="+itoa(wxrgen.PostID(0, 4))); ok {
			t.Error("a draft got a redirect")
		}
		// Sections and tags with decoded names; pages joined by language.
		if s, err := st.SectionBySlug(ctx, "arts-culture"); err != nil || s.Name.EN != "Arts & Culture" {
			t.Errorf("arts section %+v %v", s, err)
		}
		if s, err := st.SectionBySlug(ctx, "section-8"); err != nil || s.Name.AS != "সংস্কৃতি" {
			t.Errorf("assamese section %+v %v", s, err)
		}
		about, others, err := f.st.Pages.Published(ctx, locale.Assamese, "আমাৰ-বিষয়ে")
		if err != nil || len(others) != 1 || others[0].Slug != "about-us" || about.Body != "<p>আমি অসমৰ এখন স্বাধীন বাতৰি কাকত।</p>" {
			t.Errorf("about page %+v %+v %v", about, others, err)
		}
		// Authors get disabled accounts.
		if got := f.count("SELECT COUNT(*) FROM users WHERE status = 'suspended'"); got != 3 {
			t.Errorf("%d disabled accounts", got)
		}

		// A second run duplicates nothing; a changed post is updated.
		again := f.run(wpimport.Options{})
		if again.Counts["posts"] != 0 || again.Counts["comments"] != 0 || again.Counts["unchanged"] < 9*groups {
			t.Errorf("second run %v", again.Counts)
		}
		if got := f.count("SELECT COUNT(*) FROM stories"); got != 8*groups {
			t.Errorf("%d stories after a second run", got)
		}
		raw, _ := os.ReadFile(f.export)
		os.WriteFile(f.export, bytes.Replace(raw, []byte("A second line of the same paragraph."), []byte("A corrected line."), 1), 0o644)
		third := f.run(wpimport.Options{})
		if third.Counts["posts"] != 1 || third.Counts["updated"] != 1 {
			t.Errorf("third run %v", third.Counts)
		}
		e2, _ = st.EditionOf(ctx, id2, locale.English)
		if !strings.Contains(e2.Body, "A corrected line.") || e2.Revision != 2 || !strings.Contains(e2.Body, `href="`+to+`"`) {
			t.Errorf("updated body (revision %d) %s", e2.Revision, e2.Body)
		}
		if got := f.count("SELECT COUNT(*) FROM stories"); got != 8*groups {
			t.Errorf("%d stories after an update", got)
		}
	})
}

func TestImportDetectsLanguageAndBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, wxrgen.Options{Groups: 2})
		sum := f.run(wpimport.Options{Language: locale.English})
		if sum.Counts["posts"] != 18 || f.count("SELECT COUNT(*) FROM editions WHERE lang = 'as'") != 4 || f.count("SELECT COUNT(*) FROM editions WHERE lang = 'en'") != 14 {
			t.Fatalf("without Polylang: %v", sum.Counts)
		}
		// WPML's language fields join translations as Polylang's taxonomies do.
		w := newFixture(t, dbtest.Open(t, d.Dialect), wxrgen.Options{Groups: 2, WPML: true})
		sum = w.run(wpimport.Options{Language: locale.English})
		if sum.Counts["editions joined"] != 2 || w.count("SELECT COUNT(*) FROM stories") != 16 {
			t.Fatalf("WPML: %v, %d stories", sum.Counts, w.count("SELECT COUNT(*) FROM stories"))
		}
		_ = ctx

		// A truncated file: what comes before the break is imported, and the summary says
		// where reading stopped.
		g := newFixture(t, dbtest.Open(t, d.Dialect), wxrgen.Options{Groups: 4, Polylang: true})
		raw, _ := os.ReadFile(g.export)
		cut := bytes.Index(raw, []byte(itoa(wxrgen.PostID(2, 5))))
		os.WriteFile(g.export, raw[:cut], 0o644)
		sum = g.run(wpimport.Options{})
		if sum.Stopped == nil || !strings.Contains(sum.Stopped.Error(), "line ") || !strings.Contains(sum.Stopped.Error(), "the item that starts at line") || sum.Counts["posts"] != 9*2+5 {
			t.Fatalf("truncated: %v %v", sum.Stopped, sum.Counts)
		}
		// Once the file is whole the import goes on from where it stopped.
		os.WriteFile(g.export, raw, 0o644)
		sum = g.run(wpimport.Options{})
		if sum.Stopped != nil || sum.Counts["posts"] != 9*4-(9*2+5) || sum.Counts["unchanged"] < 9*2+5 || g.count("SELECT COUNT(*) FROM stories") != 8*4 {
			t.Fatalf("resumed: %v %v, %d stories", sum.Stopped, sum.Counts, g.count("SELECT COUNT(*) FROM stories"))
		}

		for name, body := range map[string]string{
			"html":     "<!doctype html><html><body><p>hello</p></body></html>",
			"rss":      `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</title></item></channel></rss>`,
			"garbage":  "this is not XML at all",
			"encoding": `<?xml version="1.0" encoding="EBCDIC"?><rss/>`,
		} {
			h := newFixture(t, d, wxrgen.Options{})
			os.WriteFile(h.export, []byte(body), 0o644)
			_, err := wpimport.Run(ctx, h.st, func() (io.ReadCloser, error) { return os.Open(h.export) }, wpimport.Options{})
			if err == nil {
				t.Errorf("%s: imported", name)
			}
		}
		if f.count("SELECT COUNT(*) FROM stories") != 18 {
			t.Error("bad files wrote stories")
		}
	})
}

// TestImportBadItems: bytes that are not UTF-8, a control character XML forbids, broken XML
// inside an item, a body larger than Batori takes and two pages at one address each get a
// message naming the item and its line, and everything else is imported; the dry run
// reports the same.
func TestImportBadItems(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d, wxrgen.Options{Groups: 2, Polylang: true, Pictures: true, PictureGroups: 1})
		// A picture missing from the uploads folder: post 1000's featured picture and the one
		// of its [caption].
		if err := os.Remove(filepath.Join(f.ups, "2020", "01", "flood-0-0.jpg")); err != nil {
			t.Fatal(err)
		}
		raw, _ := os.ReadFile(f.export)
		second := []byte("A second line")
		huge := bytes.Index(raw, second) + 1 + bytes.Index(raw[bytes.Index(raw, second)+1:], second) // post 1102's
		raw = append(raw[:huge:huge], append([]byte("<p>"+strings.Repeat("A long paragraph. ", 28000)+"</p>"), raw[huge+len(second):]...)...)
		for _, r := range [][2]string{
			{"A second line", "A s\xe9cond line"}, // post 1002
			{"সাহায্য শিবিৰ</h2>", "সাহায্য\x0bশিবিৰ</h2>"}, // post 1001
			{"<wp:post_id>1104</wp:post_id>", "<wp:post_id>1104</wp:post_idx>"},
			{"<wp:post_name><![CDATA[privacy-policy]]>", "<wp:post_name><![CDATA[about-us]]>"},
		} {
			raw = bytes.Replace(raw, []byte(r[0]), []byte(r[1]), 1)
		}
		os.WriteFile(f.export, raw, 0o644)
		lineAt := func(s string) int { return bytes.Count(raw[:bytes.Index(raw, []byte(s))], []byte("\n")) + 1 }
		lineOf := func(s string) int { // the line of the <item> holding s
			i := bytes.Index(raw, []byte(s))
			return bytes.Count(raw[:bytes.LastIndex(raw[:i], []byte("<item>"))], []byte("\n")) + 1
		}

		dry := f.run(wpimport.Options{DryRun: true})
		sum := f.run(wpimport.Options{})
		for _, s := range []*wpimport.Summary{dry, sum} {
			if s.Stopped != nil || s.Counts["posts"] != 18-2 || s.Counts["pages"] != 4 {
				t.Fatalf("counts %v, stopped %v", s.Counts, s.Stopped)
			}
			skipped := strings.Join(s.Skipped, "\n")
			for _, want := range []string{
				fmt.Sprintf("line %d, post 1102 ", lineOf("<wp:post_id>1102<")), "body: too_long",
				fmt.Sprintf("line %d: the item: malformed XML at line %d: element <post_id> closed by </post_idx>; skipped, reading went on at line %d",
					lineOf("<wp:post_id>1104<"), lineAt("</wp:post_idx>"), lineOf("<wp:post_id>1105<")),
				// Line numbers after the break are the file's.
				fmt.Sprintf("line %d, post 1107 ", lineOf("<wp:post_id>1107<")),
			} {
				if !strings.Contains(skipped, want) {
					t.Errorf("no %q in skipped:\n%s", want, skipped)
				}
			}
			warnings := strings.Join(s.Warnings, "\n")
			for _, want := range []string{
				fmt.Sprintf("line %d, post 1002 %q: line %d: bytes that are not UTF-8 replaced with �", lineOf("<wp:post_id>1002<"),
					"Brahmaputra crosses danger mark at Neamatighat – group 0 (2)", lineAt("A s\xe9cond")),
				fmt.Sprintf("line %d, post 1001 ", lineOf("<wp:post_id>1001<")), "a control character XML forbids removed",
				"page 12 \"Privacy policy\": its address is another page's; imported at /page/about-us-12",
				fmt.Sprintf("line %d, attachment 1050 \"flood-0-0\": picture 2020/01/flood-0-0.jpg is missing from the uploads folder", lineOf("<wp:post_id>1050<")),
				fmt.Sprintf("line %d, post 1000 ", lineOf("<wp:post_id>1000<")), "its featured picture (attachment 1050) was not imported",
				"uploads/2020/01/flood-0-0-300x200.jpg was not imported",
			} {
				if !strings.Contains(warnings, want) {
					t.Errorf("no %q in warnings:\n%s", want, warnings)
				}
			}
		}
		if got := f.count("SELECT COUNT(*) FROM editions"); got != 16 {
			t.Errorf("%d editions", got)
		}
		var id int64
		d.QueryRow(ctx, "SELECT target_id FROM wp_items WHERE kind = 'post' AND wp_id = 1002").Scan(&id)
		if e, err := f.st.News.Edition(ctx, id); err != nil || !strings.Contains(e.Body, "A s\uFFFDcond line") {
			t.Errorf("repaired body %q %v", e.Body, err)
		}
		if _, _, err := f.st.Pages.Published(ctx, locale.English, "about-us-12"); err != nil {
			t.Errorf("the second page at /about-us: %v", err)
		}

		// The same site exported again after a move that renumbered a post: found by its
		// GUID, nothing is duplicated.
		os.WriteFile(f.export, bytes.Replace(raw, []byte("<wp:post_id>1000</wp:post_id>"), []byte("<wp:post_id>9000</wp:post_id>"), 1), 0o644)
		again := f.run(wpimport.Options{})
		if again.Counts["posts"] != 0 || again.Counts["comments"] != 0 || f.count("SELECT COUNT(*) FROM editions") != 16 {
			t.Errorf("after renumbering: %v, %d editions", again.Counts, f.count("SELECT COUNT(*) FROM editions"))
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// fmtSscan reads the story id out of a story path.
func fmtSscan(s, format string, id *int64) (int, error) { return fmt.Sscanf(s, format, id) }
