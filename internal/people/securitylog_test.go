package people_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
)

// TestSecurityLogEntries: the account changes worth watching write their entry in the same
// transaction, with who did them, and record SecurityLogged for the server log.
func TestSecurityLogEntries(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		live := people.NewStore(d).WithSecretBox(testBox)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)

		setup, err := live.BeginTOTP(ctx, u, "Batori")
		if err != nil {
			t.Fatal(err)
		}
		if err := live.ConfirmTOTP(ctx, u.ID, code(t, setup.Secret, time.Now())); err != nil {
			t.Fatal(err)
		}
		codes, err := st.NewRecoveryCodes(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CheckSecondFactor(ctx, u.ID, codes[0]); err != nil {
			t.Fatal(err)
		}
		if err := st.DisableTOTP(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ResetPassword(ctx, resetToken(t, st, u.Email), newPassword); err != nil {
			t.Fatal(err)
		}
		session, err := st.StartSession(ctx, u.ID, "test", "192.0.2.1", false)
		if err != nil {
			t.Fatal(err)
		}
		se, _, err := st.SessionUser(ctx, session)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ChangePassword(ctx, u.ID, newPassword, "tea-garden-monsoon-7x", se.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.SetRole(ctx, u.ID, admin.ID, people.Editor); err != nil {
			t.Fatal(err)
		}
		if err := st.Suspend(ctx, u.ID, admin.ID); err != nil {
			t.Fatal(err)
		}
		if err := st.Reinstate(ctx, u.ID, admin.ID); err != nil {
			t.Fatal(err)
		}

		entries, total, err := st.SecurityLog(ctx, people.SecurityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var kinds []people.SecurityKind
		for _, e := range slices.Backward(entries) {
			kinds = append(kinds, e.Kind)
			if e.UserID != u.ID {
				t.Errorf("%s about user %d, want %d", e.Kind, e.UserID, u.ID)
			}
		}
		want := []people.SecurityKind{people.SecTOTPEnabled, people.SecRecoveryCodes, people.SecRecoveryCodeUsed, people.SecTOTPDisabled,
			people.SecResetRequested, people.SecPasswordReset, people.SecPasswordChanged, people.SecRoleChanged, people.SecSuspended, people.SecReinstated}
		// The TOTP steps ran on the wall clock, the rest on the test's: compare as sets.
		slices.Sort(kinds)
		slices.Sort(want)
		if !slices.Equal(kinds, want) || total != len(want) {
			t.Fatalf("kinds %v (%d), want %v", kinds, total, want)
		}
		i := slices.IndexFunc(entries, func(e people.SecurityEntry) bool { return e.Kind == people.SecRoleChanged })
		role := entries[i]
		if role.ActorID != admin.ID || role.ActorName != admin.Name || role.Detail != "editor" || role.Email != u.Email {
			t.Errorf("role change entry %+v", role)
		}
		only, total, err := st.SecurityLog(ctx, people.SecurityFilter{Kind: people.SecSuspended})
		if err != nil || total != 1 || len(only) != 1 || only[0].Kind != people.SecSuspended {
			t.Errorf("filtered: %v, %d, %v", only, total, err)
		}
		page, _, err := st.SecurityLog(ctx, people.SecurityFilter{Limit: 3, Offset: 3})
		if err != nil || len(page) != 3 || page[0].ID != entries[3].ID {
			t.Errorf("second page of three: %v, %v", page, err)
		}
	})
}
