package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// RequestLog logs one line per request without making the request wait for the log: lines
// go through a buffer to a goroutine of their own, server errors (5xx) are written at once.
// When requests outpace the log the buffer's overflow is dropped, counted, and the count is
// logged, so a flood cannot slow serving down through its own log. Successful requests (below
// 400) are sampled: at most requestLogRate lines a second are written, and how many were left
// out is logged every ten seconds; failures are always written.
type RequestLog struct {
	log     *slog.Logger
	lines   chan requestLine
	dropped atomic.Int64
	// second is the Unix second the sample count belongs to; inSecond counts its lines and
	// sampledOut the successful requests left out since the last report.
	second     atomic.Int64
	inSecond   atomic.Int64
	sampledOut atomic.Int64
	writers    sync.Pool // *statusWriter
	done       chan struct{}
	close      sync.Once
}

type requestLine struct {
	method, path string
	status       int
	bytes        int
	duration     time.Duration
}

// requestLogBuffer is how many lines may wait for the log.
const requestLogBuffer = 8192

// requestLogRate is how many successful requests a second are logged: every one on an
// ordinary day, a sample under a flood, whose formatting would otherwise take a good part of
// the processor from serving.
const requestLogRate = 200

// NewRequestLog starts the goroutine that writes request lines to log; Close stops it.
func NewRequestLog(log *slog.Logger) *RequestLog {
	l := &RequestLog{log: log, lines: make(chan requestLine, requestLogBuffer), done: make(chan struct{})}
	go l.run()
	return l
}

func (l *RequestLog) run() {
	defer close(l.done)
	tick := time.NewTicker(10 * time.Second)
	defer tick.Stop()
	for {
		select {
		case line, ok := <-l.lines:
			if !ok {
				l.reportDropped()
				return
			}
			l.write(slog.LevelInfo, line)
		case <-tick.C:
			l.reportDropped()
		}
	}
}

func (l *RequestLog) reportDropped() {
	if n := l.dropped.Swap(0); n > 0 {
		l.log.Warn("request log lines dropped: requests came faster than the log is written", "lines", n)
	}
	if n := l.sampledOut.Swap(0); n > 0 {
		l.log.Info("successful requests not logged: more than the log's rate a second", "requests", n, "rate", requestLogRate)
	}
}

// sampled says whether a successful request finishing at now is logged: the first
// requestLogRate of each second are.
func (l *RequestLog) sampled(now time.Time) bool {
	sec := now.Unix()
	if old := l.second.Load(); old != sec && l.second.CompareAndSwap(old, sec) {
		l.inSecond.Store(0)
	}
	if l.inSecond.Add(1) > requestLogRate {
		l.sampledOut.Add(1)
		return false
	}
	return true
}

func (l *RequestLog) write(level slog.Level, line requestLine) {
	l.log.LogAttrs(context.Background(), level, "request",
		slog.String("method", line.method), slog.String("path", line.path),
		slog.Int("status", line.status), slog.Int("bytes", line.bytes),
		slog.Duration("duration", line.duration))
}

// Close writes the lines still waiting and stops the log's goroutine; requests logged after
// it are written at once.
func (l *RequestLog) Close() {
	l.close.Do(func() {
		close(l.lines)
		<-l.done
	})
}

// Middleware logs each request: method, path, status, size and duration. Query strings are
// left out; they may hold tokens.
func (l *RequestLog) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw, _ := l.writers.Get().(*statusWriter)
		if sw == nil {
			sw = &statusWriter{}
		}
		*sw = statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status, bytes := sw.status, sw.bytes
		*sw = statusWriter{}
		l.writers.Put(sw)
		l.Record(r.Method, r.URL.Path, status, bytes, start, time.Now())
	})
}

// Record logs one request answered without Middleware (package front answers cached pages
// before it), as Middleware would; status 0 means 200.
func (l *RequestLog) Record(method, path string, status, bytes int, start, end time.Time) {
	line := requestLine{method: method, path: path, status: status, bytes: bytes, duration: end.Sub(start)}
	if line.status == 0 {
		line.status = http.StatusOK
	}
	if line.status >= 500 {
		l.write(slog.LevelError, line)
		return
	}
	if line.status < 400 && !l.sampled(end) {
		return
	}
	l.send(line)
}

func (l *RequestLog) send(line requestLine) {
	defer func() {
		// The log was closed (the server is stopping): write the line here.
		if recover() != nil {
			l.write(slog.LevelInfo, line)
		}
	}()
	select {
	case l.lines <- line:
	default:
		l.dropped.Add(1)
	}
}
