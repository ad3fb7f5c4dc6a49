package mail_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/testkit"
)

func TestEnqueueStoresMail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := mail.NewOutbox(d)
		id, err := o.Enqueue(ctx, mail.Message{To: "  reader@example.org ", Subject: " Welcome ", Text: "Hello", HTML: "<p>Hello</p>"})
		if err != nil {
			t.Fatal(err)
		}
		it, err := o.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if it.ID != id || it.To != "reader@example.org" || it.Subject != "Welcome" || it.Text != "Hello" || it.HTML != "<p>Hello</p>" {
			t.Errorf("item %+v", it)
		}
		if it.Status != mail.StatusQueued || it.Attempts != 0 || it.Via != "" || it.LastError != "" || it.DedupeKey != "" {
			t.Errorf("new item %+v", it)
		}
		if it.CreatedAt.IsZero() || it.NextAttemptAt.Before(it.CreatedAt) || !it.SentAt.IsZero() {
			t.Errorf("times: created %v next %v sent %v", it.CreatedAt, it.NextAttemptAt, it.SentAt)
		}
		if it.CreatedAt.Location().String() != "UTC" {
			t.Errorf("created_at in %v, want UTC", it.CreatedAt.Location())
		}
		if _, err := o.Get(ctx, id+100); !errors.Is(err, mail.ErrNotFound) {
			t.Errorf("Get(unknown) = %v, want ErrNotFound", err)
		}
	})
}

func TestEnqueueRejectsBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := mail.NewOutbox(d)
		ok := mail.Message{To: "reader@example.org", Subject: "Hi", Text: "Body"}
		tests := []struct {
			name  string
			edit  func(m *mail.Message)
			field string
			code  fielderr.Code
		}{
			{"no address", func(m *mail.Message) { m.To = "  " }, "to", fielderr.Required},
			{"no at sign", func(m *mail.Message) { m.To = "reader.example.org" }, "to", fielderr.InvalidEmail},
			{"two addresses", func(m *mail.Message) { m.To = "a@example.org, b@example.org" }, "to", fielderr.InvalidEmail},
			{"header injection in address", func(m *mail.Message) { m.To = "a@example.org\r\nBcc: b@example.org" }, "to", fielderr.InvalidEmail},
			{"bad domain", func(m *mail.Message) { m.To = "reader@" }, "to", fielderr.InvalidEmail},
			{"no subject", func(m *mail.Message) { m.Subject = " " }, "subject", fielderr.Required},
			{"header injection in subject", func(m *mail.Message) { m.Subject = "Hi\r\nBcc: b@example.org" }, "subject", fielderr.NotOneLine},
			{"long subject", func(m *mail.Message) { m.Subject = strings.Repeat("x", 401) }, "subject", fielderr.TooLong},
			{"no body", func(m *mail.Message) { m.Text = "\n"; m.HTML = "<p>only html</p>" }, "text", fielderr.Required},
			{"header not allowed", func(m *mail.Message) { m.Headers = map[string]string{"Bcc": "b@example.org"} }, "headers", fielderr.Invalid},
			{"header injection", func(m *mail.Message) {
				m.Headers = map[string]string{"List-Unsubscribe": "<https://x.org/u>\r\nBcc: b@example.org"}
			}, "headers", fielderr.Invalid},
		}
		for _, tt := range tests {
			m := ok
			tt.edit(&m)
			_, err := o.Enqueue(ctx, m)
			verr, isField := fielderr.As(err)
			if !isField {
				t.Errorf("%s: err = %v, want a *fielderr.Error", tt.name, err)
				continue
			}
			if verr.Code(tt.field) != tt.code || len(verr.Fields) != 1 {
				t.Errorf("%s: fields %v, want %s: %s", tt.name, verr.Fields, tt.field, tt.code)
			}
		}
		if _, total, err := o.List(ctx, mail.ListFilter{}); err != nil || total != 0 {
			t.Errorf("after rejected mail: %d stored, err %v", total, err)
		}
	})
}

func TestEnqueueKeepsHeaders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := mail.NewOutbox(d)
		h := map[string]string{"List-Unsubscribe": "<https://news.example.org/digest/unsubscribe/x>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
		id, err := o.Enqueue(ctx, mail.Message{To: "a@example.org", Subject: "Digest", Text: "Today", Headers: h})
		if err != nil {
			t.Fatal(err)
		}
		it, err := o.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(it.Headers) != 2 || it.Headers["List-Unsubscribe"] != h["List-Unsubscribe"] || it.Headers["List-Unsubscribe-Post"] != h["List-Unsubscribe-Post"] {
			t.Errorf("stored headers %v, want %v", it.Headers, h)
		}
	})
}

