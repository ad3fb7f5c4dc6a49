package queue

import (
	"testing"
	"time"
)

func TestAgainDoublesTheBackoffUpToTheCap(t *testing.T) {
	o := Options{MaxAttempts: 8}.Or(Options{Backoff: 30 * time.Second, MaxBackoff: time.Hour, MaxAttempts: 3})
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, d := range want {
		wait, again := o.Again(i + 1)
		if wait != d || again != (i+1 < 8) {
			t.Errorf("after %d failed attempts: %v, %v; want %v, %v", i+1, wait, again, d, i+1 < 8)
		}
	}
	if wait, again := o.Again(1000); wait != time.Hour || again {
		t.Errorf("Again(1000) = %v, %v; want the 1h cap and no more attempts", wait, again)
	}
}

func TestOrKeepsWhatIsSet(t *testing.T) {
	def := Options{PollInterval: 5 * time.Second, BatchSize: 10, MaxAttempts: 8, Backoff: 30 * time.Second,
		MaxBackoff: time.Hour, SendTimeout: time.Minute, Lease: 11 * time.Minute}
	if got := (Options{}).Or(def); got != def {
		t.Errorf("zero options = %+v, want the defaults", got)
	}
	set := Options{PollInterval: time.Millisecond, BatchSize: 1, MaxAttempts: 2, Backoff: 3 * time.Millisecond,
		MaxBackoff: 4 * time.Millisecond, SendTimeout: 5 * time.Millisecond, Lease: 6 * time.Millisecond}
	if got := set.Or(def); got != set {
		t.Errorf("set options = %+v, want them kept", got)
	}
	if got := (Options{BatchSize: -1, Backoff: -time.Second}).Or(def); got.BatchSize != 10 || got.Backoff != 30*time.Second {
		t.Errorf("negative options = %+v, want the defaults", got)
	}
}
