package translation_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/translation"
)

func TestMemory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		m := translation.NewMemory(d)
		k := translation.MemoryKey{Provider: "p", Model: "1", Source: locale.English, Target: locale.Assamese}

		// More sources than one IN list takes.
		in := map[string]string{}
		var sources []string
		for i := range 1200 {
			s := fmt.Sprintf("sentence %d", i)
			in[s] = fmt.Sprintf("বাক্য %d", i)
			sources = append(sources, s)
		}
		if err := m.Remember(ctx, k, in, fixedNow); err != nil {
			t.Fatal(err)
		}
		got, err := m.Lookup(ctx, k, append(sources, "never sent"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1200 || got["sentence 7"] != "বাক্য 7" {
			t.Errorf("lookup found %d", len(got))
		}

		// The key is the NFC source: the same word typed decomposed is the same entry.
		if err := m.Remember(ctx, k, map[string]string{"caf\u00e9": "কেফে"}, fixedNow); err != nil {
			t.Fatal(err)
		}
		if got, _ := m.Lookup(ctx, k, []string{"cafe\u0301"}); got["cafe\u0301"] != "কেফে" {
			t.Errorf("decomposed source missed: %v", got)
		}
		if k.Hash("cafe\u0301") != k.Hash("caf\u00e9") || len(k.Hash("x")) != 64 {
			t.Error("hash is not of the NFC source")
		}
		// Another direction, model or format is another entry.
		for _, other := range []translation.MemoryKey{
			{Provider: "p", Model: "1", Source: locale.Assamese, Target: locale.English},
			{Provider: "p", Model: "2", Source: locale.English, Target: locale.Assamese},
			{Provider: "q", Model: "1", Source: locale.English, Target: locale.Assamese},
			{Provider: "p", Model: "1", Source: locale.English, Target: locale.Assamese, HTML: true},
		} {
			if got, _ := m.Lookup(ctx, other, []string{"sentence 1"}); len(got) != 0 {
				t.Errorf("%+v found %v", other, got)
			}
		}
		// Remembering again replaces.
		if err := m.Remember(ctx, k, map[string]string{"sentence 1": "নতুন"}, fixedNow); err != nil {
			t.Fatal(err)
		}
		if got, _ := m.Lookup(ctx, k, []string{"sentence 1"}); got["sentence 1"] != "নতুন" {
			t.Errorf("not replaced: %v", got)
		}
		if n, _ := m.Size(ctx); n != 1201 {
			t.Errorf("size %d", n)
		}
	})
}
