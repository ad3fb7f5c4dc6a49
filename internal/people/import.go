package people

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// importedHash is the password hash of an imported account: no password matches it, so the
// account cannot sign in until an admin invites the person and they set one.
const importedHash = "!imported"

// ImportAccount returns the account with email, creating it suspended, as a reporter, with no
// usable password when there is none (an author brought in from another system). An admin
// reinstates it and the person sets a password through "forgot password".
func (s *Store) ImportAccount(ctx context.Context, email, name string) (int64, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var id int64
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		err := tx.QueryRow(ctx, "SELECT id FROM users WHERE email = ?", email).Scan(&id)
		if err == nil || !errors.Is(err, db.ErrNoRows) {
			return err
		}
		id, err = tx.InsertID(ctx, "INSERT INTO users (email, name, password_hash, role, status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			email, strings.TrimSpace(name), importedHash, string(Reporter), StatusSuspended, time.Now().UTC())
		return err
	})
	return id, err
}
