// Package people holds newsroom accounts: users, roles and passwords.
package people

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/secretbox"
	"github.com/batori-news/batori/internal/settings"
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

// maxPasswordLength bounds a password: hashing megabytes would be an easy denial of service.
const maxPasswordLength = 200

// Account states. A self-registered reporter goes unverified → pending (e-mail verified,
// waiting for an editor) → active, or → rejected; an admin may suspend an active account.
const (
	StatusUnverified = "unverified"
	StatusPending    = "pending"
	StatusActive     = "active"
	StatusRejected   = "rejected"
	StatusSuspended  = "suspended"
)

// User is a newsroom account.
type User struct {
	ID          int64
	Email       string
	Name        string
	Role        Role
	Status      string
	Phone       string
	District    string
	Languages   []string
	Bio         string
	UILang      string
	TOTPEnabled bool
	ReviewNote  string
	CreatedAt   time.Time
}

// Can reports whether the user holds one of roles (any role when none is given).
func (u User) Can(roles ...Role) bool {
	if len(roles) == 0 {
		return true
	}
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

// NewUser is what it takes to create an account.
type NewUser struct {
	Email    string
	Name     string
	Password string
	Role     Role
}

// Store reads and writes accounts, sessions and tokens.
type Store struct {
	db   *db.DB
	now  func() time.Time
	cost HashCost
	// box seals TOTP secrets; without one, two-factor login cannot be set up (ErrNoSecretBox).
	box *secretbox.Box
}

// NewStore returns an account store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d, now: time.Now, cost: DefaultHashCost} }

// WithHashCost returns a copy of the store hashing new passwords at cost (LightHashCost in tests).
func (s *Store) WithHashCost(c HashCost) *Store {
	cp := *s
	cp.cost = c
	return &cp
}

func (s *Store) hash(password string) (string, error) { return hashPassword(password, s.cost) }

// WithSecretBox returns a copy of the store that keeps TOTP secrets sealed by box.
func (s *Store) WithSecretBox(box *secretbox.Box) *Store {
	cp := *s
	cp.box = box
	return &cp
}

// WithClock returns a copy of the store that reads the time from now (tests expire tokens).
func (s *Store) WithClock(now func() time.Time) *Store {
	c := *s
	c.now = now
	return &c
}

func (s *Store) clock() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// ErrSetupDone is returned by CreateFirstAdmin once the site has an admin.
var ErrSetupDone = errors.New("this site already has an admin")

// Create adds an active account with a hashed password.
func (s *Store) Create(ctx context.Context, in NewUser) (User, error) {
	return s.create(ctx, in, false, "")
}

// CreateFirstAdmin creates the first admin of a new site, only while it has none and only with
// a live setup token (NewSetupToken), which it consumes with every other; the checks and the
// insert share one transaction so two racing set-ups cannot both succeed. ErrTokenInvalid for
// a missing, unknown or expired token.
func (s *Store) CreateFirstAdmin(ctx context.Context, token string, in NewUser) (User, error) {
	in.Role = Admin
	return s.create(ctx, in, true, token)
}

func (s *Store) create(ctx context.Context, in NewUser, onlyFirstAdmin bool, setupToken string) (User, error) {
	var v fielderr.Error
	email := strings.TrimSpace(in.Email)
	if v.Required("email", email) {
		if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email {
			v.Add("email", fielderr.InvalidEmail)
		}
	}
	email = strings.ToLower(email)
	name := strings.TrimSpace(in.Name)
	v.Required("name", name)
	checkPassword(&v, "password", in.Password, email, name)
	if _, ok := ParseRole(string(in.Role)); !ok {
		v.AddProblem("role", fielderr.Problem{Code: fielderr.NotAllowed, Allowed: []string{string(Reporter), string(Translator), string(Editor), string(Admin)}})
	}
	if err := v.OrNil(); err != nil {
		return User{}, err
	}
	hash, err := s.hash(in.Password)
	if err != nil {
		return User{}, err
	}
	u := User{Email: email, Name: name, Role: in.Role, Status: "active", CreatedAt: s.clock()}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if onlyFirstAdmin {
			// Two set-ups racing both see no admin; the second insert of this key waits for
			// the first transaction and then inserts nothing.
			added, err := settings.In(tx).Add(ctx, "setup_done", u.CreatedAt.Format(time.RFC3339))
			if err != nil {
				return err
			}
			if !added {
				return ErrSetupDone
			}
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE role = ?", string(Admin)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return ErrSetupDone
			}
			// The token is checked once this set-up holds the setup_done key, so racing set-ups
			// all end in ErrSetupDone but one.
			if err := checkSetupToken(ctx, tx, setupToken, u.CreatedAt); err != nil {
				return err
			}
			// Every setup link dies with the setup.
			if err := settings.In(tx).ReplacePrefix(ctx, setupTokenPrefix, nil); err != nil {
				return err
			}
		}
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email = ?", email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrEmailTaken
		}
		u.ID, err = tx.InsertID(ctx, "INSERT INTO users (email, name, password_hash, role, status, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING",
			u.Email, u.Name, hash, string(u.Role), u.Status, u.CreatedAt)
		if errors.Is(err, db.ErrNoRows) {
			return ErrEmailTaken
		}
		if err != nil || !onlyFirstAdmin {
			return err
		}
		return s.logSecurity(ctx, tx, SecurityEntry{Kind: SecSetup, UserID: u.ID, Email: u.Email})
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// Authenticate returns the account with email and password, or ErrBadCredentials without
// saying which of the two was wrong. A right password on an account that cannot log in yet
// returns ErrNotActive with the account, so the page can say why.
func (s *Store) Authenticate(ctx context.Context, email, password string) (User, error) {
	u, hash, err := s.byEmail(ctx, email)
	if errors.Is(err, ErrNotFound) {
		// Hash anyway so the time taken does not reveal whether the account exists.
		CheckPassword(dummyHash, password)
		return User{}, ErrBadCredentials
	}
	if err != nil {
		return User{}, err
	}
	ok, err := CheckPassword(hash, password)
	if err != nil || !ok {
		return User{}, ErrBadCredentials
	}
	if u.Status != StatusActive {
		return u, ErrNotActive
	}
	return u, nil
}

