package views_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/views"
)

var (
	en = locale.English
	as = locale.Assamese
)

// start is a moment in the middle of an hour, in India's time, so that tests show views are
// bucketed by the UTC hour of the instant.
var start = time.Date(2026, time.March, 3, 14, 40, 0, 0, time.FixedZone("IST", 5*3600+1800))

// stories makes n stories (their editions do not matter to views) and returns their ids.
func stories(t testing.TB, d *db.DB, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	ns := news.NewStore(d)
	sec, err := ns.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for range n {
		id, err := ns.CreateStory(ctx, news.StoryInput{SectionID: sec.ID})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func tallies(t *testing.T, s *views.Store, ids []int64, now time.Time) map[views.Edition]views.Tally {
	t.Helper()
	m, err := s.Tallies(context.Background(), ids, now)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestIsBot(t *testing.T) {
	for ua, bot := range map[string]bool{
		"": true,
		"Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36":                  false,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1": false,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0":                                                        false,
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":                                                                true,
		"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)":                                                                 true,
		"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)":                                                               true,
		"WhatsApp/2.23.20.0 A":                    true,
		"TelegramBot (like TwitterBot)":           true,
		"Mozilla/5.0 (compatible; YandexBot/3.0)": true,
		"curl/8.5.0":             true,
		"python-requests/2.31.0": true,
		"Go-http-client/1.1":     true,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36": true,
		"Mozilla/5.0 (compatible; AhrefsBot/7.0)":          true,
		"Feedly/1.0 (+http://www.feedly.com/fetcher.html)": true,
		"something": true,
	} {
		if got := views.IsBot(ua); got != bot {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, bot)
		}
	}
}

func TestCounterFlush(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ids := stories(t, d, 2)
		clock := testkit.NewClock(start)
		store := views.NewStore(d)
		c := views.NewCounter(store, clock.Now, nil)
		for range 3 {
			c.Count(ids[0], en)
		}
		c.Count(ids[0], as)
		c.Count(ids[1], en)
		clock.Advance(30 * time.Minute) // the next hour
		c.Count(ids[0], en)
		c.Count(ids[1]+1000, en) // no such story: dropped at the flush
		if got := c.Pending(); got != 7 {
			t.Fatalf("pending = %d, want 7", got)
		}
		// Nothing is written until the flush.
		if got := tallies(t, store, ids, clock.Now()); len(got) != 0 {
			t.Fatalf("before the flush: %v", got)
		}
		if err := c.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := c.Pending(); got != 0 {
			t.Fatalf("pending after flush = %d", got)
		}
		want := map[views.Edition]views.Tally{
			{StoryID: ids[0], Lang: en}: {Total: 4, Day: 4},
			{StoryID: ids[0], Lang: as}: {Total: 1, Day: 1},
			{StoryID: ids[1], Lang: en}: {Total: 1, Day: 1},
		}
		if got := tallies(t, store, ids, clock.Now()); !mapsEqual(got, want) {
			t.Fatalf("tallies = %v, want %v", got, want)
		}
		// A second batch adds to the same hourly rows.
		c.Count(ids[0], en)
		c.Count(ids[0], en)
		if err := c.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if got := tallies(t, store, ids, clock.Now())[views.Edition{StoryID: ids[0], Lang: en}]; got.Total != 6 {
			t.Errorf("after a second flush: %+v, want 6 views", got)
		}
		// A day later the views are no longer the last 24 hours'.
		if got := tallies(t, store, ids, clock.Now().Add(49*time.Hour))[views.Edition{StoryID: ids[0], Lang: en}]; got != (views.Tally{Total: 6}) {
			t.Errorf("two days later: %+v", got)
		}
	})
}

func TestFailedFlushKeepsViews(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ids := stories(t, d, 1)
		store := views.NewStore(d)
		c := views.NewCounter(store, nil, nil)
		c.Count(ids[0], en)
		c.Count(ids[0], en)
		gone, cancel := context.WithCancel(context.Background())
		cancel()
		if err := c.Flush(gone); err == nil {
			t.Fatal("flush with a cancelled context: no error")
		}
		if got := c.Pending(); got != 2 {
			t.Fatalf("after a failed flush %d views pending, want 2", got)
		}
		if err := c.Flush(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := tallies(t, store, ids, time.Now())[views.Edition{StoryID: ids[0], Lang: en}]; got.Total != 2 {
			t.Errorf("tally = %+v, want 2 views", got)
		}
	})
}

