package push_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/queue"
)

var (
	en = locale.English
	as = locale.Assamese
)

func TestSubscribeAndReach(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, push.Options{})
		all := f.subscribe(push.Topic{Lang: en})
		f.subscribe(push.Topic{Lang: en, SectionID: f.assam}, push.Topic{Lang: as})
		f.subscribe(push.Topic{Lang: en, SectionID: f.sport})
		total, everything, err := f.store.Reach(f.ctx, en, f.assam)
		if err != nil || total != 2 || everything != 1 {
			t.Errorf("reach of English assam = %d (%d every section), %v; want 2 (1)", total, everything, err)
		}
		if total, _, _ := f.store.Reach(f.ctx, as, f.sport); total != 1 {
			t.Errorf("reach of Assamese sport = %d, want 1", total)
		}
		// Subscribing again replaces the topics.
		if err := f.store.Subscribe(f.ctx, push.Subscription{Endpoint: all.Endpoint, P256dh: all.P256dh, Auth: all.Auth,
			Topics: []push.Topic{{Lang: as}, {Lang: as}}}); err != nil {
			t.Fatal(err)
		}
		if got, err := f.store.Topics(f.ctx, all.Endpoint); err != nil || !slices.Equal(got, []push.Topic{{Lang: as}}) {
			t.Errorf("topics after re-subscribing = %v, %v", got, err)
		}
		if err := f.store.Unsubscribe(f.ctx, all.Endpoint); err != nil {
			t.Fatal(err)
		}
		if err := f.store.Unsubscribe(f.ctx, all.Endpoint); !errors.Is(err, push.ErrNotSubscribed) {
			t.Errorf("second unsubscribe: %v, want ErrNotSubscribed", err)
		}
		if total, _, _ := f.store.Reach(f.ctx, as, f.sport); total != 1 {
			t.Errorf("reach after unsubscribing = %d, want 1", total)
		}

		good := f.svc.Subscribe()
		for name, c := range map[string]struct {
			sub   push.Subscription
			field string
		}{
			"http endpoint refused by default": {push.Subscription{Endpoint: "ftp://x/y", P256dh: good.P256dh, Auth: good.Auth, Topics: []push.Topic{{Lang: en}}}, "endpoint"},
			"key off the curve":                {push.Subscription{Endpoint: good.Endpoint, P256dh: "BAAA" + good.P256dh[4:], Auth: good.Auth, Topics: []push.Topic{{Lang: en}}}, "p256dh"},
			"short auth":                       {push.Subscription{Endpoint: good.Endpoint, P256dh: good.P256dh, Auth: "AAAA", Topics: []push.Topic{{Lang: en}}}, "auth"},
			"no topics":                        {push.Subscription{Endpoint: good.Endpoint, P256dh: good.P256dh, Auth: good.Auth}, "topics"},
			"unknown language":                 {push.Subscription{Endpoint: good.Endpoint, P256dh: good.P256dh, Auth: good.Auth, Topics: []push.Topic{{Lang: "fr"}}}, "topics"},
		} {
			var fe *fielderr.Error
			if err := f.store.Subscribe(f.ctx, c.sub); !errors.As(err, &fe) || !fe.Has(c.field) {
				t.Errorf("%s: %v, want a problem with %s", name, err, c.field)
			}
		}
	})
}

func TestKeysMadeOnceAndShared(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a, err := push.NewStore(d, nil, push.Options{}).Keys(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := push.NewStore(d, nil, push.Options{}).Keys(ctx)
		if err != nil || a != b || len(a.Public) != 87 {
			t.Errorf("a second node's keys = %+v, %v; want the first's %+v", b, err, a)
		}
	})
}

