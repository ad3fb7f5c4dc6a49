package digest_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/views"
)

// recorder keeps the events transactions record, as the app's subscriber would see them.
type recorder struct {
	mu     sync.Mutex
	events []any
}

func (r *recorder) InTx(_ context.Context, _ *db.Tx, list []any) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, list...)
	return nil
}
func (r *recorder) Committed(context.Context, []any) {}

func (r *recorder) take() []any {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.events
	r.events = nil
	return e
}

type fixture struct {
	t     *testing.T
	ctx   context.Context
	d     *db.DB
	store *digest.Store
	rec   *recorder
	now   time.Time
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	f := &fixture{t: t, ctx: context.Background(), d: d, rec: &recorder{}, now: time.Date(2026, 12, 7, 1, 30, 0, 0, time.UTC)}
	d.Subscribe(f.rec)
	f.store = digest.NewStore(d, formguard.New(d)).WithClock(func() time.Time { return f.now })
	return f
}

// subscribe asks for a digest and returns the confirmation token its Requested event carries.
func (f *fixture) subscribe(email string, lang locale.Lang, sections ...int64) string {
	f.t.Helper()
	if err := f.store.Subscribe(f.ctx, digest.Request{Email: email, Lang: lang, Sections: sections, Client: "192.0.2.7"}); err != nil {
		f.t.Fatalf("Subscribe(%s): %v", email, err)
	}
	for _, ev := range f.rec.take() {
		if r, ok := ev.(digest.Requested); ok {
			return r.Token
		}
	}
	return ""
}

func TestSubscribeConfirmUnsubscribe(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		token := f.subscribe(" Reader@Example.org ", locale.Assamese)
		if token == "" {
			t.Fatal("no confirmation requested")
		}
		sub, err := f.store.Pending(f.ctx, token)
		if err != nil || sub.Email != "reader@example.org" || sub.State != digest.Pending || sub.Lang != locale.Assamese {
			t.Fatalf("Pending = %+v, %v", sub, err)
		}
		// Unconfirmed addresses receive nothing.
		if due, _ := f.store.AnyDue(f.ctx, "2026-12-07", locale.Assamese); due {
			t.Error("a pending subscriber is due a digest")
		}
		if _, err := f.store.Pending(f.ctx, token+"x"); !errors.Is(err, digest.ErrBadLink) {
			t.Errorf("Pending(wrong token) = %v", err)
		}
		sub, err = f.store.Confirm(f.ctx, token)
		if err != nil || sub.State != digest.Active {
			t.Fatalf("Confirm = %+v, %v", sub, err)
		}
		if _, err := f.store.Confirm(f.ctx, token); !errors.Is(err, digest.ErrBadLink) {
			t.Errorf("second Confirm = %v, want ErrBadLink (single use)", err)
		}
		// Subscribing an active address again sends nothing and changes nothing.
		if again := f.subscribe("reader@example.org", locale.English); again != "" {
			t.Error("an active address was sent a new confirmation")
		}
		unsub, err := f.store.UnsubscribeToken(f.ctx, sub.ID, sub.Email)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.store.Unsubscribe(f.ctx, unsub[:len(unsub)-1]+"A"); !errors.Is(err, digest.ErrBadLink) {
			t.Errorf("Unsubscribe(forged) = %v", err)
		}
		for range 2 {
			got, err := f.store.Unsubscribe(f.ctx, unsub)
			if err != nil || got.State != digest.Unsubscribed {
				t.Fatalf("Unsubscribe = %+v, %v", got, err)
			}
		}
		if due, _ := f.store.AnyDue(f.ctx, "2026-12-07", locale.Assamese); due {
			t.Error("an unsubscribed reader is due a digest")
		}
	})
}

func TestConfirmationExpires(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		token := f.subscribe("late@example.org", locale.English)
		f.now = f.now.Add(digest.ConfirmWithin + time.Minute)
		if _, err := f.store.Confirm(f.ctx, token); !errors.Is(err, digest.ErrExpired) {
			t.Fatalf("Confirm after %v = %v, want ErrExpired", digest.ConfirmWithin, err)
		}
		// Asking again gives a fresh link that works.
		token = f.subscribe("late@example.org", locale.English)
		if _, err := f.store.Confirm(f.ctx, token); err != nil {
			t.Fatal(err)
		}
	})
}

