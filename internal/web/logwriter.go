package web

import (
	"io"
	"sync"
	"time"
)

// LogWriter gathers log lines into few writes: a line waits at most logFlushAfter in memory,
// so a busy server makes a handful of write calls a second instead of one per request. Close
// writes what is left; after it, lines are written at once.
type LogWriter struct {
	mu     sync.Mutex
	w      io.Writer
	buf    []byte
	timer  *time.Timer
	closed bool
}

const (
	logFlushAfter = 50 * time.Millisecond
	logBufferMax  = 64 << 10
)

// NewLogWriter returns a LogWriter writing to w.
func NewLogWriter(w io.Writer) *LogWriter { return &LogWriter{w: w} }

// Write keeps p for the next flush (or writes it now when the writer is closed).
func (l *LogWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return l.w.Write(p)
	}
	l.buf = append(l.buf, p...)
	if len(l.buf) >= logBufferMax {
		return len(p), l.flushLocked()
	}
	if l.timer == nil {
		l.timer = time.AfterFunc(logFlushAfter, func() { l.Flush() })
	}
	return len(p), nil
}

// Flush writes the lines kept so far.
func (l *LogWriter) Flush() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.flushLocked()
}

func (l *LogWriter) flushLocked() error {
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	if len(l.buf) == 0 {
		return nil
	}
	_, err := l.w.Write(l.buf)
	l.buf = l.buf[:0]
	if cap(l.buf) > 4*logBufferMax {
		l.buf = nil
	}
	return err
}

// Close writes what is kept; later lines are written at once.
func (l *LogWriter) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	return l.flushLocked()
}