func TestDedupeKeyMakesEnqueueIdempotent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := mail.NewOutbox(d)
		first, err := o.Enqueue(ctx, mail.Message{To: "a@example.org", Subject: "Verify", Text: "Code 1", DedupeKey: "verify-user-7"})
		if err != nil {
			t.Fatal(err)
		}
		again, err := o.Enqueue(ctx, mail.Message{To: "a@example.org", Subject: "Verify", Text: "Code 2", DedupeKey: "verify-user-7"})
		if err != nil {
			t.Fatal(err)
		}
		if again != first {
			t.Errorf("second enqueue id %d, want the first's %d", again, first)
		}
		// Inside a transaction too.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			id, err := o.EnqueueTx(ctx, tx, mail.Message{To: "a@example.org", Subject: "Verify", Text: "Code 3", DedupeKey: "verify-user-7"})
			if id != first {
				t.Errorf("EnqueueTx id %d, want %d", id, first)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// Mails without a key never collide.
		for range 2 {
			if _, err := o.Enqueue(ctx, mail.Message{To: "a@example.org", Subject: "News", Text: "Hi"}); err != nil {
				t.Fatal(err)
			}
		}
		items, total, err := o.List(ctx, mail.ListFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if total != 3 || len(items) != 3 {
			t.Fatalf("stored %d mails, want 3", total)
		}
		it, err := o.Get(ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		if it.Text != "Code 1" || it.DedupeKey != "verify-user-7" {
			t.Errorf("deduplicated mail %+v, want the first one kept", it)
		}
	})
}

func TestEnqueueTxIsAtomicWithCallerRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := mail.NewOutbox(d)
		boom := errors.New("registration failed")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", "registered", "yes"); err != nil {
				return err
			}
			if _, err := o.EnqueueTx(ctx, tx, mail.Message{To: "a@example.org", Subject: "Welcome", Text: "Hi", DedupeKey: "welcome-a"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		if _, total, _ := o.List(ctx, mail.ListFilter{}); total != 0 {
			t.Errorf("rolled back transaction left %d mails", total)
		}
		// The rolled-back key is free again, and a committed transaction keeps both rows.
		var id int64
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", "registered", "yes"); err != nil {
				return err
			}
			var err error
			id, err = o.EnqueueTx(ctx, tx, mail.Message{To: "a@example.org", Subject: "Welcome", Text: "Hi", DedupeKey: "welcome-a"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if it, err := o.Get(ctx, id); err != nil || it.Status != mail.StatusQueued {
			t.Errorf("committed mail %+v, %v", it, err)
		}
	})
}

func TestListAndRequeue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv := testkit.StartSMTP(t)
		o := mail.NewOutbox(d)
		var ids []int64
		for i := range 7 {
			to := fmt.Sprintf("reader%d@example.org", i)
			if i == 2 || i == 5 {
				to = fmt.Sprintf("nobody%d@example.org", i) // refused for good by the server
			}
			id, err := o.Enqueue(ctx, mail.Message{To: to, Subject: fmt.Sprintf("Mail %d", i), Text: "Body"})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		tr, err := mail.NewSMTP(smtpConfig(srv))
		if err != nil {
			t.Fatal(err)
		}
		stop := startWorker(t, mail.NewWorker(o, tr, quiet, fastOptions()))
		waitFor(t, "all mail settled", func() bool {
			_, queued, err := o.List(ctx, mail.ListFilter{Status: mail.StatusQueued})
			return err == nil && queued == 0
		})
		stop()

		all, total, err := o.List(ctx, mail.ListFilter{})
		if err != nil || total != 7 || len(all) != 7 {
			t.Fatalf("List = %d items, total %d, %v", len(all), total, err)
		}
		for i, it := range all {
			if want := ids[len(ids)-1-i]; it.ID != want {
				t.Errorf("item %d has id %d, want %d (newest first)", i, it.ID, want)
			}
		}
		failed, total, err := o.List(ctx, mail.ListFilter{Status: mail.StatusFailed})
		if err != nil || total != 2 || len(failed) != 2 || failed[0].ID != ids[5] || failed[1].ID != ids[2] {
			t.Fatalf("failed = %+v, total %d, %v", failed, total, err)
		}
		if failed[0].Attempts != 1 || failed[0].LastError == "" {
			t.Errorf("refused mail: attempts %d, last error %q; want 1 attempt and the reason", failed[0].Attempts, failed[0].LastError)
		}
		page, total, err := o.List(ctx, mail.ListFilter{Status: mail.StatusSent, Limit: 2, Offset: 2})
		if err != nil || total != 5 || len(page) != 2 || page[0].ID != ids[3] || page[1].ID != ids[1] {
			t.Errorf("sent page = %+v, total %d, %v", page, total, err)
		}
		if _, _, err := o.List(ctx, mail.ListFilter{Status: "bogus"}); err == nil {
			t.Error("List accepted an unknown status")
		}

		if err := o.Requeue(ctx, ids[0]); !errors.Is(err, mail.ErrNotFailed) {
			t.Errorf("Requeue(sent) = %v, want ErrNotFailed", err)
		}
		if err := o.Requeue(ctx, ids[6]+100); !errors.Is(err, mail.ErrNotFound) {
			t.Errorf("Requeue(unknown) = %v, want ErrNotFound", err)
		}
		if err := o.Requeue(ctx, ids[2]); err != nil {
			t.Fatal(err)
		}
		it, err := o.Get(ctx, ids[2])
		if err != nil || it.Status != mail.StatusQueued || it.Attempts != 0 {
			t.Errorf("requeued mail %+v, %v", it, err)
		}
	})
}
