package channels_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/channels"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/secretbox"
)

func testBox(t *testing.T) *secretbox.Box {
	t.Helper()
	box, err := secretbox.New([]byte("0123456789abcdef0123456789abcdef"), "test")
	if err != nil {
		t.Fatal(err)
	}
	return box
}

func TestSaveChannelSealsToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := channels.NewStore(d)
		s.WithSecretBox(testBox(t))
		bad := []struct {
			in    channels.ChannelInput
			field string
			code  fielderr.Code
		}{
			{channels.ChannelInput{Lang: locale.English, Token: tokenEN}, "chat", fielderr.Required},
			{channels.ChannelInput{Lang: locale.English, ChatID: "@ab", Token: tokenEN}, "chat", fielderr.Invalid},
			{channels.ChannelInput{Lang: locale.English, ChatID: "@batori_news"}, "token", fielderr.Required},
			{channels.ChannelInput{Lang: locale.English, ChatID: "@batori_news", Token: "not a token"}, "token", fielderr.Invalid},
			{channels.ChannelInput{Lang: "fr", ChatID: "@batori_news", Token: tokenEN}, "lang", fielderr.Invalid},
		}
		for _, b := range bad {
			if got := fielderr.CodeOf(s.Save(ctx, b.in), b.field); got != b.code {
				t.Errorf("save %+v: %s code %q, want %q", b.in, b.field, got, b.code)
			}
		}
		configure(t, s, locale.English, "@batori_news", tokenEN)
		var stored string
		if err := d.QueryRow(ctx, "SELECT value FROM settings WHERE key = 'channels.en.token'").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if !secretbox.IsSealed(stored) || strings.Contains(stored, "AAEnglish") {
			t.Errorf("token stored as %q, want it sealed", stored)
		}
		// A save without a token keeps the stored one.
		configure(t, s, locale.English, "-1001234567890", "")
		c, err := s.Channel(ctx, locale.English)
		if err != nil {
			t.Fatal(err)
		}
		if !c.On() || c.Token != tokenEN || c.ChatID != "-1001234567890" {
			t.Errorf("channel %+v", c)
		}
		if m := c.MaskedToken(); m != "1111111:••••efgh" || strings.Contains(m, "AAEnglish") {
			t.Errorf("masked token %q", m)
		}
		// The other language's channel is off, and a sealed token copied under its key does
		// not open there.
		if c, _ := s.Channel(ctx, locale.Assamese); c.On() {
			t.Errorf("assamese channel %+v is on", c)
		}
		if _, err := d.Exec(ctx, "INSERT INTO settings (key, value) VALUES ('channels.as.token', ?)", stored); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Channel(ctx, locale.Assamese); err == nil {
			t.Error("a token sealed for English opened as Assamese")
		}
		if err := s.Save(ctx, channels.ChannelInput{Lang: locale.English, Remove: true}); err != nil {
			t.Fatal(err)
		}
		if c, _ := s.Channel(ctx, locale.English); c.On() || c.Token != "" {
			t.Errorf("removed channel %+v", c)
		}
	})
}

func TestSealSecretsSealsPlainTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		plain := channels.NewStore(d)
		configure(t, plain, locale.Assamese, "@batori_as", tokenAS)
		s := channels.NewStore(d)
		s.WithSecretBox(testBox(t))
		n, err := s.SealSecrets(ctx)
		if err != nil || n != 1 {
			t.Fatalf("sealed %d, %v; want 1", n, err)
		}
		if n, err := s.SealSecrets(ctx); err != nil || n != 0 {
			t.Fatalf("second run sealed %d, %v; want 0", n, err)
		}
		c, err := s.Channel(ctx, locale.Assamese)
		if err != nil || c.Token != tokenAS {
			t.Fatalf("channel %+v, %v", c, err)
		}
		other, _ := secretbox.New([]byte("fedcba9876543210fedcba9876543210"), "other")
		s2 := channels.NewStore(d)
		s2.WithSecretBox(other)
		if _, err := s2.SealSecrets(ctx); err == nil {
			t.Error("another key passed the check")
		}
	})
}

