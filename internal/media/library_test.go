package media

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/testkit"
)

func TestUpdateAndSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		lib.SetVariantOptions(VariantOptions{Widths: []int{320}, WebP: true, JPEGQuality: 80, WebPQuality: 75})
		add := func(name string, w int, meta Meta) Media {
			t.Helper()
			m, err := lib.AddImage(ctx, name, testkit.JPEG(t, testkit.Picture(w, 40)))
			if err != nil {
				t.Fatal(err)
			}
			if err := lib.Update(ctx, m.ID, meta); err != nil {
				t.Fatalf("Update %s: %v", name, err)
			}
			return m
		}
		flood := add("IMG_1.jpg", 60, Meta{Alt: "  Boats on the\n flooded   road ", Caption: "Flood relief at Neamatighat.\nDay two.", Credit: "Pranab Das"})
		rhino := add("IMG21.jpg", 61, Meta{Alt: "A rhino in tall grass", Caption: "কাজিৰঙাৰ গঁড়", Credit: "PTI"})
		bihu := add("bihu_100%.jpg", 62, Meta{Alt: "Dancers", Caption: "Bihu in Sivasagar", Credit: "নিজা সংবাদদাতা"})

		got, err := lib.Get(ctx, flood.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Alt != "Boats on the flooded road" || got.Caption != "Flood relief at Neamatighat.\nDay two." || got.Credit != "Pranab Das" {
			t.Errorf("after Update: alt %q caption %q credit %q", got.Alt, got.Caption, got.Credit)
		}

		ids := func(list []Media) []int64 {
			var out []int64
			for _, m := range list {
				out = append(out, m.ID)
			}
			return out
		}
		tests := []struct {
			query string
			want  []int64
		}{
			{"", []int64{bihu.ID, rhino.ID, flood.ID}},
			{"FLOOD", []int64{flood.ID}},         // caption and alt, any case
			{"pti", []int64{rhino.ID}},           // credit
			{"img", []int64{rhino.ID, flood.ID}}, // original name
			{"g_1", []int64{flood.ID}},           // _ is a literal, not a wildcard
			{"100%", []int64{bihu.ID}},           // so is %
			{"গঁড়", []int64{rhino.ID}},          // Assamese caption
			{"সংবাদদাতা", []int64{bihu.ID}},      // Assamese credit
			{"tiger", nil},
		}
		for _, tc := range tests {
			list, total, err := lib.Search(ctx, tc.query, 10, 0)
			if err != nil {
				t.Fatalf("Search(%q): %v", tc.query, err)
			}
			if !slices.Equal(ids(list), tc.want) || total != len(tc.want) {
				t.Errorf("Search(%q) = %v (total %d), want %v", tc.query, ids(list), total, tc.want)
			}
			for _, m := range list {
				if len(m.Variants) != 2 {
					t.Errorf("Search(%q): %s has %d variants", tc.query, m.OriginalName, len(m.Variants))
				}
			}
		}

		page, total, err := lib.Search(ctx, "", 2, 1)
		if err != nil || total != 3 || !slices.Equal(ids(page), []int64{rhino.ID, flood.ID}) {
			t.Errorf("Search page 2 = %v, total %d, %v", ids(page), total, err)
		}
		page, total, err = lib.Search(ctx, "", 2, 10)
		if err != nil || total != 3 || len(page) != 0 {
			t.Errorf("Search past the end = %v, total %d, %v", ids(page), total, err)
		}

		if err := lib.Update(ctx, flood.ID+1000, Meta{Alt: "x"}); !errors.Is(err, ErrNotFound) {
			t.Errorf("Update(unknown) = %v", err)
		}
		err = lib.Update(ctx, flood.ID, Meta{Alt: strings.Repeat("অ", MaxAlt+1), Credit: strings.Repeat("x", MaxCredit+1)})
		verr, _ := fielderr.As(err)
		if verr == nil || verr.Fields["alt"].Max != MaxAlt || verr.Code("alt") != fielderr.TooLong ||
			verr.Fields["credit"].Max != MaxCredit || verr.Code("credit") != fielderr.TooLong || len(verr.Fields) != 2 {
			t.Errorf("Update(too long) = %v", err)
		}
		if got, _ := lib.Get(ctx, flood.ID); got.Alt != "Boats on the flooded road" {
			t.Errorf("a refused update changed alt to %q", got.Alt)
		}
	})
}

func TestMetaMessages(t *testing.T) {
	_, err := Meta{Caption: strings.Repeat("অ", MaxCaption+1)}.clean()
	en := locale.New(locale.English, locale.IndiaZone(), locale.NativeDigits)
	as := locale.New(locale.Assamese, locale.IndiaZone(), locale.NativeDigits)
	if got := fielderr.Messages(en, err)["caption"]; got != "This is too long: use at most 1,000 characters." {
		t.Errorf("English caption message %q", got)
	}
	if got := fielderr.Messages(as, err)["caption"]; !strings.Contains(got, "১,০০০") {
		t.Errorf("Assamese caption message %q does not quote the limit in Assamese digits", got)
	}
}
