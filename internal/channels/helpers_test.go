package channels_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/channels"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/queue"
)

var quiet = slog.New(slog.DiscardHandler)

// Tokens of the fake bots, in the shape BotFather gives.
const (
	tokenEN = "1111111:AAEnglishBotSecretToken_abcdefgh"
	tokenAS = "2222222:AAAssameseBotSecretToken-ijklmnop"
)

// call is one request the fake Bot API received.
type call struct {
	Token, Method string
	Form          url.Values
}

// fakeBot is a Bot API written for the tests: it records every call and answers with what
// the test scripted, by default success with increasing message ids.
type fakeBot struct {
	srv *httptest.Server
	mu  sync.Mutex
	// calls are the requests received, in order.
	calls []call
	// answer, when set, answers a call instead of the default success; status 0 means
	// success.
	answer func(c call, n int) (status int, body string)
	next   int64
}

func newFakeBot(t *testing.T) *fakeBot {
	f := &fakeBot{}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeBot) serve(w http.ResponseWriter, r *http.Request) {
	// /bot<token>/<method>
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	c := call{Token: token, Method: method, Form: form}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	n := len(f.calls)
	answer := f.answer
	f.next++
	id := f.next
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	if answer != nil {
		if status, b := answer(c, n); status != 0 {
			w.WriteHeader(status)
			io.WriteString(w, b)
			return
		}
	}
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": map[string]any{"message_id": id, "chat": map[string]any{"id": -100}}})
}

func (f *fakeBot) Calls() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func (f *fakeBot) setAnswer(fn func(c call, n int) (int, string)) {
	f.mu.Lock()
	f.answer = fn
	f.mu.Unlock()
}

// apiError is the Bot API's error body.
func apiError(code int, desc string, retryAfter int) string {
	m := map[string]any{"ok": false, "error_code": code, "description": desc}
	if retryAfter > 0 {
		m["parameters"] = map[string]any{"retry_after": retryAfter}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// newStory inserts a story with an edition in lang, published or not, and returns its id.
func newStory(t *testing.T, d *db.DB, lang locale.Lang, headline string, published bool) int64 {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Microsecond)
	var id int64
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO sections (slug, name_en, name_as, created_at) VALUES ('news', 'News', 'বাতৰি', ?) ON CONFLICT (slug) DO NOTHING", now); err != nil {
			return err
		}
		var section int64
		if err := tx.QueryRow(ctx, "SELECT id FROM sections WHERE slug = 'news'").Scan(&section); err != nil {
			return err
		}
		var err error
		if id, err = tx.InsertID(ctx, "INSERT INTO stories (section_id, created_at) VALUES (?, ?)", section, now); err != nil {
			return err
		}
		status := "draft"
		if published {
			status = "published"
		}
		_, err = tx.Exec(ctx, `INSERT INTO editions (story_id, lang, slug, headline, status, published_at, modified_at, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, string(lang), fmt.Sprintf("story-%d", id), headline, status, now, now, now)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// enqueue queues story id's post in lang as the publishing transaction would.
func enqueue(t *testing.T, d *db.DB, id int64, lang locale.Lang) bool {
	t.Helper()
	var queued bool
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		queued, err = channels.EnqueueTx(context.Background(), tx, id, lang)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return queued
}

// composer words posts from the editions table, as the reader site does in the application.
func composer(d *db.DB) channels.Compose {
	return func(ctx context.Context, storyID int64, lang locale.Lang) (channels.Message, bool, error) {
		var headline, slug string
		err := d.QueryRow(ctx, "SELECT headline, slug FROM editions WHERE story_id = ? AND lang = ? AND status = 'published'", storyID, string(lang)).Scan(&headline, &slug)
		if err == db.ErrNoRows {
			return channels.Message{}, false, nil
		} else if err != nil {
			return channels.Message{}, false, err
		}
		m := channels.Message{Headline: headline, URL: "https://news.example.org/news/" + fmt.Sprint(storyID) + "/" + slug, LinkText: "Read the story"}
		if strings.Contains(headline, "picture") {
			m.PhotoURL = "https://news.example.org/media/p.jpg"
		}
		return m, true, nil
	}
}

// fastOptions make retries quick enough for tests.
func fastOptions() channels.WorkerOptions {
	return channels.WorkerOptions{Options: queue.Options{PollInterval: 20 * time.Millisecond, Backoff: 20 * time.Millisecond, MaxBackoff: 50 * time.Millisecond, SendTimeout: 5 * time.Second}}
}

func startWorker(t *testing.T, w *channels.Worker) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
}

// deadline bounds every wait for the worker.
const deadline = 20 * time.Second

// waitPost waits until the post of story id in lang has status, and returns it.
func waitPost(t *testing.T, s *channels.Store, lang locale.Lang, id int64, status string) channels.Post {
	t.Helper()
	end := time.Now().Add(deadline)
	var last channels.Post
	for time.Now().Before(end) {
		list, err := s.Recent(context.Background(), lang, 200)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.StoryID == id {
				last = p
				if p.Status == status {
					return p
				}
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("post of story %d in %s: %+v, want status %s", id, lang, last, status)
	return last
}

func configure(t *testing.T, s *channels.Store, lang locale.Lang, chat, token string) {
	t.Helper()
	if err := s.Save(context.Background(), channels.ChannelInput{Lang: lang, ChatID: chat, Token: token}); err != nil {
		t.Fatal(err)
	}
}

func itoa(n int64) string { return fmt.Sprint(n) }

// find returns the post of story id in lang.
func find(t *testing.T, s *channels.Store, lang locale.Lang, id int64) channels.Post {
	t.Helper()
	list, err := s.Recent(context.Background(), lang, 200)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range list {
		if p.StoryID == id {
			return p
		}
	}
	t.Fatalf("no post of story %d in %s", id, lang)
	return channels.Post{}
}

// waitFor polls fn until it reports true, within the deadline.
func waitFor(t *testing.T, fn func() (channels.Post, bool)) channels.Post {
	t.Helper()
	end := time.Now().Add(deadline)
	for {
		p, ok := fn()
		if ok {
			return p
		}
		if time.Now().After(end) {
			t.Fatalf("gave up waiting; last %+v", p)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
