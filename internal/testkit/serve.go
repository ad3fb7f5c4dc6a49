package testkit

import (
	"context"
	"net"
	"testing"
	"time"
)

// shutdownWait bounds how long Serve waits at the test's end for the server to stop.
const shutdownWait = 30 * time.Second

// Listen returns a listener on a free loopback port, closed when the test ends.
func Listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}

// Serve runs serve (such as App.ServeListener) on a free loopback port and returns the base
// URL, "http://127.0.0.1:port". When the test ends it cancels serve's context and waits for
// serve to return, failing the test on an error or when the server does not stop.
func Serve(ctx context.Context, t testing.TB, serve func(context.Context, net.Listener) error) string {
	t.Helper()
	ln := Listen(t)
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- serve(sctx, ln) }()
	t.Cleanup(func() {
		stop()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("server: %v", err)
			}
		case <-time.After(shutdownWait):
			t.Errorf("the server did not shut down within %s", shutdownWait)
		}
	})
	return "http://" + ln.Addr().String()
}
