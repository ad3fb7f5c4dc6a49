package newsroom_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

// sessionCookieValue returns the client's session cookie.
func (c *client) sessionCookieValue() string {
	c.e.t.Helper()
	u, _ := url.Parse(c.e.srv.URL)
	for _, k := range c.hc.Jar.Cookies(u) {
		if k.Name == "batori_session" {
			return k.Value
		}
	}
	c.e.t.Fatal("no session cookie")
	return ""
}

// withCookie returns a new browser holding only the session cookie value.
func (e *env) withCookie(value string) *client {
	c := e.client("Stolen cookie")
	u, _ := url.Parse(e.srv.URL)
	c.hc.Jar.SetCookies(u, []*http.Cookie{{Name: "batori_session", Value: value, Path: "/"}})
	return c
}

// TestSessionRotates: the cookie a browser holds changes on every privilege change, and the old
// value no longer opens anything, so an id seen (or planted) before the change is worthless.
func TestSessionRotates(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.setupAdmin()
		step := func(name string, do func()) {
			t.Helper()
			before := c.sessionCookieValue()
			do()
			after := c.sessionCookieValue()
			if after == before {
				t.Fatalf("%s: the session id did not change", name)
			}
			wantPage(t, c.get("/newsroom/account"), "account")
			wantRedirect(t, e.withCookie(before).get("/newsroom/account"), "/newsroom/login")
		}
		step("password change", func() {
			wantRedirect(t, c.post("/newsroom/account/password", url.Values{"current": {adminPassword}, "password": {strongPass}}), "/newsroom/account")
		})
		var secret string
		laptop := e.client("Laptop")
		laptop.login(adminEmail, strongPass)
		step("two-factor login turned on", func() {
			wantRedirect(t, c.post("/newsroom/account/2fa/begin", nil), "/newsroom/account")
			secret = c.get("/newsroom/account").text("#totp-secret")
			wantPage(t, c.post("/newsroom/account/2fa/confirm", url.Values{"code": {totpCodeAt(t, secret, -30*time.Second)}}), "account")
		})

		// Sessions opened without the second factor end when it is turned on.
		wantRedirect(t, laptop.get("/newsroom/account"), "/newsroom/login")

		// The pending session of a password-checked login is not the session the code opens.
		phone := e.client("Phone")
		wantRedirect(t, phone.post("/newsroom/login", url.Values{"email": {adminEmail}, "password": {strongPass}}), "/newsroom/login/code")
		pending := phone.sessionCookieValue()
		wantRedirect(t, phone.post("/newsroom/login/code", url.Values{"code": {totpCode(t, secret)}}), "/newsroom/")
		if phone.sessionCookieValue() == pending {
			t.Fatal("the session id did not change with the second factor")
		}
		wantPage(t, phone.get("/newsroom/account"), "account")
		wantRedirect(t, e.withCookie(pending).get("/newsroom/account"), "/newsroom/login")

		step("two-factor login turned off", func() {
			wantRedirect(t, c.post("/newsroom/account/2fa/disable", url.Values{"code": {totpCodeAt(t, secret, 30*time.Second)}}), "/newsroom/account")
		})
	})
}
