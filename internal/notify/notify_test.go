package notify_test

import (
	"context"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/notify"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/settings"
)

func composer() *notify.Composer {
	site := settings.Defaults()
	site.EnquiryEmail = "desk@batori.example"
	editors := []people.User{
		{ID: 1, Name: "Editor One", Email: "one@batori.example", UILang: "en"},
		{ID: 2, Name: "Editor Two", Email: "two@batori.example", UILang: "as"},
	}
	return &notify.Composer{
		Site:    func(context.Context, *db.Tx) (settings.Site, error) { return site, nil },
		Editors: func(context.Context, *db.Tx) ([]people.User, error) { return editors, nil },
		Origin:  func() string { return "https://news.example.org" },
	}
}

func TestEventsToMails(t *testing.T) {
	ctx := context.Background()
	c := composer()
	en := locale.New(locale.English, time.UTC, locale.LatinDigits)
	as := locale.New(locale.Assamese, time.UTC, locale.LatinDigits)
	reporter := people.User{ID: 7, Name: "Priyanka Bora", Email: "priyanka@example.org", UILang: "as", District: "Jorhat"}
	for _, tc := range []struct {
		name string
		ev   any
		// to, subject fragment and body fragment of each mail, in order.
		want [][3]string
	}{
		{"verification in the reporter's language", people.Registered{User: reporter, Token: "tok/en+1"},
			[][3]string{{"priyanka@example.org", as.T("nr_mail_verify_subject"), "https://news.example.org/newsroom/verify?token=tok%2Fen%2B1"}}},
		{"password reset", people.PasswordResetRequested{User: reporter, Token: "abc"},
			[][3]string{{"priyanka@example.org", as.T("nr_mail_reset_subject"), "https://news.example.org/newsroom/password/reset?token=abc"}}},
		{"every editor told of a verified registration", people.EmailVerified{User: reporter},
			[][3]string{{"one@batori.example", en.T("nr_mail_pending_subject"), "https://news.example.org/newsroom/users?status=pending"},
				{"two@batori.example", as.T("nr_mail_pending_subject"), "Priyanka Bora"}}},
		{"rejection with its reason", people.Rejected{User: reporter, Reason: "Send two clippings."},
			[][3]string{{"priyanka@example.org", as.T("nr_mail_rejected_subject"), "Send two clippings."}}},
		{"a comment published for an author who asked", comments.Published{TellAuthor: true, Item: comments.Item{
			Comment: comments.Comment{ID: 5, StoryID: 12, Lang: locale.Assamese, Name: "Anjali", Email: "anjali@example.org"}, Slug: "majuli"}},
			[][3]string{{"anjali@example.org", as.T("comments_mail_subject"), "https://news.example.org/as/news/12/majuli#comment-5"}}},
		{"a comment published for an author who did not ask", comments.Published{Item: comments.Item{
			Comment: comments.Comment{ID: 6, StoryID: 12, Lang: locale.English, Email: "quiet@example.org"}}}, nil},
		{"an enquiry: the reader's acknowledgement and the desk's notice", enquiries.Received{Enquiry: enquiries.Enquiry{
			ID: 3, Reference: "K7QM-4XPD", Kind: enquiries.NewsTip, Lang: locale.Assamese, Name: "Reader", Email: "reader@example.org", Message: "Water is rising."}},
			[][3]string{{"reader@example.org", "K7QM-4XPD", as.T("enquiry_mail_ack_note")},
				{"desk@batori.example", "K7QM-4XPD", "https://news.example.org/newsroom/enquiries/3"}}},
		{"a reply in the reader's language", enquiries.Replied{Body: "Our reporter is on the way.", Enquiry: enquiries.Enquiry{
			ID: 3, Reference: "K7QM-4XPD", Lang: locale.English, Name: "Reader", Email: "reader@example.org"}},
			[][3]string{{"reader@example.org", "K7QM-4XPD", "Our reporter is on the way."}}},
		{"an event that calls for no mail", comments.SettingsChanged{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mails, err := c.Mails(ctx, nil, tc.ev)
			if err != nil {
				t.Fatal(err)
			}
			if len(mails) != len(tc.want) {
				t.Fatalf("%d mails, want %d: %+v", len(mails), len(tc.want), mails)
			}
			for i, w := range tc.want {
				m := mails[i]
				if m.To != w[0] || !strings.Contains(m.Subject, w[1]) || !strings.Contains(m.Text, w[2]) {
					t.Errorf("mail %d to %q, %q:\n%s\nwant to %q, subject with %q, text with %q", i, m.To, m.Subject, m.Text, w[0], w[1], w[2])
				}
				checkHTML(t, m.HTML, w[2])
			}
		})
	}
}

