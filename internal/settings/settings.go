// Package settings keeps the site's own settings (name, contact details, time zone, digit
// style) in the database, where admins edit them.
package settings

import (
	"context"
	"net/mail"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// Site is the paper's identity and house style.
type Site struct {
	NameEN    string
	NameAS    string
	TaglineEN string
	TaglineAS string
	// Address is the postal address in English; AddressAS is the same in Assamese, shown on
	// Assamese pages (the English one when it is empty).
	Address   string
	AddressAS string
	Email     string
	Phone     string
	// TimeZone is the IANA zone times are shown in.
	TimeZone string
	// Digits is how Assamese pages write numbers and dates.
	Digits locale.DigitStyle
	// RequireStaff2FA makes editors and admins set up two-factor login before anything else.
	RequireStaff2FA bool
	// FeedFullText puts each story's whole text in the RSS and Atom feeds; off, feeds carry
	// the standfirst and readers follow the link for the rest.
	FeedFullText bool
	// Logo is the path of the masthead logo image (a media URL), empty for the built-in mark.
	Logo string
	// OfficeHoursEN and OfficeHoursAS say when the office answers, one line per line shown
	// on the Contact Us page.
	OfficeHoursEN string
	OfficeHoursAS string
	// EnquiryEmail is the desk told of each reader's enquiry; empty means Email.
	EnquiryEmail string
}

// Defaults are the settings of a new site.
func Defaults() Site {
	return Site{
		NameEN:   "Batori",
		NameAS:   "বাতৰি",
		TimeZone: "Asia/Kolkata",
		Digits:   locale.NativeDigits,
	}
}

// Name returns the site name in lang.
func (s Site) Name(lang locale.Lang) string {
	if lang == locale.Assamese && s.NameAS != "" {
		return s.NameAS
	}
	return s.NameEN
}

// Tagline returns the site's own tagline in lang, empty when the catalog's default applies.
func (s Site) Tagline(lang locale.Lang) string {
	if lang == locale.Assamese {
		return s.TaglineAS
	}
	return s.TaglineEN
}

// OfficeHours returns the office hours in lang, the English ones when lang has none.
func (s Site) OfficeHours(lang locale.Lang) string {
	return inLang(lang, s.OfficeHoursEN, s.OfficeHoursAS)
}

// AddressIn returns the postal address in lang, the English one when lang has none.
func (s Site) AddressIn(lang locale.Lang) string {
	return inLang(lang, s.Address, s.AddressAS)
}

// Localized is one reader-visible setting that has a value per language.
type Localized struct {
	Key    string
	EN, AS string
	// In is the value readers of a language see.
	In func(locale.Lang) string
}

// LocalizedSettings lists every reader-visible setting written per language, so that a test
// can hold each of them to showing the reader's language.
func (s Site) LocalizedSettings() []Localized {
	return []Localized{
		{Key: "site.name", EN: s.NameEN, AS: s.NameAS, In: s.Name},
		{Key: "site.tagline", EN: s.TaglineEN, AS: s.TaglineAS, In: s.Tagline},
		{Key: "site.address", EN: s.Address, AS: s.AddressAS, In: s.AddressIn},
		{Key: "site.office_hours", EN: s.OfficeHoursEN, AS: s.OfficeHoursAS, In: s.OfficeHours},
	}
}

// inLang picks a setting's value for lang: the Assamese one on Assamese pages unless it is
// empty, then the English one.
func inLang(lang locale.Lang, en, as string) string {
	if lang == locale.Assamese && as != "" {
		return as
	}
	return en
}

// EnquiryAddress is where the desk's notice of a reader's enquiry goes: EnquiryEmail, else
// the public Email, else "" (the enquiry then waits in the newsroom's inbox alone).
func (s Site) EnquiryAddress() string {
	if s.EnquiryEmail != "" {
		return s.EnquiryEmail
	}
	return s.Email
}

// Location returns the site's time zone.
func (s Site) Location() *time.Location {
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return time.FixedZone("IST", 5*3600+1800)
	}
	return loc
}

// Validate checks the settings an admin entered.
func (s Site) Validate() error {
	var v fielderr.Error
	v.Required("name_en", s.NameEN)
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" {
		v.Add("time_zone", fielderr.NotAllowed)
	}
	if _, ok := locale.ParseDigitStyle(string(s.Digits)); !ok {
		v.AddProblem("digits", fielderr.Problem{Code: fielderr.NotAllowed, Allowed: []string{string(locale.NativeDigits), string(locale.LatinDigits)}})
	}
	if a, err := mail.ParseAddress(s.EnquiryEmail); s.EnquiryEmail != "" && (err != nil || a.Address != s.EnquiryEmail) {
		v.Add("enquiry_email", fielderr.InvalidEmail)
	}
	return v.OrNil()
}

func (s *Site) fields() map[string]*string {
	return map[string]*string{
		"site.name_en": &s.NameEN, "site.name_as": &s.NameAS,
		"site.tagline_en": &s.TaglineEN, "site.tagline_as": &s.TaglineAS,
		"site.address": &s.Address, "site.address_as": &s.AddressAS, "site.email": &s.Email, "site.phone": &s.Phone,
		"site.time_zone": &s.TimeZone, "site.digits": (*string)(&s.Digits), "site.logo": &s.Logo,
		"site.office_hours_en": &s.OfficeHoursEN, "site.office_hours_as": &s.OfficeHoursAS, "site.enquiry_email": &s.EnquiryEmail,
	}
}

const (
	requireStaff2FA = "site.require_staff_2fa"
	feedFullText    = "site.feed_full_text"
)

// Store reads and writes settings.
type Store struct{ db *db.DB }

// NewStore returns a settings store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Site returns the stored settings over the defaults.
func (st *Store) Site(ctx context.Context) (Site, error) { return siteFrom(ctx, st.db) }

// SiteTx is Site read inside tx: work done in a transaction must not wait for a second
// connection, which a busy pool may never give it.
func (st *Store) SiteTx(ctx context.Context, tx *db.Tx) (Site, error) { return siteFrom(ctx, tx) }

func siteFrom(ctx context.Context, q runner) (Site, error) {
	s := Defaults()
	stored, err := withPrefix(ctx, q, "site.")
	if err != nil {
		return s, err
	}
	for k, p := range s.fields() {
		if v, ok := stored[k]; ok {
			*p = v
		}
	}
	s.RequireStaff2FA = stored[requireStaff2FA] == "true"
	s.FeedFullText = stored[feedFullText] == "true"
	return s, nil
}

// SaveSite stores every site setting in one transaction.
func (st *Store) SaveSite(ctx context.Context, s Site) error {
	if err := s.Validate(); err != nil {
		return err
	}
	return st.db.InTx(ctx, func(tx *db.Tx) error {
		values := map[string]string{requireStaff2FA: strconv.FormatBool(s.RequireStaff2FA), feedFullText: strconv.FormatBool(s.FeedFullText)}
		for k, p := range s.fields() {
			values[k] = *p
		}
		t := In(tx)
		for k, v := range values {
			if err := t.Set(ctx, k, v); err != nil {
				return err
			}
		}
		tx.Record(Changed{})
		return nil
	})
}