func TestEnqueueOncePerStoryAndLanguage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := channels.NewStore(d)
		id := newStory(t, d, locale.English, "Flood waters rise", true)
		if enqueue(t, d, id, locale.English) {
			t.Error("queued for a channel that is off")
		}
		configure(t, s, locale.English, "@batori_news", tokenEN)
		if !enqueue(t, d, id, locale.English) {
			t.Error("not queued for a channel that is on")
		}
		// Republished or published again on another node: still one post.
		if enqueue(t, d, id, locale.English) {
			t.Error("queued twice")
		}
		if enqueue(t, d, id, locale.Assamese) {
			t.Error("queued for the Assamese channel, which is off")
		}
		list, err := s.Recent(ctx, locale.English, 10)
		if err != nil || len(list) != 1 || list[0].Status != channels.StatusQueued || list[0].StoryHeadline != "Flood waters rise" {
			t.Fatalf("queue %+v, %v", list, err)
		}
	})
}

func TestWorkerPostsToEachLanguagesChannel(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		bot := newFakeBot(t)
		s := channels.NewStore(d)
		configure(t, s, locale.English, "@batori_news", tokenEN)
		configure(t, s, locale.Assamese, "-1009876543210", tokenAS)
		en := newStory(t, d, locale.English, `Rains & "floods" <in> Assam, with picture`, true)
		as := newStory(t, d, locale.Assamese, "ব্ৰহ্মপুত্ৰৰ পানী বাঢ়িছে", true)
		enqueue(t, d, en, locale.English)
		enqueue(t, d, as, locale.Assamese)
		opt := fastOptions()
		opt.PollInterval = deadline * 10 // only Kick can start the delivery in time
		startWorker(t, channels.NewWorker(s, channels.NewBot(bot.srv.URL, nil), composer(d), quiet, opt))
		s.Kick()
		pe := waitPost(t, s, locale.English, en, channels.StatusSent)
		pa := waitPost(t, s, locale.Assamese, as, channels.StatusSent)
		if pe.Attempts != 1 || pe.MessageID == 0 || pe.ChatID != "@batori_news" || pe.SentAt.IsZero() || pe.LastError != "" {
			t.Errorf("english post %+v", pe)
		}
		if pa.Headline != "ব্ৰহ্মপুত্ৰৰ পানী বাঢ়িছে" || pa.ChatID != "-1009876543210" {
			t.Errorf("assamese post %+v", pa)
		}
		calls := bot.Calls()
		if len(calls) != 2 {
			t.Fatalf("%d calls, want 2: %+v", len(calls), calls)
		}
		byToken := map[string]call{}
		for _, c := range calls {
			byToken[c.Token] = c
		}
		ce, ca := byToken[tokenEN], byToken[tokenAS]
		if ce.Method != "sendPhoto" || ce.Form.Get("chat_id") != "@batori_news" || ce.Form.Get("parse_mode") != "HTML" ||
			ce.Form.Get("photo") != "https://news.example.org/media/p.jpg" {
			t.Errorf("english call %+v", ce)
		}
		wantCaption := "<b>Rains &amp; &#34;floods&#34; &lt;in&gt; Assam, with picture</b>\n\n" +
			`<a href="https://news.example.org/news/` + itoa(en) + `/story-` + itoa(en) + `">Read the story</a>`
		if got := ce.Form.Get("caption"); got != wantCaption {
			t.Errorf("caption\n%q\nwant\n%q", got, wantCaption)
		}
		if ca.Method != "sendMessage" || ca.Form.Get("chat_id") != "-1009876543210" || !strings.HasPrefix(ca.Form.Get("text"), "<b>ব্ৰহ্মপুত্ৰৰ পানী বাঢ়িছে</b>") {
			t.Errorf("assamese call %+v", ca)
		}
	})
}

