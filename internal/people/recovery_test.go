package people_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
)

func TestRecoveryCodes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "editor@example.org", people.Editor)
		other := activeUser(t, st, "other@example.org", people.Editor)
		secret := enabledTOTP(t, st, clk, u)
		enabledTOTP(t, st, clk, other)

		codes, err := st.NewRecoveryCodes(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		shape := regexp.MustCompile(`^[a-z2-9]{5}-[a-z2-9]{5}$`)
		seen := map[string]bool{}
		for _, c := range codes {
			if !shape.MatchString(c) || seen[c] {
				t.Fatalf("codes %q: %q malformed or repeated", codes, c)
			}
			seen[c] = true
			if n := count(t, d, "SELECT COUNT(*) FROM recovery_codes WHERE code_hash = ? OR code_hash = ?", c, strings.ReplaceAll(c, "-", "")); n != 0 {
				t.Fatal("a recovery code is stored as it is")
			}
		}
		if len(codes) != people.RecoveryCodeCount {
			t.Fatalf("%d codes, want %d", len(codes), people.RecoveryCodeCount)
		}
		left := func(id int64) int {
			n, err := st.RecoveryCodesLeft(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Typed back in capitals with spaces, a code still works, once.
		if err := st.CheckSecondFactor(ctx, u.ID, " "+strings.ToUpper(strings.ReplaceAll(codes[0], "-", " "))+" "); err != nil {
			t.Fatalf("a recovery code: %v", err)
		}
		if err := st.CheckSecondFactor(ctx, u.ID, codes[0]); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("a spent recovery code = %v, want ErrBadCode", err)
		}
		if err := st.CheckSecondFactor(ctx, other.ID, codes[1]); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("another account's recovery code = %v, want ErrBadCode", err)
		}
		for _, bad := range []string{"", "abcde-fghjk", "abc"} {
			if err := st.CheckSecondFactor(ctx, u.ID, bad); !errors.Is(err, people.ErrBadCode) {
				t.Fatalf("CheckSecondFactor(%q) = %v, want ErrBadCode", bad, err)
			}
		}
		if n := left(u.ID); n != people.RecoveryCodeCount-1 {
			t.Fatalf("%d codes left, want %d", n, people.RecoveryCodeCount-1)
		}
		// TOTP codes still go through CheckSecondFactor.
		if err := st.CheckSecondFactor(ctx, u.ID, code(t, secret, clk.Now())); err != nil {
			t.Fatalf("a TOTP code through CheckSecondFactor: %v", err)
		}

		// Racing logins with one recovery code: one wins.
		ok := 0
		for _, err := range race(6, func(int) error { return st.CheckSecondFactor(ctx, u.ID, codes[2]) }) {
			if err == nil {
				ok++
			} else if !errors.Is(err, people.ErrBadCode) {
				t.Fatal(err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d racing uses of one recovery code succeeded, want 1", ok)
		}

		// New codes replace the old ones.
		fresh, err := st.NewRecoveryCodes(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CheckSecondFactor(ctx, u.ID, codes[3]); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("an old code after regeneration = %v, want ErrBadCode", err)
		}
		if n := left(u.ID); n != people.RecoveryCodeCount {
			t.Fatalf("%d codes left after regeneration", n)
		}
		// Turning two-factor login off drops them.
		if err := st.DisableTOTP(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if n := left(u.ID); n != 0 {
			t.Fatalf("%d codes left after DisableTOTP", n)
		}
		if err := st.CheckSecondFactor(ctx, u.ID, fresh[0]); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("a recovery code after DisableTOTP = %v, want ErrBadCode", err)
		}
	})
}
