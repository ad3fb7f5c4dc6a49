package testkit

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

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
}

// Requests is how many requests the service has answered.
func (s *S3Server) Requests() int64 { return s.requests.Load() }

// StartS3 starts an S3 service with the bucket "batori", stopped when the test ends.
func StartS3(t testing.TB) *S3Server {
	t.Helper()
	s := &S3Server{Bucket: "batori", Backend: s3mem.New()}
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
