package translation

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRetryBackoff(t *testing.T) {
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	for n, full := range map[int]time.Duration{
		1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond,
		4: 800 * time.Millisecond, 5: time.Second, 30: time.Second,
	} {
		for range 50 {
			d := p.backoff(n)
			if d < full/2 || d > full {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, full/2, full)
			}
		}
	}
	d := RetryPolicy{}.withDefaults()
	if d.Attempts != 4 || d.BaseDelay != 500*time.Millisecond || d.MaxDelay != 20*time.Second {
		t.Errorf("defaults = %+v", d)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Duration
		ok    bool
	}{
		{"3", 3 * time.Second, true},
		{" 0 ", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		h := http.Header{}
		if tt.value != "" {
			h.Set("Retry-After", tt.value)
		}
		got, ok := httpRetryAfter(h, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Retry-After %q = %v, %v; want %v, %v", tt.value, got, ok, tt.want, tt.ok)
		}
	}
}

func newTestCaller(srvURL string, p RetryPolicy) *httpCaller {
	c := newHTTPCaller("test", nil, time.Second, p)
	c.secrets = func() []string { return []string{"s3cret-key"} }
	return c
}

func TestRetryStatuses(t *testing.T) {
	tests := []struct {
		name      string
		answers   []func(http.ResponseWriter)
		wantCalls int
		wantKind  error
		wantWaits []time.Duration // exact waits, when set
	}{
		{"429 with Retry-After, then success",
			[]func(http.ResponseWriter){provRespond(429, map[string]string{"Retry-After": "2"}, `{"error":"slow down"}`)},
			2, nil, []time.Duration{2 * time.Second}},
		{"503 then 502 then success",
			[]func(http.ResponseWriter){provRespond(503, nil, ""), provRespond(502, nil, "")},
			3, nil, nil},
		{"500 every time", []func(http.ResponseWriter){
			provRespond(500, nil, `{"error":{"message":"boom"}}`), provRespond(500, nil, ""), provRespond(500, nil, ""), provRespond(500, nil, "")},
			3, ErrUnavailable, nil},
		{"429 every time is the quota", []func(http.ResponseWriter){
			provRespond(429, nil, ""), provRespond(429, nil, ""), provRespond(429, nil, ""), provRespond(429, nil, "")},
			3, ErrQuota, nil},
		{"Retry-After beyond MaxDelay is not waited for",
			[]func(http.ResponseWriter){provRespond(429, map[string]string{"Retry-After": "3600"}, "")},
			1, ErrQuota, []time.Duration{}},
		{"400 is not retried", []func(http.ResponseWriter){provRespond(400, nil, `{"message":"bad"}`)},
			1, ErrBadResponse, []time.Duration{}},
		{"401 is not retried", []func(http.ResponseWriter){provRespond(401, nil, "")},
			1, ErrAuth, []time.Duration{}},
		{"413 is too large", []func(http.ResponseWriter){provRespond(413, nil, "")},
			1, ErrTooLarge, []time.Duration{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &provScript{before: tt.answers}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if f := s.next(); f != nil {
					f(w)
					return
				}
				w.Write([]byte("ok"))
			}))
			defer srv.Close()
			p, waits := provRetry()
			body, err := newTestCaller(srv.URL, p).do(context.Background(), http.MethodGet, srv.URL, nil, nil)
			if s.count() != tt.wantCalls {
				t.Errorf("%d calls, want %d", s.count(), tt.wantCalls)
			}
			if tt.wantKind == nil {
				if err != nil || string(body) != "ok" {
					t.Fatalf("do = %q, %v", body, err)
				}
			} else {
				provWantErr(t, err, "test", tt.wantKind)
			}
			got := waits.all()
			if len(got) != s.count()-1 {
				t.Errorf("waited %v for %d calls", got, s.count())
			}
			if tt.wantWaits != nil {
				if len(got) != len(tt.wantWaits) {
					t.Fatalf("waits %v, want %v", got, tt.wantWaits)
				}
				for i := range got {
					if got[i] != tt.wantWaits[i] {
						t.Errorf("wait %d = %v, want %v", i, got[i], tt.wantWaits[i])
					}
				}
			}
		})
	}
}

func TestRetryDropsConnectionsThenSucceeds(t *testing.T) {
	s := &provScript{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.next(); s.count() == 1 {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	p, _ := provRetry()
	body, err := newTestCaller(srv.URL, p).do(context.Background(), http.MethodPost, srv.URL, nil, []byte("x"))
	if err != nil || string(body) != "ok" || s.count() != 2 {
		t.Fatalf("do = %q, %v after %d calls", body, err, s.count())
	}
}

func TestRetryTimeoutPerAttempt(t *testing.T) {
	s := &provScript{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.next(); s.count() == 1 {
			<-r.Context().Done()
			return
		}
		w.Write([]byte("ok"))
	}))
	defer srv.Close()
	p, _ := provRetry()
	c := newTestCaller(srv.URL, p)
	c.timeout = 50 * time.Millisecond
	body, err := c.do(context.Background(), http.MethodGet, srv.URL, nil, nil)
	if err != nil || string(body) != "ok" || s.count() != 2 {
		t.Fatalf("do = %q, %v after %d calls", body, err, s.count())
	}
}

func TestRetryStopsWhenCancelledWhileWaiting(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cancel()
		w.WriteHeader(503)
	}))
	defer srv.Close()
	// The real sleep, with a wait long enough that only the cancellation can end it.
	c := newTestCaller(srv.URL, RetryPolicy{Attempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour})
	start := time.Now()
	_, err := c.do(ctx, http.MethodGet, srv.URL, nil, nil)
	provWantCanceled(t, start, err)
}

func TestRetryMessagesHideSecrets(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		w.Write([]byte(`{"error":{"message":"key s3cret-key is not valid"}}`))
	}))
	p, _ := provRetry()
	c := newTestCaller(srv.URL, p)
	_, err := c.do(context.Background(), http.MethodGet, srv.URL+"?key=s3cret-key", nil, nil)
	perr := provWantErr(t, err, "test", ErrAuth, "s3cret-key")
	if !strings.Contains(perr.Message, "[redacted]") {
		t.Errorf("message %q", perr.Message)
	}

	// A failed connection's error names the URL, which carries the key.
	srv.Close()
	_, err = c.do(context.Background(), http.MethodGet, srv.URL+"?key=s3cret-key", nil, nil)
	provWantErr(t, err, "test", ErrUnavailable, "s3cret-key")
	if errors.Is(err, context.Canceled) {
		t.Error("not a cancellation")
	}
}

func TestRetryErrorMessages(t *testing.T) {
	for body, want := range map[string]string{
		`{"error":"model not ready"}`:            "model not ready",
		`{"error":{"message":"quota","code":1}}`: "quota",
		`{"detail":{"message":"bad input"}}`:     "bad input",
		`{"detail":[{"msg":"field required"}]}`:  "field required",
		"<html>Bad Gateway</html>":               "<html>Bad Gateway</html>",
		strings.Repeat("অ", 400):                 strings.Repeat("অ", 100) + "…",
	} {
		if got := httpErrorMessage([]byte(body)); got != want {
			t.Errorf("httpErrorMessage(%.40q) = %.60q, want %.60q", body, got, want)
		}
	}
}