func TestWorkerWaitsOutTooManyRequests(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		bot := newFakeBot(t)
		bot.setAnswer(func(c call, n int) (int, string) {
			if n == 1 {
				return http.StatusTooManyRequests, apiError(429, "Too Many Requests: retry after 1", 1)
			}
			return 0, ""
		})
		s := channels.NewStore(d)
		configure(t, s, locale.English, "@batori_news", tokenEN)
		a := newStory(t, d, locale.English, "First", true)
		b := newStory(t, d, locale.English, "Second", true)
		enqueue(t, d, a, locale.English)
		enqueue(t, d, b, locale.English)
		startWorker(t, channels.NewWorker(s, channels.NewBot(bot.srv.URL, nil), composer(d), quiet, fastOptions()))
		pa := waitPost(t, s, locale.English, a, channels.StatusSent)
		pb := waitPost(t, s, locale.English, b, channels.StatusSent)
		// The 429 is not the post's fault: it does not count as an attempt. The second post,
		// claimed with the first, was handed back untried rather than sent into the limit.
		if pa.Attempts != 1 || pb.Attempts != 1 {
			t.Errorf("attempts %d and %d, want 1 and 1", pa.Attempts, pb.Attempts)
		}
		calls := bot.Calls()
		if len(calls) != 3 {
			t.Fatalf("%d calls, want 3 (one refused, two sent)", len(calls))
		}
		// The wait Telegram asked for was kept: the retry came a second or more later.
		if gap := pa.SentAt.Sub(pa.CreatedAt); gap < 900e6 {
			t.Errorf("sent %s after queueing, before retry_after passed", gap)
		}
	})
}

func TestWorkerRecordsPermanentFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		bot := newFakeBot(t)
		bot.setAnswer(func(c call, n int) (int, string) {
			return http.StatusForbidden, apiError(403, "Forbidden: bot is not a member of the channel chat", 0)
		})
		s := channels.NewStore(d)
		configure(t, s, locale.English, "@batori_news", tokenEN)
		id := newStory(t, d, locale.English, "Refused", true)
		enqueue(t, d, id, locale.English)
		startWorker(t, channels.NewWorker(s, channels.NewBot(bot.srv.URL, nil), composer(d), quiet, fastOptions()))
		p := waitPost(t, s, locale.English, id, channels.StatusFailed)
		if p.ErrorCode != 403 || !strings.Contains(p.LastError, "not a member") || p.Attempts != 1 {
			t.Errorf("failed post %+v", p)
		}
		if n := len(bot.Calls()); n != 1 {
			t.Errorf("%d calls for a post refused for good, want 1", n)
		}
		counts, err := s.CountsIn(ctx, locale.English)
		if err != nil || counts.Failed != 1 {
			t.Errorf("counts %+v, %v", counts, err)
		}
		// The admin fixes the cause and sends it again.
		bot.setAnswer(nil)
		if err := s.Retry(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		s.Kick()
		p = waitPost(t, s, locale.English, id, channels.StatusSent)
		if p.ErrorCode != 0 || p.LastError != "" {
			t.Errorf("resent post %+v", p)
		}
		if err := s.Retry(ctx, p.ID); err != channels.ErrNotFailed {
			t.Errorf("retry of a sent post: %v", err)
		}
	})
}

func TestWorkerRetriesServerErrorsAndHidesToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		bot := newFakeBot(t)
		bot.setAnswer(func(c call, n int) (int, string) {
			if n <= 2 {
				return http.StatusBadGateway, "<html>bad gateway</html>"
			}
			return 0, ""
		})
		s := channels.NewStore(d)
		configure(t, s, locale.English, "@batori_news", tokenEN)
		id := newStory(t, d, locale.English, "Retried", true)
		enqueue(t, d, id, locale.English)
		startWorker(t, channels.NewWorker(s, channels.NewBot(bot.srv.URL, nil), composer(d), quiet, fastOptions()))
		p := waitPost(t, s, locale.English, id, channels.StatusSent)
		if p.Attempts != 3 {
			t.Errorf("attempts %d, want 3", p.Attempts)
		}
		// Telegram down altogether: the error recorded never carries the token, which is in
		// the URL net/http quotes.
		down := newStory(t, d, locale.English, "Unreachable", true)
		enqueue(t, d, down, locale.English)
		bot.srv.Close()
		s.Kick()
		end := waitFor(t, func() (channels.Post, bool) {
			p := find(t, s, locale.English, down)
			return p, p.Attempts >= 2
		})
		if end.Status != channels.StatusQueued || end.LastError == "" || strings.Contains(end.LastError, "AAEnglish") {
			t.Errorf("post while Telegram is down: %+v", end)
		}
	})
}

