package enquiries_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/people"
)

func TestInboxListsAndCounts(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(t, d)
		editor := staff(t, d, "Rituraj Kalita", people.Editor)
		kinds := []enquiries.Kind{enquiries.NewsTip, enquiries.Correction, enquiries.Advertising, enquiries.General}
		var all []enquiries.Enquiry
		for i := range 30 {
			in := tip(i)
			in.Kind = string(kinds[i%4])
			e, _, err := st.Submit(ctx, in, nil)
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, e)
			clk.Advance(time.Minute)
		}
		// Enquiries 0-9 closed, 10-14 in progress and assigned.
		for i, e := range all[:15] {
			status := enquiries.StatusInProgress
			if i < 10 {
				status = enquiries.StatusClosed
			}
			if _, err := st.SetStatus(ctx, e.ID, editor.ID, status); err != nil {
				t.Fatal(err)
			}
		}
		for _, e := range all[10:15] {
			if _, err := st.Assign(ctx, e.ID, editor.ID, editor.ID); err != nil {
				t.Fatal(err)
			}
		}

		list, total, err := st.List(ctx, enquiries.Filter{})
		if err != nil || total != 30 || len(list) != 25 {
			t.Fatalf("List = %d of %d, %v", len(list), total, err)
		}
		if list[0].ID != all[29].ID || list[24].ID != all[5].ID {
			t.Errorf("not newest first: %d … %d", list[0].ID, list[24].ID)
		}
		page2, _, _ := st.List(ctx, enquiries.Filter{Offset: 25})
		if len(page2) != 5 || page2[4].ID != all[0].ID {
			t.Errorf("second page has %d", len(page2))
		}
		tests := []struct {
			f    enquiries.Filter
			want int
		}{
			{enquiries.Filter{Status: enquiries.StatusNew}, 15},
			{enquiries.Filter{Status: enquiries.StatusClosed}, 10},
			{enquiries.Filter{Status: enquiries.StatusInProgress, AssigneeID: editor.ID}, 5},
			{enquiries.Filter{Kind: enquiries.Correction}, 8},
			{enquiries.Filter{Kind: enquiries.NewsTip, Status: enquiries.StatusNew}, 4},
			{enquiries.Filter{Reference: all[3].Reference}, 1},
			{enquiries.Filter{Reference: "ZZZZ-ZZZZ"}, 0},
		}
		for _, tt := range tests {
			list, total, err := st.List(ctx, tt.f)
			if err != nil || total != tt.want || len(list) != tt.want {
				t.Errorf("List(%+v) = %d of %d, %v; want %d", tt.f, len(list), total, err, tt.want)
			}
			for _, e := range list {
				if tt.f.Status != "" && e.Status != tt.f.Status || tt.f.Kind != "" && e.Kind != tt.f.Kind {
					t.Errorf("List(%+v) returned %+v", tt.f, e)
				}
			}
		}
		assigned, _, _ := st.List(ctx, enquiries.Filter{AssigneeID: editor.ID, Limit: 1})
		if assigned[0].AssigneeName != "Rituraj Kalita" {
			t.Errorf("assignee name %q", assigned[0].AssigneeName)
		}
		counts, err := st.Counts(ctx, enquiries.Filter{Status: enquiries.StatusClosed})
		if err != nil || counts[enquiries.StatusNew] != 15 || counts[enquiries.StatusInProgress] != 5 || counts[enquiries.StatusClosed] != 10 {
			t.Errorf("Counts = %v, %v", counts, err)
		}
		counts, _ = st.Counts(ctx, enquiries.Filter{Kind: enquiries.Advertising})
		if counts[enquiries.StatusNew]+counts[enquiries.StatusInProgress]+counts[enquiries.StatusClosed] != 7 {
			t.Errorf("advertising counts %v", counts)
		}
	})
}

