package people

import (
	"context"
	"fmt"

	"github.com/batori-news/batori/internal/secretbox"
)

// SealSecrets runs at start-up: it seals TOTP secrets still stored in plain text (from before
// encryption) and checks that the store's key opens the sealed ones, so a wrong key stops the
// start with a clear error instead of turning every two-factor login into "wrong code".
// It returns how many secrets it sealed.
func (s *Store) SealSecrets(ctx context.Context) (int, error) {
	if s.box == nil {
		return 0, ErrNoSecretBox
	}
	type row struct {
		id     int64
		secret string
	}
	rows, err := s.db.Query(ctx, "SELECT id, totp_secret FROM users WHERE totp_secret <> ''")
	if err != nil {
		return 0, err
	}
	var list []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.secret); err != nil {
			rows.Close()
			return 0, err
		}
		list = append(list, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sealed := 0
	for _, r := range list {
		if secretbox.IsSealed(r.secret) {
			if _, err := s.box.Open(r.secret, totpLabel(r.id)); err != nil {
				return sealed, fmt.Errorf("the TOTP secret of account %d does not open with the key from %s: %w", r.id, s.box.Source, err)
			}
			continue
		}
		v, err := s.box.Seal(r.secret, totpLabel(r.id))
		if err != nil {
			return sealed, err
		}
		// The old value in the WHERE clause leaves alone a secret replaced meanwhile (another
		// node starting at once, or the user beginning a new setup).
		if _, err := s.db.Exec(ctx, "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_secret = ?", v, r.id, r.secret); err != nil {
			return sealed, err
		}
		sealed++
	}
	return sealed, nil
}