func TestSubscribeRefusesBadInputAndFloods(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		for _, r := range []digest.Request{
			{Email: "not an address", Lang: locale.English},
			{Email: "a@example.org", Lang: "fr"},
			{Email: "a@example.org", Lang: locale.English, Sections: []int64{999}},
		} {
			r.Client = "192.0.2.1"
			if _, ok := fielderr.As(f.store.Subscribe(f.ctx, r)); !ok {
				t.Errorf("Subscribe(%+v) is not a field error", r)
			}
		}
		for i := range 4 {
			err := f.store.Subscribe(f.ctx, digest.Request{Email: "target@example.org", Lang: locale.English, Client: "192.0.2.1"})
			if i < 3 && err != nil {
				t.Fatalf("request %d: %v", i+1, err)
			}
			if i == 3 && !errors.Is(err, formguard.ErrLimited) {
				t.Errorf("a fourth request for one address in a day = %v, want a rate limit", err)
			}
		}
	})
}

func TestClaimDueOncePerDayAndBounces(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ns := news.NewStore(d)
		assam, err := ns.CreateSection(f.ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}})
		if err != nil {
			t.Fatal(err)
		}
		sport, err := ns.CreateSection(f.ctx, news.SectionInput{Slug: "sport", Name: news.Names{EN: "Sport", AS: "খেল"}})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-2 * time.Hour)
		ed := func(h string) []news.BulkEdition {
			return []news.BulkEdition{{Lang: locale.English, Headline: h, Standfirst: "Standfirst of " + h, Body: "<p>Body</p>", PublishedAt: at}}
		}
		ids, err := ns.BulkInsert(f.ctx, []news.BulkStory{
			{SectionID: assam.ID, Editions: ed("Embankment holds at Dibrugarh")},
			{SectionID: sport.ID, Featured: true, Editions: ed("Assam win the Ranji match")},
			{SectionID: assam.ID, Editions: ed("Ferry service resumes to Majuli")},
			{SectionID: assam.ID, Editions: []news.BulkEdition{{Lang: locale.English, Headline: "Last week's news", Body: "<p>Old</p>", PublishedAt: at.Add(-72 * time.Hour)}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		vs := views.NewStore(d)
		if err := vs.Add(f.ctx, []views.Count{{StoryID: ids[2], Lang: locale.English, Hour: time.Now(), Views: 40}}); err != nil {
			t.Fatal(err)
		}
		cands, err := digest.Candidates(f.ctx, ns, vs, locale.English, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		var order []int64
		for _, c := range cands {
			order = append(order, c.StoryID)
		}
		// The lead story, then the most read, then the latest; nothing older than a day.
		if want := []int64{ids[1], ids[2], ids[0]}; len(order) != 3 || order[0] != want[0] || order[1] != want[1] || order[2] != want[2] {
			t.Fatalf("candidates %v, want %v", order, want)
		}
		if !cands[0].Lead || cands[0].Path != "/news/"+itoa(ids[1])+"/"+slugOf(t, ns, ids[1]) {
			t.Errorf("lead candidate %+v", cands[0])
		}

		all, sportOnly, bounced := "all@example.org", "sport@example.org", "gone@example.org"
		for _, s := range []struct {
			email    string
			sections []int64
		}{{all, nil}, {sportOnly, []int64{sport.ID}}, {bounced, nil}} {
			if _, err := f.store.Confirm(f.ctx, f.subscribe(s.email, locale.English, s.sections...)); err != nil {
				t.Fatal(err)
			}
		}
		if changed, err := f.store.MarkBounced(f.ctx, "Gone <GONE@example.org>", "550 5.1.1 no such mailbox"); err != nil || !changed {
			t.Fatalf("MarkBounced = %v, %v", changed, err)
		}
		f.rec.take()
		// Two claims in batches of one, as two nodes would make.
		n1, err := f.store.ClaimDue(f.ctx, "2026-12-07", locale.English, 1, cands)
		if err != nil {
			t.Fatal(err)
		}
		n2, err := f.store.ClaimDue(f.ctx, "2026-12-07", locale.English, 5, cands)
		if err != nil {
			t.Fatal(err)
		}
		n3, err := f.store.ClaimDue(f.ctx, "2026-12-07", locale.English, 5, cands)
		if err != nil {
			t.Fatal(err)
		}
		if n1 != 1 || n2 != 1 || n3 != 0 {
			t.Errorf("claims took %d, %d, %d subscribers; want 1, 1, 0", n1, n2, n3)
		}
		got := map[string][]digest.Story{}
		for _, ev := range f.rec.take() {
			if due, ok := ev.(digest.Due); ok {
				got[due.Subscriber.Email] = due.Stories
				if due.Unsubscribe == "" || due.Date != "2026-12-07" {
					t.Errorf("due %+v", due)
				}
			}
		}
		if len(got) != 2 || len(got[all]) != 3 || len(got[sportOnly]) != 1 || got[sportOnly][0].StoryID != ids[1] {
			t.Errorf("digests %v", got)
		}
		// The next day they are due again.
		if n, err := f.store.ClaimDue(f.ctx, "2026-12-08", locale.English, 5, cands); err != nil || n != 2 {
			t.Errorf("next day's claim = %d, %v", n, err)
		}
	})
}

func TestAdminListRemoveBounceExport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		f.subscribe("one@example.org", locale.English)
		if _, err := f.store.Confirm(f.ctx, f.subscribe("two@example.org", locale.Assamese)); err != nil {
			t.Fatal(err)
		}
		list, total, err := f.store.List(f.ctx, digest.Filter{State: digest.Active})
		if err != nil || total != 1 || len(list) != 1 || list[0].Email != "two@example.org" {
			t.Fatalf("List(active) = %v, %d, %v", list, total, err)
		}
		counts, err := f.store.Counts(f.ctx)
		if err != nil || len(counts) != 2 {
			t.Fatalf("Counts = %v, %v", counts, err)
		}
		if err := f.store.Bounce(f.ctx, list[0].ID, 0); err != nil {
			t.Fatal(err)
		}
		if sub, _ := f.store.Get(f.ctx, list[0].ID); sub.State != digest.Bounced {
			t.Errorf("after Bounce: %s", sub.State)
		}
		if err := f.store.Remove(f.ctx, list[0].ID, 0); err != nil {
			t.Fatal(err)
		}
		if err := f.store.Remove(f.ctx, list[0].ID, 0); !errors.Is(err, digest.ErrNotFound) {
			t.Errorf("second Remove = %v", err)
		}
		var audit int
		if err := d.QueryRow(f.ctx, "SELECT COUNT(*) FROM audit_events WHERE action LIKE 'digest_%'").Scan(&audit); err != nil || audit != 2 {
			t.Errorf("audit entries %d, %v; want 2", audit, err)
		}
		if rec := digest.CSVRecord(digest.Subscriber{Email: "=cmd@example.org"}); rec[1] != "'=cmd@example.org" {
			t.Errorf("CSV cell %q is not guarded", rec[1])
		}
	})
}

