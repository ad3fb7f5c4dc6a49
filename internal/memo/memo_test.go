package memo

import (
	"context"
	"testing"
	"time"
)

func TestValueKeptUntilForgotten(t *testing.T) {
	var g Gen
	reads := 0
	v := New(&g, time.Hour, func(context.Context) (int, error) {
		reads++
		return reads, nil
	})
	ctx := context.Background()
	for range 3 {
		if n, _ := v.Get(ctx); n != 1 {
			t.Fatalf("Get = %d, want the first read kept", n)
		}
	}
	g.Forget()
	if n, _ := v.Get(ctx); n != 2 {
		t.Fatalf("after Forget Get = %d, want a new read", n)
	}
}

func TestValueReadDuringForgetNotKept(t *testing.T) {
	var g Gen
	reads := 0
	v := New(&g, time.Hour, func(context.Context) (int, error) {
		reads++
		if reads == 1 {
			g.Forget() // a change committed while the first read ran
		}
		return reads, nil
	})
	ctx := context.Background()
	v.Get(ctx)
	if n, _ := v.Get(ctx); n != 2 {
		t.Fatalf("second Get = %d, want a new read: the first may predate the change", n)
	}
	if n, _ := v.Get(ctx); n != 2 {
		t.Fatalf("third Get = %d, want the second read kept", n)
	}
}

func TestValueMaxAge(t *testing.T) {
	var g Gen
	now := time.Unix(0, 0)
	reads := 0
	v := New(&g, time.Minute, func(context.Context) (int, error) {
		reads++
		return reads, nil
	})
	v.now = func() time.Time { return now }
	ctx := context.Background()
	v.Get(ctx)
	now = now.Add(59 * time.Second)
	if n, _ := v.Get(ctx); n != 1 {
		t.Fatalf("within max age Get = %d, want 1", n)
	}
	now = now.Add(time.Second)
	if n, _ := v.Get(ctx); n != 2 {
		t.Fatalf("at max age Get = %d, want a new read", n)
	}
}
