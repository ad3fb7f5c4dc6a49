package people_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/people"
)

// accountIn makes an account in status, reviewed by admin where the state needs a review.
func accountIn(t *testing.T, st store, admin people.User, status, email string) people.User {
	t.Helper()
	ctx := context.Background()
	var u people.User
	switch status {
	case people.StatusUnverified:
		u, _ = register(t, st, email)
	case people.StatusPending:
		u = pendingUser(t, st, email)
	case people.StatusActive:
		u = activeUser(t, st, email, people.Reporter)
	case people.StatusRejected:
		u = pendingUser(t, st, email)
		if err := st.Reject(ctx, u.ID, admin.ID, "no published work", nil); err != nil {
			t.Fatal(err)
		}
	case people.StatusSuspended:
		u = activeUser(t, st, email, people.Reporter)
		if err := st.Suspend(ctx, u.ID, admin.ID); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("no such status %q", status)
	}
	return u
}

var statuses = []string{people.StatusUnverified, people.StatusPending, people.StatusActive, people.StatusRejected, people.StatusSuspended}

// TestReviewStateMachine runs every review action on an account in every state: the action
// moves the account only from the one state it applies to, and says ErrWrongState otherwise.
func TestReviewStateMachine(t *testing.T) {
	none := func(*db.Tx, people.User) error { return nil }
	actions := []struct {
		name     string
		from, to string
		role     people.Role // the role after the action; empty: unchanged (reporter)
		do       func(st store, id, adminID int64) error
	}{
		{"approve", people.StatusPending, people.StatusActive, people.Translator, func(st store, id, adminID int64) error {
			return st.Approve(context.Background(), id, adminID, people.Translator, none)
		}},
		{"reject", people.StatusPending, people.StatusRejected, "", func(st store, id, adminID int64) error {
			return st.Reject(context.Background(), id, adminID, "no samples", none)
		}},
		{"suspend", people.StatusActive, people.StatusSuspended, "", func(st store, id, adminID int64) error {
			return st.Suspend(context.Background(), id, adminID)
		}},
		{"reinstate", people.StatusSuspended, people.StatusActive, "", func(st store, id, adminID int64) error {
			return st.Reinstate(context.Background(), id, adminID)
		}},
		{"set role", people.StatusActive, people.StatusActive, people.Editor, func(st store, id, adminID int64) error {
			return st.SetRole(context.Background(), id, adminID, people.Editor)
		}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		for _, a := range actions {
			for _, from := range statuses {
				t.Run(a.name+" "+from, func(t *testing.T) {
					u := accountIn(t, st, admin, from, strings.ReplaceAll(a.name, " ", "-")+"."+from+"@example.org")
					err := a.do(st, u.ID, admin.ID)
					got, gerr := st.Get(ctx, u.ID)
					if gerr != nil {
						t.Fatal(gerr)
					}
					if from != a.from {
						if !errors.Is(err, people.ErrWrongState) {
							t.Fatalf("%s on a %s account = %v, want ErrWrongState", a.name, from, err)
						}
						if got.Status != from || got.Role != people.Reporter {
							t.Fatalf("refused %s changed the account to %s/%s", a.name, got.Status, got.Role)
						}
						return
					}
					if err != nil {
						t.Fatalf("%s on a %s account: %v", a.name, from, err)
					}
					role := a.role
					if role == "" {
						role = people.Reporter
					}
					if got.Status != a.to || got.Role != role {
						t.Fatalf("after %s: %s/%s, want %s/%s", a.name, got.Status, got.Role, a.to, role)
					}
					if n := count(t, d, "SELECT COUNT(*) FROM users WHERE id = ? AND reviewed_by = ?", u.ID, admin.ID); n != 1 {
						t.Errorf("reviewed_by not recorded")
					}
				})
			}
			t.Run(a.name+" unknown account", func(t *testing.T) {
				if err := a.do(st, 987654, admin.ID); !errors.Is(err, people.ErrNotFound) {
					t.Fatalf("%s on a missing account = %v, want ErrNotFound", a.name, err)
				}
			})
		}
	})
}

func TestApprove(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		u := pendingUser(t, st, "priyanka@example.org")
		if _, err := st.Authenticate(ctx, u.Email, testPassword); !errors.Is(err, people.ErrNotActive) {
			t.Fatalf("Authenticate while pending = %v", err)
		}
		if err := st.Approve(ctx, u.ID, admin.ID, "owner", nil); err == nil {
			t.Fatal("approved with an unknown role")
		}
		var told people.User
		if err := st.Approve(ctx, u.ID, admin.ID, people.Reporter, func(_ *db.Tx, u people.User) error { told = u; return nil }); err != nil {
			t.Fatal(err)
		}
		if told.ID != u.ID || told.Status != people.StatusActive || told.Role != people.Reporter {
			t.Fatalf("then got %+v, want the approved account", told)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM users WHERE id = ? AND approved_at IS NOT NULL", u.ID); n != 1 {
			t.Error("approved_at not set")
		}
		got, err := st.Authenticate(ctx, u.Email, testPassword)
		if err != nil || got.ID != u.ID {
			t.Fatalf("Authenticate after approval = %+v, %v", got, err)
		}
		// Approving twice is a wrong state, not a second e-mail.
		if err := st.Approve(ctx, u.ID, admin.ID, people.Editor, func(*db.Tx, people.User) error {
			t.Error("then called for a refused approval")
			return nil
		}); !errors.Is(err, people.ErrWrongState) {
			t.Fatalf("second approval = %v, want ErrWrongState", err)
		}
	})
}

