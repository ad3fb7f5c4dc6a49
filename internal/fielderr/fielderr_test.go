package fielderr_test

import (
	"errors"
	"testing"

	"github.com/batori-news/batori/internal/fielderr"
)

func TestError(t *testing.T) {
	var e fielderr.Error
	if e.OrNil() != nil {
		t.Fatal("empty error is not nil")
	}
	e.Add("name", "required")
	e.Add("name", "too_long")
	e.Add("email", "invalid")
	err := e.OrNil()
	var got *fielderr.Error
	if !errors.As(err, &got) || got.Fields["name"] != "required" || got.Fields["email"] != "invalid" {
		t.Fatalf("got %#v", got)
	}
	if err.Error() != "invalid input: email: invalid; name: required" {
		t.Fatalf("message %q", err.Error())
	}
}
