package translation_test

import (
	"context"
	"errors"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/translation"
)

func TestGlossary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		g := translation.NewGlossary(d)

		// The migration seeds the proper nouns of the style notes, in Assamese spelling.
		list, err := g.List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seeded := map[string]string{}
		for _, e := range list {
			seeded[e.English] = e.Assamese
			if e.BengaliRa() {
				t.Errorf("seeded %s has Bengali ra: %s", e.English, e.Assamese)
			}
			if e.UpdatedAt.IsZero() {
				t.Errorf("seeded %s has no time", e.English)
			}
		}
		for en, as := range map[string]string{"Assam": "অসম", "Guwahati": "গুৱাহাটী", "Dispur": "দিছপুৰ", "India": "ভাৰত",
			"Russia": "ৰাছিয়া", "Congress": "কংগ্ৰেছ", "Chief Minister": "মুখ্যমন্ত্ৰী", "New York": "নিউ ইয়ৰ্ক"} {
			if seeded[en] != as {
				t.Errorf("seed %s = %q, want %q", en, seeded[en], as)
			}
		}
		if _, ok := seeded["Taliban"]; ok {
			t.Error("the unverified Taliban spelling was seeded")
		}

		// Adding normalises: spaces collapsed, NFC (য় typed precomposed is stored as য + ়).
		e, err := g.Add(ctx, translation.Entry{English: "  Himanta   Biswa Sarma ", Assamese: "হিমন্ত বিশ্ব শৰ্মা"})
		if err != nil {
			t.Fatal(err)
		}
		if e.English != "Himanta Biswa Sarma" || e.ID == 0 {
			t.Errorf("added %+v", e)
		}
		e2, err := g.Add(ctx, translation.Entry{English: "Tinsukia", Assamese: "তিনিচুকী\u09DF"})
		if err != nil {
			t.Fatal(err)
		}
		if e2.Assamese != "তিনিচুকী\u09AF\u09BC" {
			t.Errorf("not NFC: %q", e2.Assamese)
		}

		// The same English term twice, in any case, is refused; so are empty ones.
		if _, err := g.Add(ctx, translation.Entry{English: "ASSAM", Assamese: "অসম"}); fielderr.CodeOf(err, "english") != fielderr.Taken {
			t.Errorf("duplicate: %v", err)
		}
		if _, err := g.Add(ctx, translation.Entry{English: " ", Assamese: ""}); fielderr.CodeOf(err, "english") != fielderr.Required || fielderr.CodeOf(err, "assamese") != fielderr.Required {
			t.Errorf("empty: %v", err)
		}

		// Editing: a Bengali র is kept but flagged.
		e.Assamese = "হিমন্ত বিশ্ব শর্মা"
		if e, err = g.Update(ctx, e); err != nil || !e.BengaliRa() {
			t.Errorf("update: %+v %v", e, err)
		}
		if got, err := g.Get(ctx, e.ID); err != nil || got.Assamese != "হিমন্ত বিশ্ব শর্মা" {
			t.Errorf("get after update: %+v %v", got, err)
		}
		if _, err := g.Update(ctx, translation.Entry{ID: e2.ID, English: "himanta biswa sarma", Assamese: "x"}); fielderr.CodeOf(err, "english") != fielderr.Taken {
			t.Errorf("rename onto another term: %v", err)
		}
		if _, err := g.Update(ctx, translation.Entry{ID: 999999, English: "Nowhere", Assamese: "ক"}); !errors.Is(err, translation.ErrGlossaryNotFound) {
			t.Errorf("update missing: %v", err)
		}

		// Terms both ways, longest first.
		terms, err := g.Terms(ctx, locale.English, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if terms[0].Source != "Palestinian Territories" {
			t.Errorf("longest term first: %v", terms[0])
		}
		back, err := g.Terms(ctx, locale.Assamese, locale.English)
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, tm := range back {
			found = found || tm == translation.Term{Source: "গুৱাহাটী", Target: "Guwahati"}
		}
		if !found {
			t.Error("Assamese to English terms lack গুৱাহাটী → Guwahati")
		}

		if err := g.Delete(ctx, e.ID); err != nil {
			t.Fatal(err)
		}
		if err := g.Delete(ctx, e.ID); !errors.Is(err, translation.ErrGlossaryNotFound) {
			t.Errorf("delete twice: %v", err)
		}
		if _, err := g.Get(ctx, e.ID); !errors.Is(err, translation.ErrGlossaryNotFound) {
			t.Errorf("get deleted: %v", err)
		}
	})
}