// ErrNotActive is returned for a right password on an account not (yet) allowed in.
var ErrNotActive = errors.New("account is not active")

// ErrNotFound is returned for an unknown account.
var ErrNotFound = errors.New("account not found")

const selectUser = `SELECT id, email, name, role, status, phone, district, languages, bio, ui_lang, totp_enabled, review_note, created_at, password_hash FROM users`

func scanUser(row interface{ Scan(...any) error }) (User, string, error) {
	var u User
	var langs, hash string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Status, &u.Phone, &u.District, &langs, &u.Bio, &u.UILang, &u.TOTPEnabled, &u.ReviewNote, &u.CreatedAt, &hash)
	if errors.Is(err, db.ErrNoRows) {
		return User{}, "", ErrNotFound
	}
	if langs != "" {
		u.Languages = strings.Split(langs, ",")
	}
	return u, hash, err
}

func (s *Store) byEmail(ctx context.Context, email string) (User, string, error) {
	return scanUser(s.db.QueryRow(ctx, selectUser+" WHERE email = ?", strings.ToLower(strings.TrimSpace(email))))
}

// Get returns the account with id.
func (s *Store) Get(ctx context.Context, id int64) (User, error) {
	u, _, err := scanUser(s.db.QueryRow(ctx, selectUser+" WHERE id = ?", id))
	return u, err
}

// CountAdmins counts active admin accounts; none means the site still needs its first-run setup.
func (s *Store) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE role = ? AND status = ?", string(Admin), StatusActive).Scan(&n)
	return n, err
}

// ErrBadCredentials is returned for a wrong e-mail or password alike.
var ErrBadCredentials = errors.New("wrong e-mail or password")

const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$1SG0eqtLGczfyFOmRH0jnqPoOO3IWhPGxnv2ocbqRDo"
