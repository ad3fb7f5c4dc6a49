package newsroom

import (
	"errors"
	"net/http"
	"time"

	"github.com/batori-news/batori/internal/formguard"
)

// Limits of the forms anyone may post, per client (an IPv6 client by its /64). The form guard
// counts them in the database, so every node enforces the same ones; logins are throttled by
// people instead, per address and per account.
var (
	registerLimit = formguard.Limit{Max: 5, Window: 10 * time.Minute}
	resendLimit   = formguard.Limit{Max: 3, Window: 10 * time.Minute}
	forgotLimit   = formguard.Limit{Max: 5, Window: 10 * time.Minute}
)

// allowClient counts one post of the form scope by the request's client and returns
// errRateLimited when the client has used up l.
func (s *Server) allowClient(r *http.Request, scope string, l formguard.Limit) error {
	client, err := s.guard.ClientKey(r.Context(), clientIP(r))
	if err != nil {
		return err
	}
	err = s.guard.Allow(r.Context(), scope, client, l)
	if errors.Is(err, formguard.ErrLimited) {
		return errRateLimited
	}
	return err
}
