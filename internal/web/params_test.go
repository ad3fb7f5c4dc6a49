package web

import (
	"errors"
	"net/http/httptest"
	"testing"
)

func TestPageNumber(t *testing.T) {
	for query, want := range map[string]int{"": 1, "?page=1": 1, "?page=7": 7, "?page=100000": 100000,
		"?page=0": 0, "?page=-2": 0, "?page=x": 0, "?page=100001": 0, "?page=1e3": 0} {
		n, err := PageNumber(httptest.NewRequest("GET", "/section/assam"+query, nil))
		if want == 0 {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%q: %d, %v; want ErrNotFound", query, n, err)
			}
			continue
		}
		if err != nil || n != want {
			t.Errorf("%q: %d, %v; want %d", query, n, err, want)
		}
	}
}
