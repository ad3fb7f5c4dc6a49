package people_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
)

// retryAfter returns how long CheckThrottle says to wait, 0 when not blocked.
func retryAfter(t *testing.T, st store, keys ...string) time.Duration {
	t.Helper()
	err := st.CheckThrottle(context.Background(), keys...)
	if err == nil {
		return 0
	}
	var th people.ErrThrottled
	if !errors.As(err, &th) {
		t.Fatalf("CheckThrottle = %v, want nil or ErrThrottled", err)
	}
	return th.RetryAfter
}

func fail(t *testing.T, st store, keys ...string) {
	t.Helper()
	if err := st.RecordFailure(context.Background(), keys...); err != nil {
		t.Fatalf("RecordFailure: %v", err)
	}
}

func TestThrottleGrowingDelay(t *testing.T) {
	want := []time.Duration{ // the wait after the 1st, 2nd, ... failure
		0, 0, 0, 2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second, 32 * time.Second,
		64 * time.Second, 128 * time.Second, 256 * time.Second, 512 * time.Second, 15 * time.Minute, 15 * time.Minute,
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, clk := newStore(d)
		const key = "email:priyanka@example.org"
		if got := retryAfter(t, st, key); got != 0 {
			t.Fatalf("blocked before any failure: %v", got)
		}
		for i, w := range want {
			fail(t, st, key)
			if got := retryAfter(t, st, key); got != w {
				t.Fatalf("after failure %d: RetryAfter %v, want %v", i+1, got, w)
			}
			if w == 0 {
				continue
			}
			// Half-way through the wait it is still blocked, for the rest of it.
			clk.Advance(w / 2)
			if got := retryAfter(t, st, key); got != w-w/2 {
				t.Fatalf("after failure %d, %v later: RetryAfter %v, want %v", i+1, w/2, got, w-w/2)
			}
			clk.Advance(w - w/2)
			if got := retryAfter(t, st, key); got != 0 {
				t.Fatalf("after failure %d, once the wait is over: still blocked for %v", i+1, got)
			}
		}
		var th people.ErrThrottled
		fail(t, st, key)
		if err := st.CheckThrottle(context.Background(), key); !errors.As(err, &th) || err.Error() == "" {
			t.Fatalf("CheckThrottle = %v", err)
		}
	})
}

func TestClearThrottle(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(d)
		for range 6 {
			fail(t, st, "email:a@example.org", "ip:203.0.113.7")
		}
		if err := st.ClearThrottle(context.Background(), "email:a@example.org", "ip:203.0.113.7"); err != nil {
			t.Fatal(err)
		}
		if got := retryAfter(t, st, "email:a@example.org", "ip:203.0.113.7"); got != 0 {
			t.Fatalf("blocked for %v after ClearThrottle", got)
		}
		// The count starts again: three more free failures.
		for range 3 {
			fail(t, st, "email:a@example.org")
		}
		if got := retryAfter(t, st, "email:a@example.org"); got != 0 {
			t.Fatalf("blocked for %v after three failures following a clear", got)
		}
		fail(t, st, "email:a@example.org")
		if got := retryAfter(t, st, "email:a@example.org"); got != 2*time.Second {
			t.Fatalf("fourth failure after a clear: %v, want 2s", got)
		}
		if err := st.ClearThrottle(context.Background(), "never-seen"); err != nil {
			t.Fatalf("clearing an unknown key: %v", err)
		}
	})
}

func TestThrottleForgivesOldFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, clk := newStore(d)
		const key = "ip:203.0.113.7"
		for range 8 {
			fail(t, st, key)
		}
		clk.Advance(25 * time.Hour)
		fail(t, st, key)
		if got := retryAfter(t, st, key); got != 0 {
			t.Fatalf("a failure a day after the last ones blocks for %v, want the count to start again", got)
		}
		fail(t, st, key)
		fail(t, st, key)
		fail(t, st, key)
		if got := retryAfter(t, st, key); got != 2*time.Second {
			t.Fatalf("fourth failure of the new day: %v, want 2s", got)
		}
		// Failures within a day keep counting.
		clk.Advance(23 * time.Hour)
		fail(t, st, key)
		if got := retryAfter(t, st, key); got != 4*time.Second {
			t.Fatalf("fifth failure 23h later: %v, want 4s", got)
		}
	})
}

func TestThrottleKeysIndependent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(d)
		for range 4 {
			fail(t, st, "email:a@example.org", "ip:203.0.113.7")
		}
		fail(t, st, "email:b@example.org")
		for _, c := range []struct {
			keys []string
			want time.Duration
		}{
			{[]string{"email:a@example.org"}, 2 * time.Second},
			{[]string{"ip:203.0.113.7"}, 2 * time.Second},
			{[]string{"email:b@example.org"}, 0},
			{[]string{"ip:198.51.100.1"}, 0},
			{[]string{"email:b@example.org", "ip:203.0.113.7"}, 2 * time.Second},
			{[]string{"ip:198.51.100.1", "email:b@example.org"}, 0},
			{nil, 0},
		} {
			if got := retryAfter(t, st, c.keys...); got != c.want {
				t.Errorf("CheckThrottle(%q) waits %v, want %v", c.keys, got, c.want)
			}
		}
		if err := st.ClearThrottle(context.Background(), "email:a@example.org"); err != nil {
			t.Fatal(err)
		}
		if got := retryAfter(t, st, "ip:203.0.113.7"); got != 2*time.Second {
			t.Fatalf("clearing the e-mail key cleared the IP key too: %v", got)
		}
	})
}

// TestThrottleConcurrentFailures records ten failed guesses against one key at once, as an
// attacker firing requests in parallel would: every failure counts and none errors.
func TestThrottleConcurrentFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(d)
		const key = "ip:203.0.113.7"
		errs := race(10, func(int) error { return st.RecordFailure(context.Background(), key) })
		for _, err := range errs {
			if err != nil {
				t.Errorf("RecordFailure: %v", err)
			}
		}
		var n int
		if err := d.QueryRow(context.Background(), "SELECT failures FROM login_throttle WHERE key = ?", key).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 10 {
			t.Fatalf("%d failures counted, want 10", n)
		}
	})
}
