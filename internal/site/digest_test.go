package site_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/web"
)

// tokenSink keeps the confirmation tokens that Requested events carry.
type tokenSink struct{ tokens []string }

func (s *tokenSink) InTx(_ context.Context, _ *db.Tx, list []any) error {
	for _, ev := range list {
		if r, ok := ev.(digest.Requested); ok {
			s.tokens = append(s.tokens, r.Token)
		}
	}
	return nil
}
func (s *tokenSink) Committed(context.Context, []any) {}

// TestDigestPages: the subscription form in both languages (never cached, guarded), the
// confirmation page and its button, bad links answered with a page that says so, and the
// unsubscribe page with its button and RFC 8058's one-click POST.
func TestDigestPages(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		sink := &tokenSink{}
		d.Subscribe(sink)
		ns := news.NewStore(d)
		if _, err := ns.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}}); err != nil {
			t.Fatal(err)
		}
		guard := formguard.New(d)
		store := digest.NewStore(d, guard)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		s := site.New(site.Deps{News: ns, Settings: settings.NewStore(d), Media: media.NewLibrary(d, t.TempDir()), Templates: templates,
			Assets: assets, Log: log, Guard: guard, Digest: store})
		mux := http.NewServeMux()
		s.Routes(mux)
		srv := httptest.NewServer(web.Chain(mux, web.Recover(log, s.RenderError)))
		t.Cleanup(srv.Close)
		do := func(method, path string, form url.Values, want int) *goquery.Document {
			t.Helper()
			req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != want {
				t.Fatalf("%s %s = %d, want %d", method, path, resp.StatusCode, want)
			}
			if cc := resp.Header.Get("Cache-Control"); resp.StatusCode == 200 && cc != "no-store" {
				t.Errorf("%s %s: Cache-Control %q", method, path, cc)
			}
			doc, _ := goquery.NewDocumentFromReader(resp.Body)
			return doc
		}

		doc := do("GET", "/as/digest", nil, 200)
		if doc.Find(`form.digest-form[action="/as/digest"] input[name=token]`).Length() != 1 || doc.Find(`input[name=section]`).Length() != 1 ||
			doc.Find(`input[name=website]`).Length() != 1 || !strings.Contains(doc.Find("h1").Text(), "বাতৰি-সংক্ষেপ") {
			t.Errorf("the Assamese form lacks its parts")
		}
		token, _ := doc.Find(`input[name=token]`).Attr("value")
		// Sent back at once: too fast for a person, the reader's input kept.
		doc = do("POST", "/as/digest", url.Values{"email": {"reader@example.org"}, "token": {token}}, http.StatusUnprocessableEntity)
		if v, _ := doc.Find("#f-email").Attr("value"); v != "reader@example.org" || doc.Find(".form-alert").Length() != 1 {
			t.Errorf("the refused form came back without the address or a message")
		}
		do("GET", "/digest/sent", nil, 200)
		do("GET", "/digest/confirm?token=nonsense", nil, http.StatusNotFound)
		do("GET", "/digest/unsubscribe/1.forged", nil, http.StatusNotFound)

		if err := store.Subscribe(ctx, digest.Request{Email: "reader@example.org", Lang: locale.English, Client: "192.0.2.3"}); err != nil {
			t.Fatal(err)
		}
		confirm := sink.tokens[len(sink.tokens)-1]
		doc = do("GET", "/digest/confirm?token="+url.QueryEscape(confirm), nil, 200)
		if !strings.Contains(doc.Find("main").Text(), "reader@example.org") {
			t.Errorf("the confirmation page does not name the address")
		}
		doc = do("POST", "/digest/confirm", url.Values{"token": {confirm}}, 200)
		if doc.Find(".digest-confirmed").Length() != 1 {
			t.Errorf("no confirmation shown")
		}
		do("POST", "/digest/confirm", url.Values{"token": {confirm}}, http.StatusNotFound)

		list, _, err := store.List(ctx, digest.Filter{})
		if err != nil || len(list) != 1 {
			t.Fatal(list, err)
		}
		unsub, err := store.UnsubscribeToken(ctx, list[0].ID, list[0].Email)
		if err != nil {
			t.Fatal(err)
		}
		doc = do("GET", site.UnsubscribePath+unsub, nil, 200)
		if doc.Find(`.digest-unsubscribe form[method=post] button`).Length() != 1 {
			t.Errorf("the unsubscribe page has no button")
		}
		do("POST", site.UnsubscribePath+unsub, url.Values{"List-Unsubscribe": {"One-Click"}}, 200)
		if sub, _ := store.Get(ctx, list[0].ID); sub.State != digest.Unsubscribed {
			t.Errorf("after the one-click POST the subscription is %s", sub.State)
		}
	})
}