// Run writes what it holds when its context ends, however long its interval.
func TestRunFlushesOnShutdown(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ids := stories(t, d, 1)
		store := views.NewStore(d)
		c := views.NewCounter(store, nil, nil)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() {
			c.Run(ctx, time.Hour)
			close(done)
		}()
		for range 5 {
			c.Count(ids[0], as)
		}
		cancel()
		<-done
		if got := tallies(t, store, ids, time.Now())[views.Edition{StoryID: ids[0], Lang: as}]; got.Total != 5 {
			t.Errorf("after shutdown: %+v, want 5 views", got)
		}
		if got := c.Pending(); got != 0 {
			t.Errorf("%d views still pending", got)
		}
	})
}

// Two nodes on one database count the same stories at once, each in its own memory, and
// flush concurrently: the database holds the sum.
func TestTwoNodesSum(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(string(dialect), func(t *testing.T) {
			nodes := twoHandles(t, dialect)
			ids := stories(t, nodes[0], 5)
			clock := testkit.NewClock(start)
			var counters []*views.Counter
			for _, d := range nodes {
				counters = append(counters, views.NewCounter(views.NewStore(d), clock.Now, nil))
			}
			const rounds, perRound = 5, 40
			var wg sync.WaitGroup
			errs := make(chan error, 2*rounds)
			for _, c := range counters {
				wg.Go(func() {
					for range rounds {
						for i := range perRound {
							id := ids[i%len(ids)]
							c.Count(id, en)
							c.Count(id, as)
						}
						errs <- c.Flush(context.Background())
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				if err != nil {
					t.Fatal(err)
				}
			}
			got := tallies(t, views.NewStore(nodes[1]), ids, clock.Now())
			var sum int64
			for _, tl := range got {
				sum += tl.Total
			}
			if want := int64(2 * rounds * perRound * 2); sum != want {
				t.Errorf("sum of views = %d, want %d (%v)", sum, want, got)
			}
			per := int64(2 * rounds * perRound / len(ids))
			for _, id := range ids {
				if tl := got[views.Edition{StoryID: id, Lang: as}]; tl.Total != per {
					t.Errorf("story %d: %d views in Assamese, want %d", id, tl.Total, per)
				}
			}
		})
	}
}

// twoHandles opens the same fresh database twice, as two nodes (or two processes) would.
func twoHandles(t *testing.T, dialect db.Dialect) []*db.DB {
	t.Helper()
	ctx := context.Background()
	opt := db.Options{DataDir: t.TempDir()}
	if dialect == db.Postgres {
		opt = db.Options{URL: dbtest.NewPostgresSchema(t)}
	}
	var out []*db.DB
	for range 2 {
		d, err := db.Open(ctx, opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		out = append(out, d)
	}
	if _, err := out[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestMostReadWindows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ids := stories(t, d, 5)
		a, b, c, old, other := ids[0], ids[1], ids[2], ids[3], ids[4]
		store := views.NewStore(d)
		clock := testkit.NewClock(start)
		now := clock.Now()
		h := func(ago time.Duration) time.Time { return now.Add(-ago) }
		err := store.Add(ctx, []views.Count{
			{StoryID: a, Lang: en, Hour: h(0), Views: 5},
			{StoryID: a, Lang: en, Hour: h(3 * time.Hour), Views: 5},
			{StoryID: b, Lang: en, Hour: h(23 * time.Hour), Views: 8},
			{StoryID: c, Lang: en, Hour: h(30 * time.Hour), Views: 50}, // in the week, not the day
			{StoryID: c, Lang: en, Hour: h(time.Hour), Views: 1},
			{StoryID: old, Lang: en, Hour: h(8 * 24 * time.Hour), Views: 500}, // older than a week
			{StoryID: other, Lang: as, Hour: h(time.Hour), Views: 100},        // another language
			{StoryID: b, Lang: en, Hour: h(25 * time.Hour), Views: 2},         // out of the day's window
		})
		if err != nil {
			t.Fatal(err)
		}
		top := views.NewTop(store, time.Minute, clock.Now)
		cases := []struct {
			name   string
			lang   locale.Lang
			window time.Duration
			limit  int
			want   []views.Rank
		}{
			{"day", en, views.Day, 10, []views.Rank{{a, 10}, {b, 8}, {c, 1}}},
			{"week", en, views.Week, 10, []views.Rank{{c, 51}, {b, 10}, {a, 10}}}, // a tie: the newer story first
			{"limit", en, views.Week, 1, []views.Rank{{c, 51}}},
			{"assamese", as, views.Day, 10, []views.Rank{{other, 100}}},
		}
		for _, tc := range cases {
			got, err := top.MostRead(ctx, tc.lang, tc.window, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
			}
		}
		if b < a {
			t.Fatal("stories are expected to be numbered in creation order")
		}
		// The window's edge: the day holds the hour that began up to 25 hours ago, not before.
		clock.Advance(50 * time.Minute) // 15:30 IST
		got, err := store.MostRead(ctx, en, clock.Now().Add(-views.Day), 10)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, []views.Rank{{a, 10}, {b, 8}, {c, 1}}) {
			t.Errorf("an hour on: %v", got)
		}
		// Rankings are remembered for their time to live, then read afresh.
		if _, err := top.MostRead(ctx, en, views.Day, 10); err != nil {
			t.Fatal(err)
		}
		if err := store.Add(ctx, []views.Count{{StoryID: b, Lang: en, Hour: clock.Now(), Views: 100}}); err != nil {
			t.Fatal(err)
		}
		if got, _ := top.MostRead(ctx, en, views.Day, 10); got[0].StoryID != a {
			t.Errorf("within the minute the ranking changed: %v", got)
		}
		clock.Advance(time.Minute)
		if got, _ := top.MostRead(ctx, en, views.Day, 10); got[0] != (views.Rank{b, 108}) {
			t.Errorf("after a minute: %v", got)
		}
	})
}

func TestRollup(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		ids := stories(t, d, 2)
		store := views.NewStore(d)
		now := start
		var counts []views.Count
		for day := range 10 {
			counts = append(counts, views.Count{StoryID: ids[0], Lang: en, Hour: now.Add(-time.Duration(day) * 24 * time.Hour), Views: int64(day + 1)})
			counts = append(counts, views.Count{StoryID: ids[1], Lang: as, Hour: now.Add(-time.Duration(day)*24*time.Hour - time.Hour), Views: 1})
		}
		if err := store.Add(ctx, counts); err != nil {
			t.Fatal(err)
		}
		before := tallies(t, store, ids, now)
		weekBefore, _ := store.MostRead(ctx, en, now.Add(-views.Week), 10)
		n, err := store.Rollup(ctx, now.Add(-views.Keep))
		if err != nil {
			t.Fatal(err)
		}
		// Days 9 and 8 of story 0 (day 8 is at the cut's hour, which stays), days 8 and 9 of story 1 (an hour earlier).
		if n != 3 {
			t.Errorf("folded %d rows, want 3", n)
		}
		if again, err := store.Rollup(ctx, now.Add(-views.Keep)); err != nil || again != 0 {
			t.Errorf("second rollup folded %d, %v", again, err)
		}
		if after := tallies(t, store, ids, now); !mapsEqual(after, before) {
			t.Errorf("tallies changed by the rollup: %v, was %v", after, before)
		}
		if week, _ := store.MostRead(ctx, en, now.Add(-views.Week), 10); !slices.Equal(week, weekBefore) {
			t.Errorf("week changed by the rollup: %v, was %v", week, weekBefore)
		}
		// Views added afterwards for an hour already folded are folded by the next rollup.
		if err := store.Add(ctx, []views.Count{{StoryID: ids[0], Lang: en, Hour: now.Add(-20 * 24 * time.Hour), Views: 7}}); err != nil {
			t.Fatal(err)
		}
		if _, err := store.Rollup(ctx, now.Add(-views.Keep)); err != nil {
			t.Fatal(err)
		}
		if got := tallies(t, store, ids, now)[views.Edition{StoryID: ids[0], Lang: en}]; got.Total != before[views.Edition{StoryID: ids[0], Lang: en}].Total+7 {
			t.Errorf("late views: %+v", got)
		}
	})
}

func mapsEqual(a, b map[views.Edition]views.Tally) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
