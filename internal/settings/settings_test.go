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

func TestSiteRoundTrip(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := settings.NewStore(d)
		got, err := st.Site(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got != settings.Defaults() {
			t.Fatalf("new site = %+v, want defaults", got)
		}
		want := settings.Site{NameEN: "Dainik Batori", NameAS: "দৈনিক বাতৰি", Address: "GS Road, Guwahati", Email: "desk@example.org",
			Phone: "+91 361 000 0000", TimeZone: "Asia/Kolkata", Digits: locale.LatinDigits, RequireStaff2FA: true, FeedFullText: true}
		if err := st.SaveSite(ctx, want); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveSite(ctx, want); err != nil {
			t.Fatalf("saving twice: %v", err)
		}
		if got, _ = st.Site(ctx); got != want {
			t.Fatalf("got %+v, want %+v", got, want)
		}
		bad := want
		bad.TimeZone = "Mars/Olympus"
		bad.Digits = "roman"
		if err := st.SaveSite(ctx, bad); fielderr.CodeOf(err, "time_zone") != fielderr.NotAllowed || fielderr.CodeOf(err, "digits") != fielderr.NotAllowed {
			t.Fatalf("bad time zone and digits: %v, want both not_allowed", err)
		}
		if got, _ = st.Site(ctx); got != want {
			t.Fatalf("failed save changed settings: %+v", got)
		}
	})
}
