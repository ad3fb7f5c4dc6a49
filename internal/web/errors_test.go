package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/web"
)

// TestStatus checks the one mapping from errors, wrapped as handlers return them, to statuses.
func TestStatus(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{web.ErrNotFound, 404},
		{fmt.Errorf("load: %w", news.ErrNotFound), 404},
		{media.ErrNotFound, 404},
		{people.ErrNotFound, 404},
		{news.ErrForbidden, 403},
		{web.ErrCrossOrigin, 403},
		{web.ErrUnauthorized, 401},
		{news.ErrInvalidState, 400},
		{news.ErrConflict, 409},
		{fielderr.New("headline", fielderr.Required), 422},
		{&http.MaxBytesError{Limit: 10}, 413},
		{people.ErrThrottled{RetryAfter: time.Second}, 429},
		{&web.FeatureOffError{Feature: "enquiries"}, 503},
		{&web.PanicError{Value: "boom"}, 500},
		{fmt.Errorf("disk full"), 500},
	}
	for _, c := range cases {
		if got := web.Status(c.err); got != c.want {
			t.Errorf("Status(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}
