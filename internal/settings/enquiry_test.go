package settings_test

import (
	"context"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/settings"
)

func TestOfficeHoursAndEnquiryDesk(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := settings.NewStore(d)
		want := settings.Defaults()
		want.Email = "desk@example.org"
		want.OfficeHoursEN = "Monday to Saturday, 10 am to 6 pm"
		want.OfficeHoursAS = "সোমবাৰৰ পৰা শনিবাৰলৈ, পুৱা ১০ বজাৰ পৰা সন্ধিয়া ৬ বজালৈ"
		if err := st.SaveSite(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err := st.Site(ctx)
		if err != nil || got != want {
			t.Fatalf("got %+v, %v; want %+v", got, err, want)
		}
		if got.OfficeHours(locale.English) != want.OfficeHoursEN || got.OfficeHours(locale.Assamese) != want.OfficeHoursAS {
			t.Error("OfficeHours picks the wrong language")
		}
		if got.EnquiryAddress() != "desk@example.org" {
			t.Errorf("enquiry desk defaults to %q", got.EnquiryAddress())
		}
		want.EnquiryEmail = "enquiries@example.org"
		if err := st.SaveSite(ctx, want); err != nil {
			t.Fatal(err)
		}
		if got, _ = st.Site(ctx); got.EnquiryAddress() != "enquiries@example.org" {
			t.Errorf("enquiry desk %q", got.EnquiryAddress())
		}
		for _, bad := range []string{"not an address", "Desk <desk@example.org>"} {
			b := want
			b.EnquiryEmail = bad
			if err := st.SaveSite(ctx, b); fielderr.CodeOf(err, "enquiry_email") != fielderr.InvalidEmail {
				t.Errorf("enquiry e-mail %q accepted", bad)
			}
		}
		if (settings.Site{}).EnquiryAddress() != "" {
			t.Error("a site without addresses has an enquiry desk")
		}
	})
}
