package people

import (
	"context"
	"crypto/rand"
	"strings"

	"github.com/batori-news/batori/internal/db"
)

// RecoveryCodeCount is how many recovery codes a user gets at once.
const RecoveryCodeCount = 10

// recoveryAlphabet leaves out letters read alike (0/o, 1/l/i) so a code copied from paper
// types back right.
const recoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789"

// newRecoveryCode returns a code like "k7m2p-xq9ra": ten letters from a 31-letter alphabet, about
// 50 bits, plenty when each may be tried only at the TOTP throttle's pace. Codes this strong
// are stored with a plain SHA-256, like session ids.
func newRecoveryCode() string {
	// Bytes from 248 up are skipped: 248 = 8*31, so every letter is equally likely.
	limit := byte(256 / len(recoveryAlphabet) * len(recoveryAlphabet))
	var sb strings.Builder
	b := make([]byte, 1)
	for n := 0; n < 10; {
		rand.Read(b)
		if b[0] >= limit {
			continue
		}
		if n == 5 {
			sb.WriteByte('-')
		}
		sb.WriteByte(recoveryAlphabet[int(b[0])%len(recoveryAlphabet)])
		n++
	}
	return sb.String()
}

// normalRecoveryCode lowers and strips what people add when typing a code back.
func normalRecoveryCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\t':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(code)))
}

// NewRecoveryCodes replaces the user's recovery codes with RecoveryCodeCount fresh ones and
// returns them: they are shown once, only their hashes are kept.
func (s *Store) NewRecoveryCodes(ctx context.Context, userID int64) ([]string, error) {
	codes := make([]string, RecoveryCodeCount)
	for i := range codes {
		codes[i] = newRecoveryCode()
	}
	now := s.clock()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.Exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", userID); err != nil {
			return err
		}
		for _, c := range codes {
			if _, err := tx.Exec(ctx, "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)",
				userID, hashSecret(normalRecoveryCode(c)), now); err != nil {
				return err
			}
		}
		return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecRecoveryCodes, UserID: userID})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL", userID).Scan(&n)
	return n, err
}

// useRecoveryCode spends one unused recovery code of a user with two-factor login on. The
// single UPDATE is the check, so two logins racing with one code cannot both pass.
func (s *Store) useRecoveryCode(ctx context.Context, userID int64, code string) error {
	code = normalRecoveryCode(code)
	if len(code) != 10 {
		return ErrBadCode
	}
	res, err := s.db.Exec(ctx, `UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL
		AND EXISTS (SELECT 1 FROM users WHERE id = ? AND totp_enabled = ?)`, s.clock(), userID, hashSecret(code), userID, true)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrBadCode
	}
	return s.LogSecurity(ctx, SecurityEntry{Kind: SecRecoveryCodeUsed, UserID: userID})
}

// CheckSecondFactor accepts either a TOTP code or one of the user's recovery codes, spending
// it; anything else is ErrBadCode.
func (s *Store) CheckSecondFactor(ctx context.Context, userID int64, code string) error {
	code = strings.TrimSpace(code)
	if len(code) == 6 && strings.Trim(code, "0123456789") == "" {
		return s.CheckTOTP(ctx, userID, code)
	}
	return s.useRecoveryCode(ctx, userID, code)
}
