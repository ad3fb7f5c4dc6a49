package people

import (
	"context"
	"errors"
	"net/mail"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/db"
)

// Districts of Assam offered at registration, plus OutsideAssam.
var Districts = []string{
	"Bajali", "Baksa", "Barpeta", "Biswanath", "Bongaigaon", "Cachar", "Charaideo", "Chirang", "Darrang",
	"Dhemaji", "Dhubri", "Dibrugarh", "Dima Hasao", "Goalpara", "Golaghat", "Hailakandi", "Hojai", "Jorhat",
	"Kamrup", "Kamrup Metropolitan", "Karbi Anglong", "Karimganj", "Kokrajhar", "Lakhimpur", "Majuli",
	"Morigaon", "Nagaon", "Nalbari", "Sivasagar", "Sonitpur", "South Salmara-Mankachar", "Tamulpur",
	"Tinsukia", "Udalguri", "West Karbi Anglong",
}

// OutsideAssam is the district choice of correspondents elsewhere.
const OutsideAssam = "Outside Assam"

// Registration is what a reporter fills in on the Reporter Registration page.
type Registration struct {
	Name      string
	Email     string
	Phone     string
	District  string
	Languages []string
	Bio       string
	Password  string
	UILang    string
}

// FieldErrors maps form fields to what is wrong with them.
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + f[k]
	}
	return "invalid: " + strings.Join(parts, "; ")
}

// Field-error codes; the HTTP layer turns them into messages in the reader's language.
const (
	ErrRequired     = "required"
	ErrInvalidEmail = "invalid_email"
	ErrEmailUsed    = "email_taken"
	ErrInvalidPhone = "invalid_phone"
	ErrUnknown      = "invalid_choice"
	ErrTooLong      = "too_long"
)

func (in *Registration) validate() (FieldErrors, string) {
	fe := FieldErrors{}
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	in.Email = strings.TrimSpace(in.Email)
	in.Phone = strings.TrimSpace(in.Phone)
	in.Bio = strings.TrimSpace(in.Bio)
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		fe["name"] = ErrRequired
	case n > 120:
		fe["name"] = ErrTooLong
	}
	if addr, err := mail.ParseAddress(in.Email); in.Email == "" {
		fe["email"] = ErrRequired
	} else if err != nil || addr.Address != in.Email || len(in.Email) > 254 {
		fe["email"] = ErrInvalidEmail
	}
	digits := 0
	for _, r := range in.Phone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-()", r):
		default:
			digits = -100
		}
	}
	if in.Phone == "" {
		fe["phone"] = ErrRequired
	} else if digits < 10 || digits > 15 {
		fe["phone"] = ErrInvalidPhone
	}
	if in.District == "" {
		fe["district"] = ErrRequired
	} else if in.District != OutsideAssam && !slices.Contains(Districts, in.District) {
		fe["district"] = ErrUnknown
	}
	if len(in.Languages) == 0 {
		fe["languages"] = ErrRequired
	}
	for _, l := range in.Languages {
		if l != "en" && l != "as" {
			fe["languages"] = ErrUnknown
		}
	}
	if utf8.RuneCountInString(in.Bio) > 2000 {
		fe["bio"] = ErrTooLong
	}
	if in.UILang != "as" {
		in.UILang = "en"
	}
	return fe, PasswordProblem(in.Password, in.Email, in.Name)
}

// Register creates an unverified reporter account and a verification token and records
// Registered in the same transaction (the verification e-mail is queued there), so an account
// never exists without its mail or the other way round. Field problems come back as FieldErrors (a weak
// password's explanation under "password").
func (s *Store) Register(ctx context.Context, in Registration) (User, error) {
	fe, weak := in.validate()
	if weak != "" {
		fe["password"] = weak
	}
	if len(fe) > 0 {
		return User{}, fe
	}
	hash, err := s.hash(in.Password)
	if err != nil {
		return User{}, err
	}
	now := s.clock()
	u := User{Email: strings.ToLower(in.Email), Name: in.Name, Role: Reporter, Status: StatusUnverified, Phone: in.Phone,
		District: in.District, Languages: in.Languages, Bio: in.Bio, UILang: in.UILang, CreatedAt: now}
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE email = ?", u.Email).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return FieldErrors{"email": ErrEmailUsed}
		}
		u.ID, err = tx.InsertID(ctx, `INSERT INTO users (email, name, password_hash, role, status, phone, district, languages, bio, ui_lang, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING`, u.Email, u.Name, hash, string(u.Role), u.Status, u.Phone, u.District,
			strings.Join(u.Languages, ","), u.Bio, u.UILang, now)
		if errors.Is(err, db.ErrNoRows) {
			// Another registration of the address committed after our check.
			return FieldErrors{"email": ErrEmailUsed}
		}
		if err != nil {
			return err
		}
		token, err := issueToken(ctx, tx, u.ID, PurposeVerifyEmail, 48*time.Hour, now)
		if err != nil {
			return err
		}
		tx.Record(Registered{User: u, Token: token})
		return nil
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

// VerifyEmail spends a verification token: the account now waits for an editor's approval
// (EmailVerified is recorded, to tell the editors).
func (s *Store) VerifyEmail(ctx context.Context, token string) (User, error) {
	var u User
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		now := s.clock()
		id, err := useToken(ctx, tx, token, PurposeVerifyEmail, now)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "UPDATE users SET email_verified_at = ?, status = ? WHERE id = ? AND status = ?", now, StatusPending, id, StatusUnverified); err != nil {
			return err
		}
		u, _, err = scanUser(tx.QueryRow(ctx, selectUser+" WHERE id = ?", id))
		if err != nil {
			return err
		}
		tx.Record(EmailVerified{User: u})
		return nil
	})
	return u, err
}

// ResendVerification issues a fresh verification token for an unverified account; for any
// other e-mail it does nothing and says nothing, so the form cannot probe for accounts.
func (s *Store) ResendVerification(ctx context.Context, email string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		u, _, err := scanUser(tx.QueryRow(ctx, selectUser+" WHERE email = ? AND status = ?", strings.ToLower(strings.TrimSpace(email)), StatusUnverified))
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		token, err := issueToken(ctx, tx, u.ID, PurposeVerifyEmail, 48*time.Hour, s.clock())
		if err != nil {
			return err
		}
		tx.Record(Registered{User: u, Token: token, Resent: true})
		return nil
	})
}
