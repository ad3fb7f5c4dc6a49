// Package people holds newsroom accounts: users, roles and passwords.
package people

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/db"
)

// Role is what an account may do in the newsroom.
type Role string

// The newsroom roles, from least to most powerful.
const (
	Reporter   Role = "reporter"
	Translator Role = "translator"
	Editor     Role = "editor"
	Admin      Role = "admin"
)

// ParseRole returns the role named s.
func ParseRole(s string) (Role, bool) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case Reporter, Translator, Editor, Admin:
		return r, true
	}
	return "", false
}

// ErrEmailTaken is returned when an account with the e-mail already exists.
var ErrEmailTaken = errors.New("an account with this e-mail already exists")

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// User is a newsroom account.
type User struct {
	ID        int64
	Email     string
	Name      string
	Role      Role
	Status    string
	CreatedAt time.Time
}

// NewUser is what it takes to create an account.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Role     Role
}

// Store reads and writes accounts.
type Store struct{ db *db.DB }

// NewStore returns an account store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Create adds an active account with a hashed password.
func (s *Store) Create(ctx context.Context, in NewUser) (User, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(in.Email))
	if err != nil || addr.Address != strings.TrimSpace(in.Email) {
		return User{}, fmt.Errorf("e-mail %q is not a valid address", in.Email)
	}
	email := strings.ToLower(addr.Address)
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return User{}, errors.New("name is required")
	}
	if utf8.RuneCountInString(in.Password) < MinPasswordLength {
		return User{}, fmt.Errorf("password must be at least %d characters", MinPasswordLength)
	}
	if _, ok := ParseRole(string(in.Role)); !ok {
		return User{}, fmt.Errorf("unknown role %q (reporter, translator, editor, admin)", in.Role)
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return User{}, err
	}
	u := User{Email: email, Name: name, Role: in.Role, Status: "active", CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email = ?", email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrEmailTaken
		}
		u.ID, err = tx.InsertID(ctx, "INSERT INTO users (email, name, password_hash, role, status, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			u.Email, u.Name, hash, string(u.Role), u.Status, u.CreatedAt)
		return err
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// Authenticate returns the active account with email and password, or an error that does not
// say which of the two was wrong.
func (s *Store) Authenticate(ctx context.Context, email, password string) (User, error) {
	var u User
	var hash string
	err := s.db.QueryRow(ctx, "SELECT id, email, name, role, status, created_at, password_hash FROM users WHERE email = ?",
		strings.ToLower(strings.TrimSpace(email))).Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Status, &u.CreatedAt, &hash)
	if errors.Is(err, db.ErrNoRows) {
		// Hash anyway so the time taken does not reveal whether the account exists.
		CheckPassword(dummyHash, password)
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, err
	}
	ok, err := CheckPassword(hash, password)
	if err != nil || !ok || u.Status != "active" {
		return User{}, ErrBadCredentials
	}
	return u, nil
}

// ErrBadCredentials is returned for a wrong e-mail or password alike.
var ErrBadCredentials = errors.New("wrong e-mail or password")

const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$1SG0eqtLGczfyFOmRH0jnqPoOO3IWhPGxnv2ocbqRDo"