func TestWorkerSendsRefusedPictureAsText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		bot := newFakeBot(t)
		bot.setAnswer(func(c call, n int) (int, string) {
			if c.Method == "sendPhoto" {
				return http.StatusBadRequest, apiError(400, "Bad Request: wrong file identifier/HTTP URL specified", 0)
			}
			return 0, ""
		})
		s := channels.NewStore(d)
		configure(t, s, locale.English, "@batori_news", tokenEN)
		id := newStory(t, d, locale.English, "A picture Telegram cannot fetch", true)
		enqueue(t, d, id, locale.English)
		startWorker(t, channels.NewWorker(s, channels.NewBot(bot.srv.URL, nil), composer(d), quiet, fastOptions()))
		p := waitPost(t, s, locale.English, id, channels.StatusSent)
		if !strings.Contains(p.LastError, "picture refused") {
			t.Errorf("post %+v does not note the refused picture", p)
		}
		calls := bot.Calls()
		if len(calls) != 2 || calls[0].Method != "sendPhoto" || calls[1].Method != "sendMessage" {
			t.Errorf("calls %+v", calls)
		}
	})
}

func TestWorkerSkipsWithdrawnAndSwitchedOff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		bot := newFakeBot(t)
		s := channels.NewStore(d)
		configure(t, s, locale.English, "@batori_news", tokenEN)
		configure(t, s, locale.Assamese, "@batori_as", tokenAS)
		gone := newStory(t, d, locale.English, "Withdrawn before sending", false)
		enqueue(t, d, gone, locale.English)
		off := newStory(t, d, locale.Assamese, "বন্ধ", true)
		enqueue(t, d, off, locale.Assamese)
		if err := s.Save(ctx, channels.ChannelInput{Lang: locale.Assamese, Remove: true}); err != nil {
			t.Fatal(err)
		}
		startWorker(t, channels.NewWorker(s, channels.NewBot(bot.srv.URL, nil), composer(d), quiet, fastOptions()))
		waitPost(t, s, locale.English, gone, channels.StatusSkipped)
		waitPost(t, s, locale.Assamese, off, channels.StatusSkipped)
		if n := len(bot.Calls()); n != 0 {
			t.Errorf("%d calls for skipped posts", n)
		}
	})
}

// Several workers over one database, as on several nodes, send each post once.
func TestWorkersOnSeveralNodesSendEachPostOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		bot := newFakeBot(t)
		s := channels.NewStore(d)
		configure(t, s, locale.English, "@batori_news", tokenEN)
		var ids []int64
		for i := range 30 {
			id := newStory(t, d, locale.English, "Story "+itoa(int64(i)), true)
			ids = append(ids, id)
			enqueue(t, d, id, locale.English)
		}
		for range 3 {
			// Each node has its own Store (its own wake-up), over the same database.
			node := channels.NewStore(d)
			opt := fastOptions()
			opt.BatchSize = 4
			startWorker(t, channels.NewWorker(node, channels.NewBot(bot.srv.URL, nil), composer(d), quiet, opt))
		}
		for _, id := range ids {
			waitPost(t, s, locale.English, id, channels.StatusSent)
		}
		seen := map[string]int{}
		for _, c := range bot.Calls() {
			seen[c.Form.Get("text")]++
		}
		if len(seen) != len(ids) {
			t.Errorf("%d distinct posts sent, want %d", len(seen), len(ids))
		}
		for text, n := range seen {
			if n != 1 {
				t.Errorf("sent %d times: %q", n, text)
			}
		}
	})
}