// TestClaimDueConcurrently: four workers claiming the same day at once, as four nodes would,
// hand every subscriber exactly one digest.
func TestClaimDueConcurrently(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		const subscribers = 60
		for i := range subscribers {
			addr := fmt.Sprintf("reader%d@example.org", i)
			if err := f.store.Subscribe(f.ctx, digest.Request{Email: addr, Lang: locale.English, Client: fmt.Sprintf("192.0.2.%d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		for _, ev := range f.rec.take() {
			if _, err := f.store.Confirm(f.ctx, ev.(digest.Requested).Token); err != nil {
				t.Fatal(err)
			}
		}
		f.rec.take()
		cands := []digest.Story{{StoryID: 1, Path: "/news/1/a", Headline: "A"}}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					n, err := f.store.ClaimDue(f.ctx, "2026-12-07", locale.English, 7, cands)
					if err != nil {
						t.Error(err)
						return
					}
					if n == 0 {
						return
					}
				}
			})
		}
		wg.Wait()
		seen := map[int64]int{}
		for _, ev := range f.rec.take() {
			if due, ok := ev.(digest.Due); ok {
				seen[due.Subscriber.ID]++
			}
		}
		if len(seen) != subscribers {
			t.Errorf("%d subscribers got a digest, want %d", len(seen), subscribers)
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("subscriber %d got %d digests", id, n)
			}
		}
	})
}