func TestSendDeliversEncryptedStory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, push.Options{})
		events := dbtest.Subscribe(d)
		everything := f.subscribe(push.Topic{Lang: en})
		assam := f.subscribe(push.Topic{Lang: en, SectionID: f.assam})
		f.subscribe(push.Topic{Lang: en, SectionID: f.sport})
		f.subscribe(push.Topic{Lang: as})
		m, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/news/1/slug"})
		if err != nil {
			t.Fatal(err)
		}
		if m.Recipients != 2 {
			t.Errorf("recipients = %d, want 2", m.Recipients)
		}
		if q := dbtest.Of[push.Queued](events); len(q) != 1 || q[0].MessageID != m.ID {
			t.Errorf("Queued events = %+v", q)
		}
		f.worker(push.WorkerOptions{}).Drain(f.ctx)
		got := f.svc.Messages()
		if len(got) != 2 || len(f.svc.Refused()) != 0 {
			t.Fatalf("push service got %d messages, refused %v", len(got), f.svc.Refused())
		}
		keys, _ := f.store.Keys(f.ctx)
		var to []string
		for _, msg := range got {
			to = append(to, msg.Endpoint)
			n := decode(t, msg)
			if n.Title != f.enTitle || n.Body != "Standfirst: "+f.enTitle || n.URL != "/news/1/slug" || n.Lang != "en" {
				t.Errorf("notification = %+v", n)
			}
			if msg.TTL <= 0 || msg.Urgency != "high" || msg.Topic != fmt.Sprintf("story-%d-en", f.story) || msg.VAPIDKey != keys.Public || msg.Subject != "mailto:newsroom@example.org" {
				t.Errorf("headers: TTL %d, Urgency %q, Topic %q, k %q, sub %q", msg.TTL, msg.Urgency, msg.Topic, msg.VAPIDKey, msg.Subject)
			}
		}
		slices.Sort(to)
		want := []string{everything.Endpoint, assam.Endpoint}
		slices.Sort(want)
		if !slices.Equal(to, want) {
			t.Errorf("delivered to %v, want %v", to, want)
		}
		if s := f.sent(f.en); s.Delivered != 2 || s.Pending != 0 {
			t.Errorf("tallies = %+v", s)
		}
		audit, err := f.news.Audit(f.ctx, news.AuditFilter{StoryID: f.story})
		if err != nil || !slices.ContainsFunc(audit, func(e news.AuditEvent) bool { return e.Action == "push" && e.Detail == "2" }) {
			t.Errorf("audit = %+v, %v; want a push entry", audit, err)
		}

		// A second send is refused unless confirmed.
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/x"}); !errors.Is(err, push.ErrAlreadySent) {
			t.Errorf("second send: %v, want ErrAlreadySent", err)
		}
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/x", Again: true}); err != nil {
			t.Errorf("confirmed second send: %v", err)
		}
		if n, err := f.store.Prune(f.ctx, time.Now().Add(-time.Hour)); err != nil || n != 0 {
			t.Errorf("pruning older messages: %d, %v", n, err)
		}
		if n, err := f.store.Prune(f.ctx, time.Now().Add(time.Hour)); err != nil || n != 2 {
			t.Errorf("pruning every message: %d, %v; want 2", n, err)
		}
		if b, err := f.store.Backlog(f.ctx); err != nil || b != 0 {
			t.Errorf("backlog after pruning: %d, %v", b, err)
		}
		// Only published editions.
		if err := f.news.Unpublish(f.ctx, f.as); err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.as, Path: "/x"}); !errors.Is(err, news.ErrInvalidState) {
			t.Errorf("send of an unpublished edition: %v", err)
		}
	})
}

func TestNobodyToSend(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, push.Options{})
		f.subscribe(push.Topic{Lang: en, SectionID: f.sport})
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/a"}); !errors.Is(err, push.ErrNoSubscribers) {
			t.Errorf("send with nobody following: %v, want ErrNoSubscribers", err)
		}
		// Nothing was recorded: the first real send is not a second one.
		f.subscribe(push.Topic{Lang: en})
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/a"}); err != nil {
			t.Errorf("send once someone follows: %v", err)
		}
	})
}

func TestHourlyCap(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, push.Options{PerHour: 1})
		f.subscribe(push.Topic{Lang: en}, push.Topic{Lang: as})
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/a"}); err != nil {
			t.Fatal(err)
		}
		_, other, _ := f.publish(f.sport, "Second story", "দ্বিতীয় খবৰ")
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: other, Path: "/b"}); !errors.Is(err, push.ErrHourlyCap) {
			t.Errorf("second push within the hour: %v, want ErrHourlyCap", err)
		}
		// The cap counts per language.
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.as, Path: "/c"}); err != nil {
			t.Errorf("Assamese push: %v", err)
		}
	})
}

func TestGoneSubscriptionsRemoved(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, push.Options{})
		gone := f.subscribe(push.Topic{Lang: en})
		missing := f.subscribe(push.Topic{Lang: en})
		kept := f.subscribe(push.Topic{Lang: en})
		f.svc.Answer(gone, http.StatusGone)
		f.svc.Answer(missing, http.StatusNotFound)
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/a"}); err != nil {
			t.Fatal(err)
		}
		f.worker(push.WorkerOptions{}).Drain(f.ctx)
		if s := f.sent(f.en); s.Delivered != 1 || s.Gone != 2 || s.Pending != 0 {
			t.Errorf("tallies = %+v, want 1 delivered, 2 gone", s)
		}
		for _, s := range []string{gone.Endpoint, missing.Endpoint} {
			if _, err := f.store.Topics(f.ctx, s); !errors.Is(err, push.ErrNotSubscribed) {
				t.Errorf("subscription answered 404/410 still stored: %v", err)
			}
		}
		if _, err := f.store.Topics(f.ctx, kept.Endpoint); err != nil {
			t.Errorf("delivered subscription: %v", err)
		}
		if total, _, _ := f.store.Reach(f.ctx, en, f.assam); total != 1 {
			t.Errorf("reach after removals = %d, want 1", total)
		}
	})
}

