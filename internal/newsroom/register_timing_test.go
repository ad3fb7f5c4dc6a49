package newsroom_test

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// TestRegistrationFormTiming: Reporter Registration carries a signed render time. A form sent
// back sooner than a person fills it in, a day later, or with a token of no form of ours, is
// shown again with the input kept and a word of why, and creates nothing.
func TestRegistrationFormTiming(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.client("Android phone")
		p := c.get("/newsroom/register")
		shown := p.value(`input[name=form_token]`)
		if shown == "" {
			t.Fatal("no form token on the form")
		}
		form := e.registration("Bitu Kalita", "bitu@example.org")
		for _, tc := range []struct {
			name, token, alert string
			keepsToken         bool
		}{
			{"sent at once", shown, "nr_register_too_fast", true},
			{"a day later", e.registerToken(25 * time.Hour), "nr_register_form_expired", false},
			{"forged", shown[:len(shown)-2] + "xx", "nr_register_form_expired", false},
			{"missing", "", "nr_register_form_expired", false},
		} {
			form.Set("form_token", tc.token)
			p := c.post("/newsroom/register", form)
			wantStatus(t, p, http.StatusUnprocessableEntity)
			wantText(t, p, ".alert", en.T(tc.alert))
			if p.value("#f-email") != "bitu@example.org" {
				t.Errorf("%s: input not kept", tc.name)
			}
			if got := p.value(`input[name=form_token]`); (got == tc.token) != tc.keepsToken || got == "" {
				t.Errorf("%s: form token %q after sending %q", tc.name, got, tc.token)
			}
		}
		if list, _ := e.app.People.List(context.Background(), ""); len(list) != 0 {
			t.Errorf("%d accounts from refused forms", len(list))
		}
		form.Set("form_token", e.registerToken(time.Minute))
		wantRedirect(t, c.post("/newsroom/register", form), "/newsroom/register/sent")
	})
}
