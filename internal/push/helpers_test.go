package push_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/testkit"
)

var quiet = slog.New(slog.DiscardHandler)

// fixture is a push store over a fresh database with two sections, a story published in
// both languages in the first, and a push service.
type fixture struct {
	t       testing.TB
	ctx     context.Context
	d       *db.DB
	news    *news.Store
	store   *push.Store
	svc     *testkit.PushService
	assam   int64
	sport   int64
	story   int64
	en, as  int64 // the story's editions
	enTitle string
}

func newFixture(t testing.TB, d *db.DB, opt push.Options) *fixture {
	t.Helper()
	ctx := context.Background()
	opt.AllowHTTP = true
	f := &fixture{t: t, ctx: ctx, d: d, news: news.NewStore(d), store: push.NewStore(d, nil, opt), svc: testkit.StartPushService(t)}
	for _, s := range []struct {
		id   *int64
		slug string
	}{{&f.assam, "assam"}, {&f.sport, "sport"}} {
		sec, err := f.news.CreateSection(ctx, news.SectionInput{Slug: s.slug, Name: news.Names{EN: s.slug, AS: s.slug}})
		if err != nil {
			t.Fatal(err)
		}
		*s.id = sec.ID
	}
	f.enTitle = "Brahmaputra breaches the embankment at Dhakuakhana"
	f.story, f.en, f.as = f.publish(f.assam, f.enTitle, "ধকুৱাখানাত ব্ৰহ্মপুত্ৰই মথাউৰি ভাঙিলে")
	return f
}

// publish makes a story in section with both editions published.
func (f *fixture) publish(section int64, en, as string) (story, enID, asID int64) {
	f.t.Helper()
	id, err := f.news.CreateStory(f.ctx, news.StoryInput{SectionID: section})
	if err != nil {
		f.t.Fatal(err)
	}
	ids := map[locale.Lang]int64{}
	for lang, h := range map[locale.Lang]string{locale.English: en, locale.Assamese: as} {
		e, err := f.news.SaveEdition(f.ctx, news.EditionInput{StoryID: id, Lang: lang, Headline: h, Standfirst: "Standfirst: " + h, Body: "<p>" + h + "</p>"})
		if err != nil {
			f.t.Fatal(err)
		}
		if err := f.news.Publish(f.ctx, e.ID, time.Now().Add(-time.Hour)); err != nil {
			f.t.Fatal(err)
		}
		ids[lang] = e.ID
	}
	return id, ids[locale.English], ids[locale.Assamese]
}

// subscribe makes a subscription at the push service and stores it with topics.
func (f *fixture) subscribe(topics ...push.Topic) *testkit.PushSubscriber {
	f.t.Helper()
	s := f.svc.Subscribe()
	if err := f.store.Subscribe(f.ctx, push.Subscription{Endpoint: s.Endpoint, P256dh: s.P256dh, Auth: s.Auth, Topics: topics}); err != nil {
		f.t.Fatal(err)
	}
	return s
}

// worker is a worker with short waits, sending to the fixture's push service.
func (f *fixture) worker(opt push.WorkerOptions) *push.Worker {
	if opt.Backoff == 0 {
		opt.Backoff = time.Millisecond
		opt.MaxBackoff = 4 * time.Millisecond
	}
	opt.Subscriber = func() string { return "newsroom@example.org" }
	return push.NewWorker(f.store, quiet, opt)
}

// notice is a decrypted payload.
type notice struct {
	Title, Body, URL, Tag, Lang string
}

func decode(t *testing.T, m testkit.PushMessage) notice {
	t.Helper()
	var n notice
	if err := json.Unmarshal(m.Payload, &n); err != nil {
		t.Fatalf("payload %q: %v", m.Payload, err)
	}
	return n
}

// sent returns the edition's latest message.
func (f *fixture) sent(edition int64) push.Message {
	f.t.Helper()
	list, err := f.store.Sent(f.ctx, edition)
	if err != nil || len(list) == 0 {
		f.t.Fatalf("sent messages of edition %d: %v, %v", edition, list, err)
	}
	return list[0]
}
