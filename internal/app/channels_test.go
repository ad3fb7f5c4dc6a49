package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/channels"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/testkit"
)

// botAPI is a Bot API written for the test: it records each sendMessage and sendPhoto and
// answers 502, as a Telegram that is away, until it is brought up.
type botAPI struct {
	mu    sync.Mutex
	up    bool
	calls []url.Values
	paths []string
}

func (b *botAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.up {
		http.Error(w, "bad gateway", http.StatusBadGateway)
		return
	}
	b.calls = append(b.calls, form)
	b.paths = append(b.paths, r.URL.Path)
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"ok": true, "result": map[string]any{"message_id": len(b.calls)}})
}

func (b *botAPI) sent() ([]url.Values, []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]url.Values(nil), b.calls...), append([]string(nil), b.paths...)
}

// TestChannelsPostEachPublicationOnce: publishing queues a post to the edition's language's
// channel; while Telegram is away publication and the reader pages go on, and the post waits;
// once Telegram is back it is sent, with the link on the site's origin, once: republishing
// and editing the story post nothing more.
func TestChannelsPostEachPublicationOnce(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			bot := &botAPI{}
			srv := httptest.NewServer(bot)
			defer srv.Close()
			cfg := mk(t)
			cfg.Migrate = true
			cfg.BaseURL = "https://news.example.org"
			cfg.TelegramAPI = srv.URL
			ctx := context.Background()
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			const tokenEN, tokenAS = "1111111:AAEnglishBotSecretToken_abcdefgh", "2222222:AAAssameseBotSecretToken-ijklmnop"
			for _, in := range []channels.ChannelInput{
				{Lang: locale.English, ChatID: "@batori_news", Token: tokenEN},
				{Lang: locale.Assamese, ChatID: "-1009876543210", Token: tokenAS},
			} {
				if err := a.Channels.Save(ctx, in); err != nil {
					t.Fatal(err)
				}
			}
			ln := testkit.Listen(t)
			sctx, stop := context.WithCancel(ctx)
			done := make(chan error, 1)
			go func() { done <- a.ServeListener(sctx, ln) }()
			defer func() { stop(); <-done }()

			sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
			if err != nil {
				t.Fatal(err)
			}
			f := &newsroomFixture{t: t, ctx: ctx, a: a, section: sec.ID}
			story := f.story()
			f.publish(story, locale.English, "Embankment breached at Majuli")
			// Publication went through and the story is on the site while Telegram is away.
			req := httptest.NewRequest("GET", "https://news.example.org/news/"+strconv.FormatInt(story, 10)+"/embankment-breached-at-majuli", nil)
			rec := httptest.NewRecorder()
			a.Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusOK && rec.Code != http.StatusMovedPermanently {
				t.Errorf("the published story's page: %d", rec.Code)
			}
			post := func(lang locale.Lang) channels.Post {
				t.Helper()
				list, err := a.Channels.Recent(ctx, lang, 10)
				if err != nil {
					t.Fatal(err)
				}
				if len(list) != 1 {
					t.Fatalf("%d %s posts, want 1: %+v", len(list), lang, list)
				}
				return list[0]
			}
			waitUntil := func(what string, ok func() bool) {
				t.Helper()
				end := time.Now().Add(20 * time.Second)
				for !ok() {
					if time.Now().After(end) {
						t.Fatalf("gave up waiting for %s", what)
					}
					time.Sleep(20 * time.Millisecond)
				}
			}
			// Telegram is away: the worker tried, recorded the failure, and keeps the post.
			waitUntil("a failed attempt", func() bool { return post(locale.English).Attempts >= 1 && post(locale.English).LastError != "" })
			if p := post(locale.English); p.Status != channels.StatusQueued || p.ErrorCode != http.StatusBadGateway || strings.Contains(p.LastError, "AAEnglish") {
				t.Errorf("post while Telegram is away: %+v", p)
			}
			// Telegram is back; the retry is made due now rather than after its backoff.
			bot.mu.Lock()
			bot.up = true
			bot.mu.Unlock()
			if _, err := a.DB.Exec(ctx, "UPDATE channel_posts SET next_attempt_at = ?", time.Now().UTC().Add(-time.Second)); err != nil {
				t.Fatal(err)
			}
			a.Channels.Kick()
			waitUntil("the English post", func() bool { return post(locale.English).Status == channels.StatusSent })
			f.publish(story, locale.Assamese, "মাজুলীত মথাউৰি ভাঙিল")
			waitUntil("the Assamese post", func() bool { return post(locale.Assamese).Status == channels.StatusSent })

			calls, paths := bot.sent()
			if len(calls) != 2 {
				t.Fatalf("%d posts sent, want 2", len(calls))
			}
			id := strconv.FormatInt(story, 10)
			if paths[0] != "/bot"+tokenEN+"/sendMessage" || calls[0].Get("chat_id") != "@batori_news" ||
				!strings.Contains(calls[0].Get("text"), `<a href="https://news.example.org/news/`+id+`/`) ||
				!strings.Contains(calls[0].Get("text"), "<b>Embankment breached at Majuli</b>") {
				t.Errorf("English post to %s: %v", paths[0], calls[0])
			}
			if paths[1] != "/bot"+tokenAS+"/sendMessage" || calls[1].Get("chat_id") != "-1009876543210" ||
				!strings.Contains(calls[1].Get("text"), `https://news.example.org/as/news/`+id+`/`) ||
				!strings.Contains(calls[1].Get("text"), "বাতৰিটো পঢ়ক") {
				t.Errorf("Assamese post to %s: %v", paths[1], calls[1])
			}

			// Withdrawn and published again, then edited: no second post.
			e, err := a.News.EditionOf(ctx, story, locale.English)
			if err != nil {
				t.Fatal(err)
			}
			if err := a.News.Withdraw(ctx, news.Actor{Editor: true}, e.ID); err != nil {
				t.Fatal(err)
			}
			if err := a.News.Publish(ctx, e.ID, time.Now().Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
			e, err = a.News.EditionOf(ctx, story, locale.English)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: story, Lang: locale.English, Headline: "Embankment breached at Majuli: army called in",
				Body: "<p>More.</p>", BaseRevision: e.Revision}); err != nil {
				t.Fatal(err)
			}
			a.Channels.Kick()
			if n, err := a.Channels.CountsIn(ctx, locale.English); err != nil || n.Sent != 1 || n.Queued != 0 {
				t.Errorf("English counts after republishing: %+v, %v", n, err)
			}
			if p := post(locale.English); p.Headline != "Embankment breached at Majuli" {
				t.Errorf("post headline %q changed with the edition", p.Headline)
			}
		})
	}
}
