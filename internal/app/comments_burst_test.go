package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/secretbox"
	"github.com/batori-news/batori/internal/testkit"
)

// commentFillTime is how long a burst reader "takes" over the form: a little more than the
// comment store's minimum fill time of three seconds.
const commentFillTime = 3100 * time.Millisecond

// commentMarker finds the marker each burst comment carries, unique to its reader.
var commentMarker = regexp.MustCompile(`burst-marker-\d{4}`)

// TestCommentBurst has a thousand readers, each at an address and with an e-mail address of
// their own, send the comment form of one story at the same moment through the real server
// over loopback, a few of them twice at once (a double click, the same form key), and checks
// that every comment the server acknowledged is stored exactly once and held for moderation,
// that answers and rows agree, and that all of it is still there after a crash: the database
// abandoned without any graceful shutdown and a new app opened on the same data.
func TestCommentBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("burst test")
	}
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := mk(t)
			cfg.Migrate = true
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			story := seedStory(ctx, t, a)
			base := testkit.Serve(ctx, t, a.ServeListener)

			// One reader opens the story; everyone else was handed the same cached page.
			form := fetchCommentForm(t, base, story)
			if wait := time.Until(form.issued.Add(commentFillTime)); wait > 0 {
				time.Sleep(wait)
			}
			requests := make([]*http.Request, burstSize)
			doubles := map[int]*http.Request{}
			for i := range requests {
				requests[i] = form.post(t, base, i)
				if i%40 == 7 {
					doubles[i] = form.post(t, base, i)
				}
			}

			answers, doubleAnswers, took := fireBurst(requests, doubles)

			// Each comment is held for moderation and the reader is sent back to the story.
			pending := form.article + "?comment=pending#comments"
			acked := map[string]bool{}
			statuses := map[int]int{}
			refused := 0
			for i, ans := range answers {
				statuses[ans.status]++
				switch {
				case ans.err != nil:
					refused++
					t.Errorf("reader %d: %v", i, ans.err)
				case ans.status >= 200 && ans.status < 400:
					acked[burstMarker(i)] = true
					if ans.location != pending {
						t.Errorf("reader %d sent to %q, want %q", i, ans.location, pending)
					}
				default:
					refused++
					t.Errorf("reader %d: status %d", i, ans.status)
				}
			}
			for i, ans := range doubleAnswers {
				if ans.err != nil || ans.status != answers[i].status || ans.location != answers[i].location {
					t.Errorf("double click of reader %d: %d %q %v; first answer %d %q", i, ans.status, ans.location, ans.err, answers[i].status, answers[i].location)
				}
			}
			stored := checkBurstComments(ctx, t, a, story.StoryID, acked)
			// The rate limits saw a thousand clients, as they would on the Internet.
			var clients int
			if err := a.DB.QueryRow(ctx, "SELECT COUNT(DISTINCT client_key) FROM comments").Scan(&clients); err != nil {
				t.Fatal(err)
			}
			if clients != stored {
				t.Errorf("%d comments came from %d client addresses, want one each", stored, clients)
			}
			t.Logf("%s: %d readers (+%d double clicks) at once in %s (%.0f requests/s); answers %v, %d refused; %d acknowledged, %d stored",
				name, burstSize, len(doubles), took.Round(time.Millisecond), float64(burstSize+len(doubles))/took.Seconds(),
				statuses, refused, len(acked), stored)

			// The crash: nothing is shut down or flushed. For SQLite, the files are copied
			// as they lie on disk while the app still holds them open, as a killed process
			// leaves them (the WAL first, then the database, and no shared-memory index, which
			// SQLite rebuilds from the WAL). Then the database is closed under the running
			// server, with no graceful shutdown of the server or its workers.
			var image config.Config
			if cfg.DatabaseURL == "" {
				image = cfg
				image.DataDir = t.TempDir()
				var sizes []string
				for _, f := range []string{"batori.db-wal", "batori.db"} {
					n := copyFile(t, filepath.Join(cfg.DataDir, f), filepath.Join(image.DataDir, f))
					sizes = append(sizes, fmt.Sprintf("%s %d KiB", f, n>>10))
				}
				// The key file is part of the data folder: without it the copy's sealed secrets
				// (and the key check) do not open.
				copyFile(t, filepath.Join(cfg.DataDir, secretbox.KeyFile), filepath.Join(image.DataDir, secretbox.KeyFile))
				t.Logf("crash image: %s", strings.Join(sizes, ", "))
			}
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
			reopened := []config.Config{cfg}
			if image.DataDir != "" {
				reopened = append(reopened, image)
			}
			for _, c := range reopened {
				what := "the same " + name + " database"
				if c.DataDir == image.DataDir {
					what = "the crash image of the SQLite files"
				}
				began := time.Now()
				b, err := app.New(ctx, c, quiet)
				if err != nil {
					t.Fatalf("reopen %s: %v", what, err)
				}
				n := checkBurstComments(ctx, t, b, story.StoryID, acked)
				counts, err := b.Comments.QueueCounts(ctx, story.StoryID)
				if err != nil {
					t.Fatal(err)
				}
				if counts["pending"] != len(acked) || counts["approved"] != 0 {
					t.Errorf("after reopening %s the queue counts %v, want %d pending and none approved", what, counts, len(acked))
				}
				t.Logf("reopened %s in %s: %d of %d acknowledged comments there, %d pending", what,
					time.Since(began).Round(time.Millisecond), n, len(acked), counts["pending"])
				b.Close()
			}
		})
	}
}

