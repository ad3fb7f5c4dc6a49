package mail_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/testkit"
)

func newSMTP(t *testing.T, srv *testkit.SMTPServer) *mail.SMTP {
	t.Helper()
	tr, err := mail.NewSMTP(smtpConfig(srv))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestWorkerDelivers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t, testkit.WithAuth("desk", "s3cret-pw"))
		cfg := smtpConfig(srv)
		cfg.User, cfg.Password = "desk", "s3cret-pw"
		tr, err := mail.NewSMTP(cfg)
		if err != nil {
			t.Fatal(err)
		}
		o := mail.NewOutbox(d)
		opt := fastOptions()
		// Only Enqueue's wake-up can start the delivery before the test's deadline.
		opt.PollInterval = deadline * 10
		startWorker(t, mail.NewWorker(o, tr, quiet, opt))
		id, err := o.Enqueue(ctx, testMessage)
		if err != nil {
			t.Fatal(err)
		}
		it := waitStatus(t, o, id, mail.StatusSent)
		if it.Via != mail.ViaSMTP || it.Attempts != 1 || it.LastError != "" || it.SentAt.IsZero() {
			t.Errorf("sent item %+v", it)
		}
		got := srv.Received()
		if len(got) != 1 {
			t.Fatalf("server received %d mails, want 1", len(got))
		}
		checkReceived(t, got[0], testMessage)
	})
}

func TestWorkerRetriesWithBackoff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t)
		srv.RejectFirst(3)
		o := mail.NewOutbox(d)
		opt := fastOptions()
		opt.Backoff = 40 * time.Millisecond
		opt.MaxBackoff = 100 * time.Millisecond
		startWorker(t, mail.NewWorker(o, newSMTP(t, srv), quiet, opt))
		id, err := o.Enqueue(ctx, testMessage)
		if err != nil {
			t.Fatal(err)
		}
		it := waitStatus(t, o, id, mail.StatusSent)
		if it.Attempts != 4 || it.LastError != "" {
			t.Errorf("sent after retries: attempts %d, last error %q; want 4 and none", it.Attempts, it.LastError)
		}
		if n := len(srv.Received()); n != 1 {
			t.Errorf("server accepted %d mails, want 1", n)
		}
		calls := srv.DataCalls()
		if len(calls) != 4 {
			t.Fatalf("server saw %d DATA commands, want 4", len(calls))
		}
		// A retry is never due before its backoff has passed: 40ms, 80ms, then the 100ms cap.
		for i, want := range []time.Duration{40 * time.Millisecond, 80 * time.Millisecond, 100 * time.Millisecond} {
			if gap := calls[i+1].Sub(calls[i]); gap < want {
				t.Errorf("attempt %d came %v after the previous, before its backoff of %v", i+2, gap, want)
			}
		}
	})
}

func TestWorkerFailsAfterMaxAttempts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t)
		srv.RejectAlways()
		logs := &testkit.LogBuffer{}
		o := mail.NewOutbox(d)
		opt := fastOptions()
		opt.MaxAttempts = 4
		startWorker(t, mail.NewWorker(o, newSMTP(t, srv), slog.New(slog.NewTextHandler(logs, nil)), opt))
		id, err := o.Enqueue(ctx, testMessage)
		if err != nil {
			t.Fatal(err)
		}
		it := waitStatus(t, o, id, mail.StatusFailed)
		if it.Attempts != 4 {
			t.Errorf("failed after %d attempts, want 4", it.Attempts)
		}
		if !strings.Contains(it.LastError, "451") || !strings.Contains(it.LastError, "try again later") {
			t.Errorf("last error %q, want the server's 451 reply", it.LastError)
		}
		if !it.SentAt.IsZero() || it.Via != "" {
			t.Errorf("failed mail has sent_at %v via %q", it.SentAt, it.Via)
		}
		if n := len(srv.DataCalls()); n != 4 {
			t.Errorf("server saw %d attempts, want 4", n)
		}
		if !strings.Contains(logs.String(), "failed for good") {
			t.Errorf("no failure logged:\n%s", logs)
		}
	})
}

func TestWorkerNeverLogsPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t, testkit.WithAuth("desk", "right-password"))
		cfg := smtpConfig(srv)
		cfg.User, cfg.Password = "desk", "wrong-password-xyz"
		tr, err := mail.NewSMTP(cfg)
		if err != nil {
			t.Fatal(err)
		}
		logs := &testkit.LogBuffer{}
		o := mail.NewOutbox(d)
		opt := fastOptions()
		opt.MaxAttempts = 2
		startWorker(t, mail.NewWorker(o, tr, slog.New(slog.NewTextHandler(logs, nil)), opt))
		id, err := o.Enqueue(ctx, testMessage)
		if err != nil {
			t.Fatal(err)
		}
		it := waitStatus(t, o, id, mail.StatusFailed)
		if !strings.Contains(strings.ToLower(it.LastError), "auth") {
			t.Errorf("last error %q does not say authentication failed", it.LastError)
		}
		if strings.Contains(it.LastError+logs.String(), "wrong-password-xyz") {
			t.Errorf("password leaked:\nlast error: %s\nlog:\n%s", it.LastError, logs)
		}
	})
}

func TestWorkerDeliversAfterRestart(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect db.Dialect) {
		ctx := context.Background()
		open := reopenable(t, dialect)
		srv := testkit.StartSMTP(t)

		// The first process queues mail and dies before its worker runs.
		before := open()
		o := mail.NewOutbox(before)
		_ = mail.NewWorker(o, newSMTP(t, srv), quiet, fastOptions())
		var ids []int64
		for i := range 3 {
			id, err := o.Enqueue(ctx, mail.Message{To: "reader@example.org", Subject: fmt.Sprintf("Queued %d", i), Text: "Body"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if err := before.Close(); err != nil {
			t.Fatal(err)
		}

		after := mail.NewOutbox(open())
		startWorker(t, mail.NewWorker(after, newSMTP(t, srv), quiet, fastOptions()))
		for _, id := range ids {
			waitStatus(t, after, id, mail.StatusSent)
		}
		got := srv.Received()
		if len(got) != 3 {
			t.Fatalf("server received %d mails, want 3", len(got))
		}
		for i, r := range got {
			if s := parseMail(t, r.Data).Subject; s != fmt.Sprintf("Queued %d", i) {
				t.Errorf("mail %d subject %q", i, s)
			}
		}
	})
}

func TestConcurrentWorkersSendEachMailOnce(t *testing.T) {
	eachDialect(t, func(t *testing.T, dialect db.Dialect) {
		ctx := context.Background()
		open := reopenable(t, dialect)
		srv := testkit.StartSMTP(t)
		// Two app nodes, each with its own connection pool, outbox and worker.
		nodeA, nodeB := mail.NewOutbox(open()), mail.NewOutbox(open())
		const n = 50
		for i := range n {
			o := nodeA
			if i%2 == 1 {
				o = nodeB
			}
			if _, err := o.Enqueue(ctx, mail.Message{To: "reader@example.org", Subject: fmt.Sprintf("Mail %02d", i), Text: "Body"}); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		perNode := map[string]int{}
		opt := fastOptions()
		opt.BatchSize = 3
		stopA := startWorker(t, mail.NewWorker(nodeA, countingTransport{newSMTP(t, srv), "a", &mu, perNode}, quiet, opt))
		stopB := startWorker(t, mail.NewWorker(nodeB, countingTransport{newSMTP(t, srv), "b", &mu, perNode}, quiet, opt))
		waitFor(t, "all mail sent", func() bool {
			_, sent, err := nodeA.List(ctx, mail.ListFilter{Status: mail.StatusSent})
			return err == nil && sent == n
		})
		stopA()
		stopB()

		seen := map[string]int{}
		for _, r := range srv.Received() {
			seen[parseMail(t, r.Data).Subject]++
		}
		for i := range n {
			if s := fmt.Sprintf("Mail %02d", i); seen[s] != 1 {
				t.Errorf("%s delivered %d times, want once", s, seen[s])
			}
		}
		if len(seen) != n {
			t.Errorf("%d distinct mails delivered, want %d", len(seen), n)
		}
		items, _, err := nodeA.List(ctx, mail.ListFilter{Limit: n})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Attempts != 1 {
				t.Errorf("mail %d took %d attempts, want 1", it.ID, it.Attempts)
			}
		}
		t.Logf("node a sent %d, node b sent %d", perNode["a"], perNode["b"])
	})
}

// countingTransport counts the mails a node's worker sends through the real SMTP transport.
type countingTransport struct {
	mail.Transport
	node  string
	mu    *sync.Mutex
	count map[string]int
}

func (c countingTransport) Send(ctx context.Context, m mail.Message) error {
	err := c.Transport.Send(ctx, m)
	c.mu.Lock()
	c.count[c.node]++
	c.mu.Unlock()
	return err
}

func TestWorkerStopsGracefully(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t)
		inData := make(chan struct{})
		release := make(chan struct{})
		var once sync.Once
		srv.OnData(func() {
			once.Do(func() { close(inData) })
			<-release
		})
		o := mail.NewOutbox(d)
		var ids []int64
		for i := range 3 {
			id, err := o.Enqueue(ctx, mail.Message{To: "reader@example.org", Subject: fmt.Sprintf("Mail %d", i), Text: "Body"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		w := mail.NewWorker(o, newSMTP(t, srv), quiet, fastOptions())
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); w.Run(runCtx) }()
		select {
		case <-inData:
		case <-time.After(deadline):
			t.Fatal("worker never started sending")
		}
		// Cancel while the first mail is in hand; only then does the server let it through.
		cancel()
		close(release)
		select {
		case <-done:
		case <-time.After(deadline):
			t.Fatal("Run did not return after cancellation")
		}

		if it, err := o.Get(ctx, ids[0]); err != nil || it.Status != mail.StatusSent {
			t.Errorf("mail in hand: %+v, %v; want it sent", it, err)
		}
		for _, id := range ids[1:] {
			it, err := o.Get(ctx, id)
			if err != nil || it.Status != mail.StatusQueued || it.Attempts != 0 {
				t.Errorf("claimed but unsent mail %+v, %v; want it queued with no attempt counted", it, err)
			}
		}
		if n := len(srv.Received()); n != 1 {
			t.Errorf("server received %d mails, want 1", n)
		}
		// The released mail goes out with the next worker at once, not after a lease.
		startWorker(t, mail.NewWorker(o, newSMTP(t, srv), quiet, fastOptions()))
		for _, id := range ids[1:] {
			waitStatus(t, o, id, mail.StatusSent)
		}
	})
}

