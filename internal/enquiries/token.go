package enquiries

import (
	"context"
	"time"

	"github.com/batori-news/batori/internal/formguard"
)

// Form tokens, made and checked by the form guard. Each rendering of the Enquiry form carries
// a token made of the time it was issued and a random one-time key, signed with a secret only
// the server knows. The signed time lets the form refuse posts sent faster than a person
// types (bots) and forms left open for hours; the key makes submitting the same form twice
// store one enquiry (so a token serves one enquiry); and a token is bound to the client it
// was shown to (an IPv6 client by its /64), so tokens collected in bulk from one address are
// refused from every other.

// MinFillTime is the least time a person takes to fill in the form; a form sent sooner is a
// bot's, or a reader's very quick second try, who is asked to send it again.
const MinFillTime = 3 * time.Second

// MaxFormAge is how long a rendered form stays valid.
const MaxFormAge = 2 * time.Hour

// Errors CheckFormToken returns: the form guard's.
var (
	// ErrFormInvalid is a token that was not made by this site (or was altered).
	ErrFormInvalid = formguard.ErrForged
	// ErrFormExpired is a token older than MaxFormAge.
	ErrFormExpired = formguard.ErrExpired
	// ErrFormTooFast is a token younger than MinFillTime.
	ErrFormTooFast = formguard.ErrTooFast
)

// formName is the name the form guard signs the Enquiry form's tokens with.
const formName = "enquiry"

// NewFormToken returns a token for a form issued at issued to the client at addr, with a
// fresh one-time key.
func (s *Store) NewFormToken(ctx context.Context, addr string, issued time.Time) (string, error) {
	return s.guard.TokenFor(ctx, formName, addr, issued)
}

// CheckFormToken verifies token, sent from the client at addr, and returns its one-time key.
// A token too young or too old still returns its key along with the error, so a form can be
// shown again with it; a token issued to another client is ErrFormInvalid.
func (s *Store) CheckFormToken(ctx context.Context, token, addr string) (string, error) {
	return s.guard.Check(ctx, formName, token, addr, formguard.Timing{MinFill: MinFillTime, MaxAge: MaxFormAge})
}
