package people

import (
	"context"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/settings"
)

// SetupTokenTTL is how long a first-admin setup link works.
const SetupTokenTTL = 24 * time.Hour

// setupTokenPrefix keys the live setup tokens in the settings table, one per link issued:
// "setup_token.<sha256 of the token>" → expiry (RFC 3339). Only hashes are stored, and every
// node and the setup-link command see the same ones.
const setupTokenPrefix = "setup_token."

// NewSetupToken issues a one-time link token for creating the first admin, valid for
// SetupTokenTTL; ErrSetupDone once the site has an admin. Tokens issued earlier stay valid
// until they expire, so a link printed by one node works while another starts.
func (s *Store) NewSetupToken(ctx context.Context) (string, time.Time, error) {
	now := s.clock()
	secret, hash := newSecret()
	expires := now.Add(SetupTokenTTL)
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if done, err := setupDone(ctx, tx); err != nil || done {
			if err == nil {
				err = ErrSetupDone
			}
			return err
		}
		st := settings.In(tx)
		live, err := st.Prefix(ctx, setupTokenPrefix)
		if err != nil {
			return err
		}
		keep := map[string]string{setupTokenPrefix + hash: expires.Format(time.RFC3339Nano)}
		for k, v := range live {
			if t, err := time.Parse(time.RFC3339Nano, v); err == nil && now.Before(t) {
				keep[k] = v
			}
		}
		return st.ReplacePrefix(ctx, setupTokenPrefix, keep)
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return secret, expires, nil
}

// CheckSetupToken returns ErrTokenInvalid unless token is a live setup token, and ErrSetupDone
// once the site has an admin.
func (s *Store) CheckSetupToken(ctx context.Context, token string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		if done, err := setupDone(ctx, tx); err != nil || done {
			if err == nil {
				err = ErrSetupDone
			}
			return err
		}
		return checkSetupToken(ctx, tx, token, s.clock())
	})
}

func checkSetupToken(ctx context.Context, tx *db.Tx, token string, now time.Time) error {
	if token == "" {
		return ErrTokenInvalid
	}
	v, ok, err := settings.In(tx).Get(ctx, setupTokenPrefix+hashSecret(token))
	if err != nil {
		return err
	}
	if t, perr := time.Parse(time.RFC3339Nano, v); !ok || perr != nil || !now.Before(t) {
		return ErrTokenInvalid
	}
	return nil
}

// setupDone reports whether the site has an admin or its setup was done.
func setupDone(ctx context.Context, tx *db.Tx) (bool, error) {
	if _, ok, err := settings.In(tx).Get(ctx, "setup_done"); err != nil || ok {
		return ok, err
	}
	var n int
	err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE role = ?", string(Admin)).Scan(&n)
	return n > 0, err
}