func TestLogTransport(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		logs := &testkit.LogBuffer{}
		log := slog.New(slog.NewTextHandler(logs, nil))
		tr, err := mail.NewTransport(mail.SMTPConfig{}, log)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tr.(*mail.LogTransport); !ok {
			t.Fatalf("NewTransport without a host = %T, want *LogTransport", tr)
		}
		o := mail.NewOutbox(d)
		startWorker(t, mail.NewWorker(o, tr, log, fastOptions()))
		id, err := o.Enqueue(ctx, mail.Message{To: "reporter@example.org", Subject: "Your password reset", Text: "Open https://news.example.org/reset/abc123", HTML: "<p>secret html</p>"})
		if err != nil {
			t.Fatal(err)
		}
		it := waitStatus(t, o, id, mail.StatusSent)
		if it.Via != mail.ViaLog {
			t.Errorf("via %q, want %q", it.Via, mail.ViaLog)
		}
		out := logs.String()
		for _, want := range []string{"reporter@example.org", "Your password reset", "https://news.example.org/reset/abc123"} {
			if !strings.Contains(out, want) {
				t.Errorf("log lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(out, "secret html") {
			t.Errorf("log holds the HTML body:\n%s", out)
		}
	})
}

// TestWorkerReportsBounces: a recipient the server refuses for good (550) fails the mail and is
// reported to Bounced once; a refusal the server means as temporary (451) is not.
func TestWorkerReportsBounces(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t)
		o := mail.NewOutbox(d)
		opt := fastOptions()
		var mu sync.Mutex
		var bounced []string
		opt.Bounced = func(_ context.Context, to string, err error) {
			mu.Lock()
			defer mu.Unlock()
			bounced = append(bounced, to)
		}
		startWorker(t, mail.NewWorker(o, newSMTP(t, srv), quiet, opt))
		id, err := o.Enqueue(ctx, mail.Message{To: "nobody@example.org", Subject: "Digest", Text: "Today"})
		if err != nil {
			t.Fatal(err)
		}
		waitStatus(t, o, id, mail.StatusFailed)
		waitFor(t, "the bounce reported", func() bool {
			mu.Lock()
			defer mu.Unlock()
			return len(bounced) == 1
		})
		if bounced[0] != "nobody@example.org" {
			t.Errorf("bounced %q", bounced)
		}
	})
}
