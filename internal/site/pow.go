package site

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/web"
)

// powChallenge hands a browser a fresh proof-of-work challenge while editors ask public forms
// for one, and answers 204 while they do not (the script then sends the form as it is). It is
// fetched when the reader sends a form, since the pages the forms are on are cached.
func (s *Server) powChallenge(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	if s.guard == nil {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	on, err := s.guard.PowOn(r.Context())
	if err != nil {
		return err
	}
	if !on {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	c, err := s.guard.NewChallenge(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, c)
	return nil
}

// errNoProof is a form sent without the proof of work asked for.
var errNoProof = formguard.ErrNoProof

// checkProof takes the form's proof of work when one is asked for: nil when none is, or when
// the proof is good and unused.
func (s *Server) checkProof(r *http.Request, payload string) error {
	if s.guard == nil {
		return nil
	}
	on, err := s.guard.PowOn(r.Context())
	if err != nil || !on {
		return err
	}
	if payload == "" {
		return errNoProof
	}
	if err := s.guard.TakeProof(r.Context(), payload); err != nil {
		if errors.Is(err, formguard.ErrNoProof) {
			return errNoProof
		}
		return err
	}
	return nil
}
