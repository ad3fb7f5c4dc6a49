package newsroom

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps a token bucket per key (client address and action) for forms that anyone can
// post, such as registration. It lives in one node's memory; logins are throttled in the
// database instead, where every node sees the same counts.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newLimiter() *limiter { return &limiter{buckets: map[string]*bucket{}} }

// allow reports whether key may act now, allowing burst actions and then one per every.
func (l *limiter) allow(key string, every time.Duration, burst int) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if len(l.buckets) > 10000 {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > time.Hour {
				delete(l.buckets, k)
			}
		}
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(rate.Every(every), burst)}
		l.buckets[key] = b
	}
	b.seen = now
	return b.lim.Allow()
}
