package notify_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/db"
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
			}
		})
	}
}
