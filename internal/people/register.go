package people

import (
	"context"
	"errors"
	"net/mail"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
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

// validate tidies in and records what is wrong with it in v.
func (in *Registration) validate(v *fielderr.Error) {
	in.Name = strings.Join(strings.Fields(in.Name), " ")
	in.Email = strings.TrimSpace(in.Email)
	in.Phone = strings.TrimSpace(in.Phone)
	in.Bio = strings.TrimSpace(in.Bio)
	if v.Required("name", in.Name) {
		v.MaxLen("name", in.Name, 120)
	}
	if v.Required("email", in.Email) {
		if addr, err := mail.ParseAddress(in.Email); err != nil || addr.Address != in.Email || len(in.Email) > fielderr.MaxEmail {
			v.Add("email", fielderr.InvalidEmail)
		}
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
	if v.Required("phone", in.Phone) && (digits < 10 || digits > 15) {
		v.AddProblem("phone", fielderr.Problem{Code: fielderr.InvalidPhone, Min: 10, Max: 15})
	}
	if v.Required("district", in.District) && in.District != OutsideAssam {
		v.OneOf("district", in.District, Districts...)
	}
	if len(in.Languages) == 0 {
		v.Add("languages", fielderr.Required)
	}
	for _, l := range in.Languages {
		v.OneOf("languages", l, "en", "as")
	}
	v.MaxLen("bio", in.Bio, 2000)
	if in.UILang != "as" {
		in.UILang = "en"
	}
	checkPassword(v, "password", in.Password, in.Email, in.Name)
}

// Register creates an unverified reporter account and a verification token and records
// Registered in the same transaction (the verification e-mail is queued there), so an account
// never exists without its mail or the other way round. Field problems come back as a
// *fielderr.Error (a weak password's under "password").
func (s *Store) Register(ctx context.Context, in Registration) (User, error) {
	var v fielderr.Error
	in.validate(&v)
	if err := v.OrNil(); err != nil {
		return User{}, err
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
			return fielderr.New("email", fielderr.AccountExists)
		}
		u.ID, err = tx.InsertID(ctx, `INSERT INTO users (email, name, password_hash, role, status, phone, district, languages, bio, ui_lang, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING`, u.Email, u.Name, hash, string(u.Role), u.Status, u.Phone, u.District,
			strings.Join(u.Languages, ","), u.Bio, u.UILang, now)
		if errors.Is(err, db.ErrNoRows) {
			// Another registration of the address committed after our check.
			return fielderr.New("email", fielderr.AccountExists)
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