// burstMarker is the unique text in reader i's comment.
func burstMarker(i int) string { return fmt.Sprintf("burst-marker-%04d", i) }

// checkBurstComments checks that every acknowledged comment on the story is stored exactly
// once, held for moderation, and that nothing else is; it returns how many comments the
// story has.
func checkBurstComments(ctx context.Context, t *testing.T, a *app.App, storyID int64, acked map[string]bool) int {
	t.Helper()
	rows, err := a.DB.Query(ctx, "SELECT id, body, author_email, status FROM comments WHERE story_id = ?", storyID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	stored := map[string][]int64{}
	n := 0
	for rows.Next() {
		var id int64
		var body, email, status string
		if err := rows.Scan(&id, &body, &email, &status); err != nil {
			t.Fatal(err)
		}
		n++
		marker := commentMarker.FindString(body)
		if marker == "" {
			t.Errorf("comment %d has no burst marker: %q", id, body)
			continue
		}
		stored[marker] = append(stored[marker], id)
		if want := "reader" + strings.TrimPrefix(marker, "burst-marker-") + "@example.org"; email != want {
			t.Errorf("comment %d (%s) is from %q, want %q", id, marker, email, want)
		}
		if status != "pending" {
			t.Errorf("comment %d (%s) is %s, want pending", id, marker, status)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for marker, ids := range stored {
		if len(ids) > 1 {
			t.Errorf("%s stored %d times: %v", marker, len(ids), ids)
		}
		if !acked[marker] {
			t.Errorf("%s stored although the server refused it", marker)
		}
	}
	var lost []string
	for marker := range acked {
		if len(stored[marker]) == 0 {
			lost = append(lost, marker)
		}
	}
	if len(lost) > 0 {
		slices.Sort(lost)
		t.Errorf("%d acknowledged comments are not stored: %v", len(lost), lost[:min(len(lost), 20)])
	}
	return n
}

// seedStory loads the demo newspaper, with small pictures, and returns its newest English
// story.
func seedStory(ctx context.Context, t *testing.T, a *app.App) news.Teaser {
	t.Helper()
	n, err := demo.Seed(ctx, demo.Stores{News: a.News, Settings: a.Settings, Media: a.Media}, demo.Options{})
	if err != nil || n == 0 {
		t.Fatalf("demo.Seed = %d, %v", n, err)
	}
	list, err := a.News.Published(ctx, news.Filter{Lang: locale.English}, 1, 0)
	if err != nil || len(list) == 0 {
		t.Fatalf("no published English story: %v", err)
	}
	return list[0]
}

// commentForm is an article's comment form as the page hands it to readers.
type commentForm struct {
	article string // the article's path
	action  string
	hidden  url.Values // the form's hidden fields: the one-time key and the signed time
	issued  time.Time  // the time signed into the token
}

// fetchCommentForm opens the story as a reader would and reads its comment form, checking that
// it asks for what the burst fills in.
func fetchCommentForm(t *testing.T, base string, story news.Teaser) commentForm {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second}
	res, err := client.Get(base + "/news/" + strconv.FormatInt(story.StoryID, 10))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("GET story %d = %d\n%s", story.StoryID, res.StatusCode, body)
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	f := commentForm{article: res.Request.URL.Path, hidden: url.Values{}}
	sel := doc.Find(`form.comment-form[method=post]`)
	if sel.Length() != 1 {
		t.Fatalf("the story %s has %d comment forms, want 1", f.article, sel.Length())
	}
	f.action = sel.AttrOr("action", "")
	if f.action != f.article+"/comments" {
		t.Errorf("the comment form posts to %q, want %q", f.action, f.article+"/comments")
	}
	var fields []string
	sel.Find("input[name], textarea[name]").Each(func(_ int, in *goquery.Selection) {
		name := in.AttrOr("name", "")
		fields = append(fields, name)
		if in.AttrOr("type", "") == "hidden" {
			f.hidden.Set(name, in.AttrOr("value", ""))
		}
	})
	for _, want := range []string{"key", "token", "website", "name", "email", "body", "notify"} {
		if !slices.Contains(fields, want) {
			t.Fatalf("the comment form has fields %v, no %q", fields, want)
		}
	}
	ms, _, _ := strings.Cut(f.hidden.Get("token"), ".")
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil || f.hidden.Get("key") == "" {
		t.Fatalf("the comment form's key %q and token %q", f.hidden.Get("key"), f.hidden.Get("token"))
	}
	f.issued = time.UnixMilli(n)
	return f
}

// post is reader n's filled-in form: their name, their own address and a comment carrying
// their marker; every other reader asks to hear when it is published.
func (f commentForm) post(t *testing.T, base string, n int) *http.Request {
	t.Helper()
	v := url.Values{}
	for k, vs := range f.hidden {
		v[k] = slices.Clone(vs)
	}
	v.Set("website", "")
	v.Set("name", fmt.Sprintf("Reader %d", n))
	v.Set("email", fmt.Sprintf("reader%04d@example.org", n))
	v.Set("body", fmt.Sprintf("The ferry from Nimati ghat did not sail again this morning (%s).", burstMarker(n)))
	if n%2 == 0 {
		v.Set("notify", "on")
	}
	req, err := http.NewRequest(http.MethodPost, base+f.action, strings.NewReader(v.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

// copyFile copies src to dst and returns its size; a missing src is no error, as SQLite may
// have no WAL file.
func copyFile(t *testing.T, src, dst string) int {
	t.Helper()
	data, err := os.ReadFile(src)
	if os.IsNotExist(err) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return len(data)
}
