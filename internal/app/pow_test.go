package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/formguard"
)

// TestProofOfWorkOnPublicForms: with the check off the forms work as before and no challenge
// is handed out; switched on, a form without a solved challenge comes back with the text kept
// and a message, a solved one is taken once.
func TestProofOfWorkOnPublicForms(t *testing.T) {
	ctx := context.Background()
	cfg := baseConfig(t)
	cfg.Migrate, cfg.MaxBodyBytes = true, 10<<20
	a := enquiryApp(t, cfg)
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	challenge := func() (int, formguard.Challenge) {
		resp, err := client.Get(srv.URL + "/pow/challenge")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var c formguard.Challenge
		json.NewDecoder(resp.Body).Decode(&c)
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("challenge Cache-Control %q", resp.Header.Get("Cache-Control"))
		}
		return resp.StatusCode, c
	}
	send := func(token, proof string) (int, string) {
		v := url.Values{"token": {token}, "type": {"tip"}, "name": {"Reader"}, "email": {"reader@example.org"},
			"message": {"The ferry from Nimati to Majuli did not sail this morning."}, formguard.PowField: {proof}}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/enquiry", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode, string(b)
	}
	token := func() string {
		tok, err := a.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	if code, _ := challenge(); code != http.StatusNoContent {
		t.Fatalf("challenge while off = %d", code)
	}
	if code, _ := send(token(), ""); code != http.StatusSeeOther {
		t.Fatalf("enquiry while off = %d", code)
	}
	if err := a.Guard.SetPow(ctx, true); err != nil {
		t.Fatal(err)
	}
	code, body := send(token(), "")
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "short check") || !strings.Contains(body, "did not sail this morning") {
		t.Fatalf("enquiry without a proof = %d:\n%.2000s", code, body)
	}
	code, c := challenge()
	if code != http.StatusOK || c.Algorithm != "SHA-256" || c.Signature == "" {
		t.Fatalf("challenge = %d %+v", code, c)
	}
	proof, ok := c.Solve()
	if !ok {
		t.Fatal("unsolvable challenge")
	}
	if code, _ := send(token(), proof); code != http.StatusSeeOther {
		t.Fatalf("enquiry with a proof = %d", code)
	}
	if code, _ := send(token(), proof); code != http.StatusUnprocessableEntity {
		t.Fatalf("enquiry with a used proof = %d", code)
	}
	// The enquiry page carries what the script needs.
	resp, err := client.Get(srv.URL + "/enquiry")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), `data-pow="/pow/challenge"`) || !strings.Contains(string(b), `name="altcha"`) {
		t.Error("the enquiry form lacks the proof-of-work hooks")
	}
}
