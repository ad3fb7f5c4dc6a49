package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/testkit"
)

const (
	digestReader   = "nilima@example.org"
	digestReaderAS = "pranjal@example.org"
	digestHeadline = "Embankment at Matmora holds as the Brahmaputra falls"
	digestHeadAS   = "মাটমৰাৰ মথাউৰি অটুট, ব্ৰহ্মপুত্ৰৰ পানী কমিছে"
)

// TestBrowserDigest: a reader subscribes to the morning digest from the reader site's form in
// a phone's browser, follows the confirmation mail's link and confirms; the morning's run
// sends the digest to a real SMTP server with its headline, a text and an HTML part and the
// RFC 8058 headers; a mail client's one-click POST unsubscribes without any page; an Assamese
// reader unsubscribes with the page's button.
func TestBrowserDigest(t *testing.T) {
	requireChromium(t)
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := mk(t)
			// Every moment of the day is past the sending time.
			cfg.DigestAt = "00:00"
			j, a := newJourney(t, name, cfg)
			sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}})
			if err != nil {
				t.Fatal(err)
			}
			at := time.Now().Add(-time.Hour)
			if _, err := a.News.BulkInsert(ctx, []news.BulkStory{{SectionID: sec.ID, Featured: true, Editions: []news.BulkEdition{
				{Lang: locale.English, Headline: digestHeadline, Standfirst: "Relief camps in Dibrugarh begin to close.", Body: "<p>The water fell overnight.</p>", PublishedAt: at},
				{Lang: locale.Assamese, Headline: digestHeadAS, Body: "<p>নিশা পানী কমিল।</p>", PublishedAt: at},
			}}}); err != nil {
				t.Fatal(err)
			}
			// The Assamese reader's subscription is made and confirmed outside the browser.
			if err := a.Digest.Subscribe(ctx, digest.Request{Email: digestReaderAS, Lang: locale.Assamese, Client: "192.0.2.9"}); err != nil {
				t.Fatal(err)
			}
			j.open(a)
			confirmAS := j.inbox.Await(t, j.mailDeadline(), digestReaderAS, "বাতৰি-সংক্ষেপ")
			u, err := url.Parse(confirmAS.Link(t, "/as/digest/confirm?token="))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Digest.Confirm(ctx, u.Query().Get("token")); err != nil {
				t.Fatal(err)
			}

			p := j.newPerson("reader", phone)
			p.open("/")
			p.press(`footer a[href="/digest"]`, 200)
			opened := time.Now()
			p.wantText("h1", "The morning digest by e-mail")
			p.fill("#f-email", digestReader)
			p.do("choose the section", chromedp.Click(chromedp.CSS(`#sec-`+strconv.FormatInt(sec.ID, 10))))
			p.shot("digest-1-form")
			if wait := time.Until(opened.Add(2500 * time.Millisecond)); wait > 0 {
				time.Sleep(wait)
			}
			p.press(`form.digest-form button[type=submit]`, 200)
			p.wantPath("/digest/sent")
			p.wantText("h1", "Check your e-mail")

			m := j.inbox.Await(t, j.mailDeadline(), digestReader, "Confirm your morning digest")
			link := m.Link(t, "/digest/confirm?token=")
			if !strings.HasPrefix(link, j.base+"/") || !strings.Contains(m.HTML, `href="`+strings.ReplaceAll(link, "&", "&amp;")+`"`) {
				t.Errorf("the confirmation's link %s is not on %s or not in its HTML part:\n%s", link, j.base, m.HTML)
			}
			p.open(link)
			p.wantText("h1", "Confirm your subscription")
			p.press(`.digest-confirm form button[type=submit]`, 200)
			p.wantText(".digest-confirmed .done", "The morning digest in English will come to "+digestReader)
			p.shot("digest-2-confirmed")

			n, err := a.SendDigests(ctx, time.Now())
			if err != nil || n != 2 {
				t.Fatalf("SendDigests = %d, %v; want both readers", n, err)
			}
			if n, err := a.SendDigests(ctx, time.Now()); err != nil || n != 0 {
				t.Errorf("a second run the same day took %d, %v", n, err)
			}
			d := j.inbox.Await(t, j.mailDeadline(), digestReader, "Morning digest")
			if !strings.Contains(d.Text, digestHeadline) || !strings.Contains(d.HTML, digestHeadline) || !strings.Contains(d.HTML, `lang="en"`) {
				t.Errorf("the digest lacks its story:\n%s\n%s", d.Text, d.HTML)
			}
			if d.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
				t.Errorf("List-Unsubscribe-Post: %q", d.Header.Get("List-Unsubscribe-Post"))
			}
			unsub := strings.Trim(d.Header.Get("List-Unsubscribe"), "<>")
			if !strings.HasPrefix(unsub, j.base+"/digest/unsubscribe/") || !strings.Contains(d.Text, unsub) {
				t.Fatalf("List-Unsubscribe %q is not the site's unsubscribe link in the text", d.Header.Get("List-Unsubscribe"))
			}

			// RFC 8058: the mail client POSTs from its own servers, no cookie, no page.
			resp, err := http.Post(unsub, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("one-click unsubscribe answered %d", resp.StatusCode)
			}
			list, _, err := a.Digest.List(ctx, digest.Filter{State: digest.Unsubscribed})
			if err != nil || len(list) != 1 || list[0].Email != digestReader {
				t.Errorf("unsubscribed after the one-click POST: %+v, %v", list, err)
			}

			// The Assamese reader presses the button on the page the footer's link opens.
			dAS := j.inbox.Await(t, j.mailDeadline(), digestReaderAS, "পুৱাৰ বাতৰি-সংক্ষেপ,")
			if !strings.Contains(dAS.HTML, digestHeadAS) || !strings.Contains(dAS.HTML, "Noto Sans Bengali") {
				t.Errorf("the Assamese digest's HTML:\n%s", dAS.HTML)
			}
			q := j.newPerson("reader-as", phone)
			q.open(dAS.Link(t, "/digest/unsubscribe/"))
			q.wantText("h1", "পুৱাৰ বাতৰি-সংক্ষেপ বন্ধ কৰক")
			q.press(`.digest-unsubscribe form button[type=submit]`, 200)
			q.wantText(".digest-unsubscribed .done", digestReaderAS)
			q.shot("digest-3-unsubscribed")
			if due, err := a.Digest.AnyDue(ctx, "2099-01-01", locale.Assamese); err != nil || due {
				t.Errorf("the Assamese reader is still due digests: %v, %v", due, err)
			}
			if h := testkit.MailHTML(t, j.inbox.Received()[0].Data); !strings.HasPrefix(h, "<!DOCTYPE html>") {
				t.Errorf("the first mail's HTML part: %q", h)
			}
			for _, who := range []*person{p, q} {
				if d := who.dialogs.list(); len(d) > 0 {
					t.Errorf("%s saw dialogs: %q", who.who, d)
				}
			}
		})
	}
}
