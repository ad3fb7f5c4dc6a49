package translation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/locale"
)

// provWaitLog records the waits of a RetryPolicy instead of sleeping.
type provWaitLog struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (w *provWaitLog) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.waits = append(w.waits, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *provWaitLog) all() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.waits...)
}

// provRetry is a retry policy that never sleeps: waits are recorded in the returned log.
func provRetry() (RetryPolicy, *provWaitLog) {
	w := &provWaitLog{}
	return RetryPolicy{Attempts: 3, BaseDelay: time.Millisecond, MaxDelay: 10 * time.Second, sleep: w.sleep}, w
}

// provScript serves canned failures before the real handler answers; it counts all calls.
type provScript struct {
	mu     sync.Mutex
	before []func(w http.ResponseWriter)
	always func(w http.ResponseWriter)
	calls  int
}

// next counts a call and returns the canned answer for it, or nil to let the real handler answer.
func (s *provScript) next() func(w http.ResponseWriter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls++
	if len(s.before) > 0 {
		f := s.before[0]
		s.before = s.before[1:]
		return f
	}
	return s.always
}

// reset starts over: the before answers, then always (nil for the real handler).
func (s *provScript) reset(always func(w http.ResponseWriter), before ...func(w http.ResponseWriter)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.before, s.always, s.calls = before, always, 0
}

func (s *provScript) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls
}

// provRespond returns a canned answer.
func provRespond(status int, header map[string]string, body string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		if strings.HasPrefix(body, "{") || strings.HasPrefix(body, "[") {
			w.Header().Set("Content-Type", "application/json; charset=UTF-8")
		}
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}
}

// provWriteJSON answers 200 with v.
func provWriteJSON(t *testing.T, w http.ResponseWriter, v any) {
	t.Helper()
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		t.Errorf("encoding answer: %v", err)
	}
}

// provDecode decodes a request body, failing on fields the protocol does not have.
func provDecode(t *testing.T, r *http.Request, v any) bool {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r.Body); err != nil {
		t.Errorf("reading body: %v", err)
		return false
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Errorf("request body %s: %v", buf.String(), err)
		return false
	}
	return true
}

// provFake is the test servers' "translation".
func provFake(s string) string { return "অ:" + s }

// provReq is a request for our usual direction.
func provReq(segs ...Segment) Request {
	return Request{Segments: segs, Source: locale.English, Target: locale.Assamese}
}

func provSegments(n int, format string) []Segment {
	segs := make([]Segment, n)
	for i := range segs {
		segs[i] = Segment{ID: fmt.Sprint(i), Text: fmt.Sprintf(format, i)}
	}
	return segs
}

// provCheck checks that every segment came back translated, in order.
func provCheck(t *testing.T, segs []Segment, got []string) {
	t.Helper()
	if len(got) != len(segs) {
		t.Fatalf("got %d translations for %d segments", len(got), len(segs))
	}
	for i, s := range segs {
		want := provFake(s.Text)
		if strings.TrimSpace(s.Text) == "" {
			want = s.Text
		}
		if got[i] != want {
			t.Fatalf("translation %d = %q, want %q", i, got[i], want)
		}
	}
}

// provWantErr checks that err is a *ProviderError of kind that mentions none of secrets.
func provWantErr(t *testing.T, err error, provider string, kind error, secrets ...string) *ProviderError {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", kind)
	}
	var perr *ProviderError
	if !errors.As(err, &perr) {
		t.Fatalf("error %v (%T) is not a *ProviderError", err, err)
	}
	if !errors.Is(err, kind) {
		t.Errorf("error %v: kind %v, want %v", err, perr.Kind, kind)
	}
	if perr.Provider != provider {
		t.Errorf("Provider = %q, want %q", perr.Provider, provider)
	}
	for _, s := range secrets {
		if s != "" && (strings.Contains(err.Error(), s) || strings.Contains(perr.Message, s)) {
			t.Errorf("error %q reveals the secret %q", err, s)
		}
	}
	return perr
}

// provCancel returns a handler that blocks until the client goes away, and a context
// cancelled as soon as the handler has been reached.
func provCancel(t *testing.T) (context.Context, http.HandlerFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx, func(w http.ResponseWriter, r *http.Request) {
		// The server notices a client going away only once the body has been read.
		io.Copy(io.Discard, r.Body)
		cancel()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
			t.Error("the client did not go away after cancelling")
		}
	}
}

// provWantCanceled checks that Translate gave up because of the cancelled context, promptly.
func provWantCanceled(t *testing.T, start time.Time, err error) {
	t.Helper()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to notice the cancellation", d)
	}
}
