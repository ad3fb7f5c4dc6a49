package settings_test

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/settings"
)

func TestKeyValue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := settings.NewStore(d)
		if _, ok, err := st.Get(ctx, "comments.blocklist"); ok || err != nil {
			t.Fatalf("unset key: ok %v, %v", ok, err)
		}
		if err := st.Set(ctx, "comments.blocklist", "spam"); err != nil {
			t.Fatal(err)
		}
		if err := st.Set(ctx, "comments.blocklist", "spam\nscam"); err != nil {
			t.Fatalf("setting twice: %v", err)
		}
		if v, ok, err := st.Get(ctx, "comments.blocklist"); v != "spam\nscam" || !ok || err != nil {
			t.Fatalf("Get = %q, %v, %v", v, ok, err)
		}
		if err := st.SetMany(ctx, map[string]string{"mt.provider": "google", "mt.api_key": "k", "mtx": "not mt", "m_.odd": "x"}); err != nil {
			t.Fatal(err)
		}
		got, err := st.GetMany(ctx, "mt.provider", "comments.blocklist", "nothing")
		if want := map[string]string{"mt.provider": "google", "comments.blocklist": "spam\nscam"}; err != nil || !maps.Equal(got, want) {
			t.Fatalf("GetMany = %v, %v", got, err)
		}
		// A prefix matches literally: "_" and "%" are no wildcards.
		got, err = st.Prefix(ctx, "mt.")
		if want := map[string]string{"mt.provider": "google", "mt.api_key": "k"}; err != nil || !maps.Equal(got, want) {
			t.Fatalf("Prefix(mt.) = %v, %v", got, err)
		}
		if got, _ = st.Prefix(ctx, "m_."); !maps.Equal(got, map[string]string{"m_.odd": "x"}) {
			t.Errorf("Prefix(m_.) = %v", got)
		}

		// ReplacePrefix leaves no key of the former set-up; a failed transaction changes nothing.
		err = st.Update(ctx, func(tx settings.Tx) error {
			return tx.ReplacePrefix(ctx, "mt.", map[string]string{"mt.provider": "azure", "mt.region": "centralindia"})
		})
		if got, _ = st.Prefix(ctx, "mt."); err != nil || !maps.Equal(got, map[string]string{"mt.provider": "azure", "mt.region": "centralindia"}) {
			t.Fatalf("after ReplacePrefix: %v, %v", got, err)
		}
		if v, _, _ := st.Get(ctx, "mtx"); v != "not mt" {
			t.Error("ReplacePrefix(mt.) touched mtx")
		}
		boom := errors.New("boom")
		err = st.Update(ctx, func(tx settings.Tx) error {
			if err := tx.Set(ctx, "mt.provider", "openai"); err != nil {
				return err
			}
			return boom
		})
		if v, _, _ := st.Get(ctx, "mt.provider"); !errors.Is(err, boom) || v != "azure" {
			t.Errorf("rolled-back Set left %q (%v)", v, err)
		}
		if err := st.Update(ctx, func(tx settings.Tx) error {
			return tx.ReplacePrefix(ctx, "mt.", map[string]string{"site.name_en": "x"})
		}); err == nil {
			t.Error("ReplacePrefix stored a key outside its prefix")
		}

		// Add stores only the first value, inside the caller's transaction.
		for i, want := range []bool{true, false} {
			var added bool
			err := d.InTx(ctx, func(tx *db.Tx) error {
				var err error
				added, err = settings.In(tx).Add(ctx, "setup_done", []string{"first", "second"}[i])
				return err
			})
			if err != nil || added != want {
				t.Errorf("Add #%d = %v, %v", i+1, added, err)
			}
		}
		if v, _, _ := st.Get(ctx, "setup_done"); v != "first" {
			t.Errorf("setup_done = %q", v)
		}

		// A secret is made once and then read by every store over the database.
		s1, err := st.Secret(ctx, "test.secret")
		if err != nil || len(s1) != 32 {
			t.Fatalf("Secret = %x, %v", s1, err)
		}
		if s2, err := settings.NewStore(d).Secret(ctx, "test.secret"); err != nil || !bytes.Equal(s1, s2) {
			t.Errorf("second read of the secret: %x, %v", s2, err)
		}
		st.Set(ctx, "test.bad", "zz")
		if _, err := st.Secret(ctx, "test.bad"); err == nil {
			t.Error("malformed secret accepted")
		}
	})
}