// checkHTML: a mail's HTML part is a whole document with its language set, and says what the
// text says (has wants, escaped; a link when wants is one).
func checkHTML(t *testing.T, h, wants string) {
	t.Helper()
	if !strings.HasPrefix(h, "<!DOCTYPE html>") || !strings.Contains(h, `<html lang="`) {
		t.Errorf("the HTML part is not a document with its language:\n%s", h)
	}
	if strings.HasPrefix(wants, "https://") {
		if !strings.Contains(h, `href="`+html.EscapeString(wants)+`"`) {
			t.Errorf("the HTML part has no link to %s:\n%s", wants, h)
		}
	} else if !strings.Contains(h, html.EscapeString(wants)) {
		t.Errorf("the HTML part does not say %q:\n%s", wants, h)
	}
}

func TestHTMLEscapesAndKeepsLanguage(t *testing.T) {
	c := composer()
	mails, err := c.Mails(context.Background(), nil, enquiries.Replied{Body: `<script>alert(1)</script> & see https://example.org/a?b=1&c=2.`,
		Enquiry: enquiries.Enquiry{ID: 3, Reference: "K7QM-4XPD", Lang: locale.Assamese, Name: "<b>Reader</b>", Email: "reader@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	h := mails[0].HTML
	for _, bad := range []string{"<script>", "<b>Reader"} {
		if strings.Contains(h, bad) {
			t.Errorf("the HTML part carries %q unescaped", bad)
		}
	}
	for _, want := range []string{`lang="as"`, "Noto Sans Bengali", `href="https://example.org/a?b=1&amp;c=2"`, "&lt;script&gt;"} {
		if !strings.Contains(h, want) {
			t.Errorf("the HTML part lacks %s:\n%s", want, h)
		}
	}
}

func TestDigestMails(t *testing.T) {
	ctx := context.Background()
	c := composer()
	mails, err := c.Mails(ctx, nil, digest.Requested{ID: 4, Email: "reader@example.org", Lang: locale.Assamese, Token: "t0k"})
	if err != nil || len(mails) != 1 {
		t.Fatalf("confirmation: %v, %v", mails, err)
	}
	if link := "https://news.example.org/as/digest/confirm?token=t0k"; !strings.Contains(mails[0].Text, link) || !strings.Contains(mails[0].HTML, `href="`+link+`"`) {
		t.Errorf("the confirmation lacks its link:\n%s\n%s", mails[0].Text, mails[0].HTML)
	}
	due := digest.Due{Date: "2026-12-07", Unsubscribe: "4.sig",
		Subscriber: digest.Subscriber{ID: 4, Email: "reader@example.org", Lang: locale.English},
		Stories:    []digest.Story{{StoryID: 12, Path: "/news/12/flood", Headline: "Flood <waters> recede", Standfirst: "Relief camps close.", Section: "Assam"}}}
	mails, err = c.Mails(ctx, nil, due)
	if err != nil || len(mails) != 1 {
		t.Fatalf("digest: %v, %v", mails, err)
	}
	m := mails[0]
	if m.Headers["List-Unsubscribe"] != "<https://news.example.org/digest/unsubscribe/4.sig>" || m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" {
		t.Errorf("headers %v", m.Headers)
	}
	if m.DedupeKey != "digest-4-2026-12-07" || !strings.Contains(m.Subject, "7 December 2026") {
		t.Errorf("dedupe key %q, subject %q", m.DedupeKey, m.Subject)
	}
	for _, want := range []string{"Flood <waters> recede", "https://news.example.org/news/12/flood", "https://news.example.org/digest/unsubscribe/4.sig"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the text lacks %q:\n%s", want, m.Text)
		}
	}
	for _, want := range []string{"Flood &lt;waters&gt; recede", `href="https://news.example.org/news/12/flood"`, `href="https://news.example.org/digest/unsubscribe/4.sig"`, `lang="en"`} {
		if !strings.Contains(m.HTML, want) {
			t.Errorf("the HTML lacks %q:\n%s", want, m.HTML)
		}
	}
}

func TestHeldOriginInHTML(t *testing.T) {
	c := composer()
	c.Origin = func() string { return "{{batori-origin}}" }
	mails, err := c.Mails(context.Background(), nil, people.PasswordResetRequested{User: people.User{Name: "A", Email: "a@example.org"}, Token: "x"})
	if err != nil {
		t.Fatal(err)
	}
	// The app's sender replaces this form of the placeholder in HTML (app/origin.go).
	if !strings.Contains(mails[0].HTML, `href="{{batori-origin}}/newsroom/password/reset?token=x"`) {
		t.Errorf("held origin in HTML:\n%s", mails[0].HTML)
	}
}
