package people_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
)

func startSession(t *testing.T, st store, userID int64, pending bool) string {
	t.Helper()
	secret, err := st.StartSession(context.Background(), userID, "Mozilla/5.0 (Android 14)", "203.0.113.7", pending)
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func TestSessionRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		start := clk.Now()
		secret := startSession(t, st, u.ID, false)
		if len(secret) < 40 {
			t.Fatalf("cookie secret %q is too short to be unguessable", secret)
		}
		se, got, err := st.SessionUser(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Email != u.Email || se.UserID != u.ID {
			t.Fatalf("SessionUser = %+v, %+v", se, got)
		}
		if se.SecondFactorPending || se.UserAgent != "Mozilla/5.0 (Android 14)" || se.IP != "203.0.113.7" {
			t.Fatalf("session = %+v", se)
		}
		if !se.CreatedAt.Equal(start) || !se.ExpiresAt.Equal(start.Add(people.SessionMax)) {
			t.Fatalf("session created %v, expires %v; want %v and SessionMax later", se.CreatedAt, se.ExpiresAt, start)
		}
		// The database holds a hash of the cookie, never the cookie itself.
		if se.ID == secret || strings.Contains(se.ID, secret) {
			t.Fatalf("session id %q is the cookie secret", se.ID)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM sessions WHERE id_hash = ?", secret); n != 0 {
			t.Fatal("the cookie secret is stored")
		}
		if n := count(t, d, "SELECT COUNT(*) FROM sessions WHERE id_hash = ?", se.ID); n != 1 {
			t.Fatal("Session.ID does not name the stored row")
		}
		if other := startSession(t, st, u.ID, false); other == secret {
			t.Fatal("two sessions got the same secret")
		}
		for _, bad := range []string{"", "nope", se.ID} {
			if _, _, err := st.SessionUser(ctx, bad); !errors.Is(err, people.ErrNoSession) {
				t.Errorf("SessionUser(%q) = %v, want ErrNoSession", bad, err)
			}
		}
	})
}

func TestSessionTruncatesUserAgent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		secret, err := st.StartSession(ctx, u.ID, strings.Repeat("A", 5000), "203.0.113.7", false)
		if err != nil {
			t.Fatal(err)
		}
		se, _, err := st.SessionUser(ctx, secret)
		if err != nil || len(se.UserAgent) != 300 {
			t.Fatalf("user agent of %d bytes kept, %v; want 300", len(se.UserAgent), err)
		}
	})
}

// TestSessionExpiry moves the clock through a session's life: each step waits and then uses
// the session, which must still work; the last wait ends it.
func TestSessionExpiry(t *testing.T) {
	cases := []struct {
		name    string
		pending bool
		steps   []time.Duration // waits after which the session still works
		last    time.Duration   // the wait after which it is over; 0: it never ends here
	}{
		{"idle twelve hours less a minute", false, []time.Duration{people.SessionIdle - time.Minute}, 0},
		{"idle thirteen hours", false, nil, 13 * time.Hour},
		{"idle thirteen hours after use", false, []time.Duration{11 * time.Hour}, 13 * time.Hour},
		// Used every eleven hours, the session never idles out, yet ends thirty days after login.
		{"used every eleven hours until the month is over", false, repeat(65, 11*time.Hour), 11 * time.Hour},
		{"second factor within ten minutes", true, []time.Duration{9 * time.Minute}, 0},
		{"second factor after eleven minutes", true, nil, 11 * time.Minute},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				st, clk := newStore(d)
				u := activeUser(t, st, strings.ReplaceAll(c.name, " ", ".")+"@example.org", people.Reporter)
				secret := startSession(t, st, u.ID, c.pending)
				for i, wait := range c.steps {
					clk.Advance(wait)
					if _, _, err := st.SessionUser(ctx, secret); err != nil {
						t.Fatalf("step %d (+%v): %v", i, wait, err)
					}
				}
				if c.last == 0 {
					return
				}
				clk.Advance(c.last)
				if _, _, err := st.SessionUser(ctx, secret); !errors.Is(err, people.ErrNoSession) {
					t.Fatalf("after +%v: %v, want ErrNoSession", c.last, err)
				}
				if n := count(t, d, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", u.ID); n != 0 {
					t.Fatalf("expired session not removed")
				}
			})
		}
	})
}

func TestSecondFactorPending(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		secret := startSession(t, st, u.ID, true)
		se, _, err := st.SessionUser(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if !se.SecondFactorPending || !se.ExpiresAt.Equal(clk.Now().Add(10*time.Minute)) {
			t.Fatalf("pending session = %+v, want pending for ten minutes", se)
		}
		clk.Advance(5 * time.Minute)
		pendingID := se.ID
		secret2, err := st.CompleteSecondFactor(ctx, se.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The id rotates with the second factor: the pending cookie does not become a full one.
		if _, _, err := st.SessionUser(ctx, secret); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("the pending cookie after CompleteSecondFactor: %v, want ErrNoSession", err)
		}
		if _, err := st.CompleteSecondFactor(ctx, pendingID); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("CompleteSecondFactor twice: %v, want ErrNoSession", err)
		}
		secret = secret2
		se, _, err = st.SessionUser(ctx, secret)
		if err != nil || se.SecondFactorPending {
			t.Fatalf("after CompleteSecondFactor: %+v, %v", se, err)
		}
		if !se.ExpiresAt.Equal(clk.Now().Add(people.SessionMax)) {
			t.Fatalf("completed session expires %v, want SessionMax from now", se.ExpiresAt)
		}
		// The short window no longer applies.
		clk.Advance(time.Hour)
		if _, _, err := st.SessionUser(ctx, secret); err != nil {
			t.Fatalf("an hour after the second factor: %v", err)
		}
	})
}

func TestEndSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		other := activeUser(t, st, "other@example.org", people.Reporter)
		secret := startSession(t, st, u.ID, false)
		se, _, err := st.SessionUser(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.EndSession(ctx, other.ID, se.ID); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("another user ending the session: %v, want ErrNoSession", err)
		}
		if _, _, err := st.SessionUser(ctx, secret); err != nil {
			t.Fatalf("session ended by someone else: %v", err)
		}
		// The cookie secret is not the id; passing it ends nothing.
		if err := st.EndSession(ctx, u.ID, secret); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("EndSession with the cookie secret: %v, want ErrNoSession", err)
		}
		if err := st.EndSession(ctx, u.ID, se.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.SessionUser(ctx, secret); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("after logout: %v, want ErrNoSession", err)
		}
		if err := st.EndSession(ctx, u.ID, se.ID); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("ending twice: %v, want ErrNoSession", err)
		}
	})
}

func TestEndOtherSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		other := activeUser(t, st, "other@example.org", people.Reporter)
		keep := startSession(t, st, u.ID, false)
		gone := []string{startSession(t, st, u.ID, false), startSession(t, st, u.ID, true)}
		othersSession := startSession(t, st, other.ID, false)
		se, _, err := st.SessionUser(ctx, keep)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.EndOtherSessions(ctx, u.ID, se.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.SessionUser(ctx, keep); err != nil {
			t.Fatalf("kept session: %v", err)
		}
		for _, s := range gone {
			if _, _, err := st.SessionUser(ctx, s); !errors.Is(err, people.ErrNoSession) {
				t.Errorf("other session: %v, want ErrNoSession", err)
			}
		}
		if _, _, err := st.SessionUser(ctx, othersSession); err != nil {
			t.Fatalf("another user's session ended: %v", err)
		}
	})
}

func TestSessionsList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		first := startSession(t, st, u.ID, false)
		clk.Advance(time.Hour)
		startSession(t, st, u.ID, false)
		clk.Advance(time.Hour)
		// Using the first session makes it the most recent.
		fse, _, err := st.SessionUser(ctx, first)
		if err != nil {
			t.Fatal(err)
		}
		list, err := st.Sessions(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].ID != fse.ID {
			t.Fatalf("Sessions = %+v, want 2, the first one used most recently on top", list)
		}
	})
}

// TestSessionsListsOnlyLive: Sessions promises live sessions; one idle for longer than
// SessionIdle no longer logs anyone in, so it must not be listed as a device still signed in.
func TestSessionsListsOnlyLive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		startSession(t, st, u.ID, true) // never completes its second factor
		idle := startSession(t, st, u.ID, false)
		clk.Advance(8 * 24 * time.Hour)
		live := startSession(t, st, u.ID, false)
		list, err := st.Sessions(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		se, _, err := st.SessionUser(ctx, live)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].ID != se.ID {
			t.Errorf("Sessions lists %d sessions, want only the live one", len(list))
		}
		if _, _, err := st.SessionUser(ctx, idle); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("idle session still works: %v", err)
		}
	})
}

func TestSessionOfSuspendedUser(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		secret := startSession(t, st, u.ID, false)
		if err := st.Suspend(ctx, u.ID, admin.ID); err != nil {
			t.Fatal(err)
		}
		if _, got, err := st.SessionUser(ctx, secret); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("suspended user's session = %+v, %v, want ErrNoSession", got, err)
		}
		// Even a session row that survived (say, written by a request racing the suspension)
		// grants nothing while the account is not active.
		raced := startSession(t, st, u.ID, false)
		if _, got, err := st.SessionUser(ctx, raced); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("session of a suspended account = %+v, %v, want ErrNoSession", got, err)
		}
	})
}

// repeat returns n waits of d.
func repeat(n int, d time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

// TestRotateSession: a new id for the same session; the old id no longer logs in, and only the
// owner's session can be rotated.
func TestRotateSession(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "editor@example.org", people.Editor)
		other := activeUser(t, st, "other@example.org", people.Editor)
		old := startSession(t, st, u.ID, false)
		se, _, err := st.SessionUser(ctx, old)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.RotateSession(ctx, other.ID, se.ID); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("rotating another user's session: %v, want ErrNoSession", err)
		}
		clk.Advance(time.Hour)
		fresh, err := st.RotateSession(ctx, u.ID, se.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.SessionUser(ctx, old); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("old id after rotation: %v, want ErrNoSession", err)
		}
		got, _, err := st.SessionUser(ctx, fresh)
		if err != nil || got.ID == se.ID || !got.CreatedAt.Equal(se.CreatedAt) || !got.ExpiresAt.Equal(se.ExpiresAt) {
			t.Fatalf("rotated session %+v, %v; want a new id with the same age and end", got, err)
		}
		// Rotation does not restart the absolute lifetime.
		clk.Advance(people.SessionMax)
		if _, _, err := st.SessionUser(ctx, fresh); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("rotated session after SessionMax: %v, want ErrNoSession", err)
		}
	})
}

// TestSetRoleEndsSessions: after a role change the account logs in afresh.
func TestSetRoleEndsSessions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		mine := startSession(t, st, admin.ID, false)
		theirs := startSession(t, st, u.ID, false)
		if err := st.SetRole(ctx, u.ID, admin.ID, people.Editor); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.SessionUser(ctx, theirs); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("session after a role change: %v, want ErrNoSession", err)
		}
		if _, _, err := st.SessionUser(ctx, mine); err != nil {
			t.Fatalf("the admin's own session ended: %v", err)
		}
	})
}