func TestRetriesWithBackoff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, push.Options{})
		flaky := f.subscribe(push.Topic{Lang: en})
		broken := f.subscribe(push.Topic{Lang: en})
		refused := f.subscribe(push.Topic{Lang: en})
		f.svc.Answer(flaky, http.StatusInternalServerError, http.StatusTooManyRequests, http.StatusServiceUnavailable)
		f.svc.Answer(broken, 500, 500, 500, 500, 500, 500, 500)
		f.svc.Answer(refused, http.StatusForbidden)
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/a"}); err != nil {
			t.Fatal(err)
		}
		w := f.worker(push.WorkerOptions{Options: queue.Options{MaxAttempts: 4}})
		end := time.Now().Add(30 * time.Second)
		for f.sent(f.en).Pending > 0 && time.Now().Before(end) {
			w.Drain(f.ctx)
			time.Sleep(5 * time.Millisecond)
		}
		s := f.sent(f.en)
		if s.Delivered != 1 || s.Failed != 2 || s.Pending != 0 {
			t.Errorf("tallies = %+v; want the flaky one delivered after three retries, the others failed", s)
		}
		if got := f.svc.Messages(); len(got) != 1 || got[0].Endpoint != flaky.Endpoint {
			t.Errorf("push service accepted %d messages", len(got))
		}
		// Failed deliveries do not remove the subscription.
		if _, err := f.store.Topics(f.ctx, broken.Endpoint); err != nil {
			t.Errorf("failing subscription removed: %v", err)
		}
	})
}

func TestTwoWorkersSendEachOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, push.Options{})
		const n = 300
		for range n {
			f.subscribe(push.Topic{Lang: en})
		}
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/a"}); err != nil {
			t.Fatal(err)
		}
		// Two stores over the database stand for two nodes; small batches make them meet.
		other := push.NewStore(d, nil, push.Options{AllowHTTP: true})
		workers := []*push.Worker{
			f.worker(push.WorkerOptions{Options: queue.Options{BatchSize: 7}, Concurrency: 3}),
			push.NewWorker(other, quiet, push.WorkerOptions{Options: queue.Options{BatchSize: 5}, Concurrency: 2, Subscriber: func() string { return "a@example.org" }}),
		}
		var wg sync.WaitGroup
		for _, w := range workers {
			wg.Go(func() { w.Drain(f.ctx) })
		}
		wg.Wait()
		seen := map[string]int{}
		for _, m := range f.svc.Messages() {
			seen[m.Endpoint]++
		}
		for e, c := range seen {
			if c != 1 {
				t.Errorf("%s got %d messages", e, c)
			}
		}
		if len(seen) != n {
			t.Errorf("%d subscriptions reached, want %d", len(seen), n)
		}
		if s := f.sent(f.en); s.Delivered != n || s.Pending != 0 {
			t.Errorf("tallies = %+v", s)
		}
	})
}

func TestWorkerRefusesPrivateAddresses(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, push.Options{})
		s := f.subscribe(push.Topic{Lang: en})
		if _, err := f.store.Send(f.ctx, push.Send{EditionID: f.en, Path: "/a"}); err != nil {
			t.Fatal(err)
		}
		// The same database through a store that, like production's, takes https only: the
		// worker it gets dials public addresses only, so the loopback service is never reached.
		strict := push.NewStore(d, nil, push.Options{})
		push.NewWorker(strict, quiet, push.WorkerOptions{Options: queue.Options{Backoff: time.Hour}}).Drain(f.ctx)
		if n := f.svc.Count(); n != 0 {
			t.Errorf("the loopback push service got %d messages", n)
		}
		if m := f.sent(f.en); m.Failed != 1 || m.Pending != 0 {
			t.Errorf("tallies %+v, want the delivery failed at once", m)
		}
		// The subscription stays: the address may be the resolver's doing, not the reader's.
		if _, err := f.store.Topics(f.ctx, s.Endpoint); err != nil {
			t.Errorf("subscription: %v", err)
		}
	})
}
