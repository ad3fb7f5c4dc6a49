package testkit

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// S3Server is an S3-compatible service in memory (gofakes3) behind a real HTTP listener on
// loopback, with one empty bucket.
type S3Server struct {
	// URL is the endpoint, http://127.0.0.1:PORT; address the bucket path-style.
	URL    string
	Bucket string
	// Backend holds the objects, for tests that look behind the service's back.
	Backend *s3mem.Backend
	// requests counts the requests answered.
	requests atomic.Int64
	// offset shifts the clock objects are stamped with (Backdate).
	offset atomic.Int64
}

// Backdate makes the objects written from now on look written d ago, as the janitor's tests
// need; Backdate(0) returns to the present.
func (s *S3Server) Backdate(d time.Duration) { s.offset.Store(-int64(d)) }

// s3Clock is the service's clock, shifted by the server's offset.
type s3Clock struct{ s *S3Server }

func (c s3Clock) Now() time.Time {
	return time.Now().Add(time.Duration(c.s.offset.Load())).In(time.FixedZone("GMT", 0))
}

func (c s3Clock) Since(t time.Time) time.Duration { return c.Now().Sub(t) }

// Requests is how many requests the service has answered.
func (s *S3Server) Requests() int64 { return s.requests.Load() }

// StartS3 starts an S3 service with the bucket "batori", stopped when the test ends.
func StartS3(t testing.TB) *S3Server {
	t.Helper()
	s := &S3Server{Bucket: "batori"}
	s.Backend = s3mem.New(s3mem.WithTimeSource(s3Clock{s}))
	if err := s.Backend.CreateBucket(s.Bucket); err != nil {
		t.Fatal(err)
	}
	faker := gofakes3.New(s.Backend, gofakes3.WithLogger(gofakes3.DiscardLog()))
	h := faker.Server()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	s.URL = srv.URL
	return s
}
