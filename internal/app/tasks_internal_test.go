package app

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/news"
)

// twoNodes builds two apps on one PostgreSQL schema, as two `batori serve` processes would be.
func twoNodes(t *testing.T) (*App, *App) {
	t.Helper()
	cfg := config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogFormat: "text", MaxBodyBytes: 64 << 10,
		ShutdownTimeout: 5 * time.Second, Migrate: true, DatabaseURL: dbtest.NewPostgresSchema(t),
		BackupDir: t.TempDir(), BackupEvery: time.Hour}
	var nodes []*App
	for range 2 {
		a, err := New(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		nodes = append(nodes, a)
	}
	return nodes[0], nodes[1]
}

// TestEveryTaskRunsOnceAcrossNodes: a task marked once runs on one node per period however
// many nodes try at the same moment, and every other task is one of those known to be safe
// on several nodes at once; a new task must be put in one group or the other.
func TestEveryTaskRunsOnceAcrossNodes(t *testing.T) {
	a, b := twoNodes(t)
	everywhere := []string{"publish scheduled stories", "translate queued stories", "make photo variants", "sweep files", "index stories for search", "send morning digests"}
	var once []string
	for _, tk := range a.tasks() {
		if tk.once {
			once = append(once, tk.name)
		} else if !slices.Contains(everywhere, tk.name) {
			t.Errorf("task %q runs on every node but is not known to be safe there: make it once, or say why it is safe", tk.name)
		}
	}
	slices.Sort(once)
	want := []string{"back up", "enforce retention of readers' data", "expire breaking banners", "fold old article views", "prune old push notifications"}
	if !slices.Equal(once, want) {
		t.Errorf("tasks run once across nodes: %v, want %v", once, want)
	}

	// Both nodes try the same task eight times each, all at once: one run.
	var runs atomic.Int32
	tk := task{name: "count", every: time.Hour, once: true, run: func(context.Context) error { runs.Add(1); return nil }}
	var wg sync.WaitGroup
	for i := range 16 {
		node := a
		if i%2 == 1 {
			node = b
		}
		wg.Go(func() { node.runOnce(context.Background(), tk) })
	}
	wg.Wait()
	if n := runs.Load(); n != 1 {
		t.Fatalf("a once task tried by two nodes together ran %d times, want 1", n)
	}
	// The turn is taken for most of a period; once it is over the next node to try runs it.
	ctx := context.Background()
	now := time.Now()
	if ok, err := b.DB.TakeTurn(ctx, "count", b.node, now.Add(30*time.Minute), now.Add(2*time.Hour)); err != nil || ok {
		t.Errorf("turn taken again within the period: %t, %v", ok, err)
	}
	if ok, err := b.DB.TakeTurn(ctx, "count", b.node, now.Add(time.Hour), now.Add(2*time.Hour)); err != nil || !ok {
		t.Errorf("turn not taken after the period: %t, %v", ok, err)
	}
}

// TestScheduledStoryPublishedOnceAcrossNodes: two nodes running the scheduler at the same
// moment publish a due edition once (one audit entry, one publication event).
func TestScheduledStoryPublishedOnceAcrossNodes(t *testing.T) {
	a, b := twoNodes(t)
	ctx := context.Background()
	sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
	if err != nil {
		t.Fatal(err)
	}
	for round := range 5 {
		story, err := a.News.CreateStory(ctx, news.StoryInput{SectionID: sec.ID})
		if err != nil {
			t.Fatal(err)
		}
		e, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: story, Lang: "en", Headline: "Ferry service resumes at Nimati ghat",
			Standfirst: "Boats cross again.", Body: "<p>The ferries run again.</p>"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.DB.Exec(ctx, "UPDATE editions SET status = ?, published_at = ? WHERE id = ?", news.Scheduled, time.Now().Add(-time.Minute).UTC(), e.ID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for _, node := range []*App{a, b, a, b} {
			wg.Go(func() {
				if err := node.publishDue(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		var n int
		if err := a.DB.QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE action = 'publish_scheduled' AND edition_id = ?", e.ID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		got, err := b.News.Edition(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || got.Status != news.Published {
			t.Fatalf("round %d: published %d times, status %s", round, n, got.Status)
		}
	}
}