func TestTimeline(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(t, d)
		outbox := mail.NewOutbox(d)
		editor := staff(t, d, "Rituraj Kalita", people.Editor)
		admin := staff(t, d, "Anima Bora", people.Admin)
		e, _, err := st.Submit(ctx, tip(1), nil)
		if err != nil {
			t.Fatal(err)
		}
		step := func() { clk.Advance(time.Minute) }

		step()
		if changed, err := st.SetStatus(ctx, e.ID, editor.ID, enquiries.StatusNew); changed || err != nil {
			t.Errorf("setting the same status: %v, %v", changed, err)
		}
		if _, err := st.SetStatus(ctx, e.ID, editor.ID, "lost"); !errors.As(err, new(*fielderr.Error)) {
			t.Errorf("unknown status: %v", err)
		}
		if _, err := st.SetStatus(ctx, e.ID+9, editor.ID, enquiries.StatusClosed); !errors.Is(err, enquiries.ErrNotFound) {
			t.Errorf("status of nothing: %v", err)
		}
		if changed, err := st.Assign(ctx, e.ID, admin.ID, editor.ID); !changed || err != nil {
			t.Fatal(changed, err)
		}
		step()
		if err := st.AddNote(ctx, e.ID, editor.ID, "  Called the reader;\r\nphotos are genuine.  "); err != nil {
			t.Fatal(err)
		}
		for body, code := range map[string]fielderr.Code{" ": fielderr.Required, strings.Repeat("n", enquiries.MaxNote+1): fielderr.TooLong} {
			if err := st.AddNote(ctx, e.ID, editor.ID, body); fielderr.CodeOf(err, "note") != code {
				t.Errorf("note %.10q: %v", body, err)
			}
		}
		step()
		send := func(tx *db.Tx, e enquiries.Enquiry, body string) (int64, error) {
			return outbox.EnqueueTx(ctx, tx, mail.Message{To: e.Email, Subject: "Re: " + e.Reference, Text: body})
		}
		if err := st.Reply(ctx, e.ID, editor.ID, "Thank you, our Jorhat reporter is on the way.", send); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("outbox refused")
		if err := st.Reply(ctx, e.ID, editor.ID, "Never sent.", func(*db.Tx, enquiries.Enquiry, string) (int64, error) { return 0, boom }); !errors.Is(err, boom) {
			t.Errorf("failed reply: %v", err)
		}
		step()
		if changed, err := st.SetStatus(ctx, e.ID, admin.ID, enquiries.StatusClosed); !changed || err != nil {
			t.Fatal(changed, err)
		}
		if changed, err := st.Assign(ctx, e.ID, admin.ID, 0); !changed || err != nil {
			t.Fatal(changed, err)
		}

		events, err := st.Events(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			kind       enquiries.EventKind
			user, body string
			from, to   string
		}
		want := []row{
			{enquiries.EventAssign, "Anima Bora", "", "", "Rituraj Kalita"},
			{enquiries.EventNote, "Rituraj Kalita", "Called the reader;\nphotos are genuine.", "", ""},
			{enquiries.EventReply, "Rituraj Kalita", "Thank you, our Jorhat reporter is on the way.", "", ""},
			{enquiries.EventStatus, "Rituraj Kalita", "", "new", "in_progress"},
			{enquiries.EventStatus, "Anima Bora", "", "in_progress", "closed"},
			{enquiries.EventAssign, "Anima Bora", "", "Rituraj Kalita", ""},
		}
		if len(events) != len(want) {
			t.Fatalf("%d events, want %d: %+v", len(events), len(want), events)
		}
		for i, ev := range events {
			got := row{ev.Kind, ev.UserName, ev.Body, string(ev.FromStatus) + ev.FromUserName, string(ev.ToStatus) + ev.ToUserName}
			if got != want[i] {
				t.Errorf("event %d = %+v, want %+v", i, got, want[i])
			}
		}
		if events[2].OutboxID == 0 {
			t.Error("reply not linked to its mail")
		}
		m, err := outbox.Get(ctx, events[2].OutboxID)
		if err != nil || m.To != "reader1@example.org" || m.Text != "Thank you, our Jorhat reporter is on the way." {
			t.Errorf("reply mail %+v, %v", m, err)
		}
		got, _ := st.Get(ctx, e.ID)
		if got.Status != enquiries.StatusClosed || got.AssigneeID != 0 || !got.UpdatedAt.Equal(clk.Now()) || got.UpdatedAt.Equal(got.CreatedAt) {
			t.Errorf("enquiry after the steps: %+v", got)
		}
	})
}