func TestReviewThenFails(t *testing.T) {
	boom := errors.New("could not queue the e-mail")
	fail := func(*db.Tx, people.User) error { return boom }
	cases := []struct {
		name string
		do   func(st store, id, adminID int64) error
	}{
		{"approve", func(st store, id, adminID int64) error {
			return st.Approve(context.Background(), id, adminID, people.Editor, fail)
		}},
		{"reject", func(st store, id, adminID int64) error {
			return st.Reject(context.Background(), id, adminID, "no samples", fail)
		}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				u := pendingUser(t, st, c.name+"@example.org")
				if err := c.do(st, u.ID, admin.ID); !errors.Is(err, boom) {
					t.Fatalf("%s = %v, want then's error", c.name, err)
				}
				got, _ := st.Get(context.Background(), u.ID)
				if got.Status != people.StatusPending || got.Role != people.Reporter || got.ReviewNote != "" {
					t.Fatalf("after a rolled-back %s: %+v, want still pending", c.name, got)
				}
			})
		}
	})
}

func TestReject(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		u := pendingUser(t, st, "priyanka@example.org")
		for _, reason := range []string{"", "  \n\t "} {
			err := st.Reject(ctx, u.ID, admin.ID, reason, nil)
			if fe, _ := fielderr.As(err); fe.Code("reason") != fielderr.Required {
				t.Fatalf("Reject(%q) = %v, want reason: required", reason, err)
			}
		}
		if got, _ := st.Get(ctx, u.ID); got.Status != people.StatusPending {
			t.Fatalf("status = %s after refused rejections", got.Status)
		}
		var told people.User
		if err := st.Reject(ctx, u.ID, admin.ID, "  Please send two published clippings.  ", func(_ *db.Tx, u people.User) error {
			told = u
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if told.Status != people.StatusRejected || told.ReviewNote != "Please send two published clippings." {
			t.Fatalf("then got %+v", told)
		}
		if got, _ := st.Get(ctx, u.ID); got.ReviewNote != "Please send two published clippings." {
			t.Fatalf("review note = %q", got.ReviewNote)
		}
	})
}

func TestSuspendAndReinstate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		var secrets []string
		for _, ua := range []string{"laptop", "phone"} {
			s, err := st.StartSession(ctx, u.ID, ua, "203.0.113.7", false)
			if err != nil {
				t.Fatal(err)
			}
			secrets = append(secrets, s)
		}
		adminSecret, err := st.StartSession(ctx, admin.ID, "desk", "198.51.100.1", false)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Suspend(ctx, u.ID, admin.ID); err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if _, _, err := st.SessionUser(ctx, s); !errors.Is(err, people.ErrNoSession) {
				t.Errorf("session of a suspended account: %v, want ErrNoSession", err)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", u.ID); n != 0 {
			t.Errorf("%d sessions of the suspended account left", n)
		}
		if _, _, err := st.SessionUser(ctx, adminSecret); err != nil {
			t.Errorf("admin's own session ended too: %v", err)
		}
		if _, err := st.Authenticate(ctx, u.Email, testPassword); !errors.Is(err, people.ErrNotActive) {
			t.Fatalf("Authenticate while suspended = %v, want ErrNotActive", err)
		}
		if err := st.Reinstate(ctx, u.ID, admin.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Authenticate(ctx, u.Email, testPassword); err != nil {
			t.Fatalf("Authenticate after reinstating = %v", err)
		}
		// Reinstating does not bring the old sessions back.
		if _, _, err := st.SessionUser(ctx, secrets[0]); !errors.Is(err, people.ErrNoSession) {
			t.Errorf("old session after reinstating: %v, want ErrNoSession", err)
		}
	})
}

func TestSetRoleRejectsUnknownRole(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		if err := st.SetRole(ctx, u.ID, admin.ID, "superuser"); err == nil {
			t.Fatal("SetRole accepted an unknown role")
		}
		if got, _ := st.Get(ctx, u.ID); got.Role != people.Reporter {
			t.Fatalf("role = %s", got.Role)
		}
	})
}

func TestListAndCount(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		for _, status := range statuses {
			clk.Advance(time.Second)
			accountIn(t, st, admin, status, status+"@example.org")
		}
		clk.Advance(time.Second)
		activeUser(t, st, "editor@example.org", people.Editor)
		counts, err := st.CountByStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{people.StatusUnverified: 1, people.StatusPending: 1, people.StatusActive: 3, people.StatusRejected: 1, people.StatusSuspended: 1}
		for s, n := range want {
			if counts[s] != n {
				t.Errorf("CountByStatus[%s] = %d, want %d", s, counts[s], n)
			}
		}
		pending, err := st.List(ctx, people.StatusPending)
		if err != nil || len(pending) != 1 || pending[0].Email != "pending@example.org" {
			t.Fatalf("List(pending) = %+v, %v", pending, err)
		}
		all, err := st.List(ctx, "")
		if err != nil || len(all) != 7 || all[0].Email != "editor@example.org" || all[6].Email != "admin@example.org" {
			t.Fatalf("List() = %d accounts, newest %q, oldest %q, %v", len(all), all[0].Email, all[len(all)-1].Email, err)
		}
		editors, err := st.Editors(ctx)
		if err != nil || len(editors) != 2 {
			t.Fatalf("Editors = %+v, %v, want the editor and the admin", editors, err)
		}
	})
}
