package newsroom

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/settings"
)

// settingsPage is the data of newsroom/pages/settings.html.
type settingsPage struct {
	page
	Form  settings.Site
	Error string
	Zones []string
}

// Zones offered in the settings form; the newsroom of an Indian daily rarely needs more.
var zones = []string{"Asia/Kolkata", "Asia/Dhaka", "Asia/Kathmandu", "Asia/Thimphu", "Asia/Dubai", "Europe/London", "UTC"}

func (s *Server) settingsForm(w http.ResponseWriter, r *http.Request) error {
	site, err := s.settings.Site(r.Context())
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_settings_title")
	return s.templates.Render(w, http.StatusOK, "settings", settingsPage{page: p, Form: site, Zones: zones})
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) error {
	current, err := s.settings.Site(r.Context())
	if err != nil {
		return err
	}
	f := settings.Site{
		Logo:   current.Logo,
		NameEN: strings.TrimSpace(r.PostFormValue("name_en")), NameAS: locale.Normalize(strings.TrimSpace(r.PostFormValue("name_as"))),
		TaglineEN: strings.TrimSpace(r.PostFormValue("tagline_en")), TaglineAS: locale.Normalize(strings.TrimSpace(r.PostFormValue("tagline_as"))),
		Address: strings.TrimSpace(r.PostFormValue("address")), AddressAS: locale.Normalize(strings.TrimSpace(r.PostFormValue("address_as"))), Email: strings.TrimSpace(r.PostFormValue("email")),
		Phone: strings.TrimSpace(r.PostFormValue("phone")), TimeZone: r.PostFormValue("time_zone"),
		Digits: locale.DigitStyle(r.PostFormValue("digits")), RequireStaff2FA: r.PostFormValue("require_staff_2fa") == "on",
		FeedFullText:  r.PostFormValue("feed_full_text") == "on",
		OfficeHoursEN: strings.TrimSpace(r.PostFormValue("office_hours_en")), OfficeHoursAS: locale.Normalize(strings.TrimSpace(r.PostFormValue("office_hours_as"))),
		EnquiryEmail: strings.TrimSpace(r.PostFormValue("enquiry_email")),
	}
	if err := s.settings.SaveSite(r.Context(), f); err != nil {
		if _, invalid := fielderr.As(err); !invalid {
			return err
		}
		p := s.page(w, r, "")
		p.Title = p.L.T("nr_settings_title")
		return s.templates.Render(w, http.StatusUnprocessableEntity, "settings", settingsPage{page: p, Form: f, Zones: zones, Error: p.L.T("nr_settings_invalid")})
	}
	return s.redirect(w, r, "/newsroom/settings", "flash_settings_saved")
}

// outboxPage is the data of newsroom/pages/outbox.html: the mail the site has sent or will
// send, readable by admins when no SMTP server is configured.
type outboxPage struct {
	page
	Status string
	Items  []mail.Item
	Total  int
	Page   int
	Next   string
	Prev   string
}

func (s *Server) outboxPage(w http.ResponseWriter, r *http.Request) error {
	status := r.URL.Query().Get("status")
	switch status {
	case "", mail.StatusQueued, mail.StatusSent, mail.StatusFailed:
	default:
		return errNotFound
	}
	n := 1
	if v := r.URL.Query().Get("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return errNotFound
		}
	}
	const per = 50
	items, total, err := s.outbox.List(r.Context(), mail.ListFilter{Status: status, Limit: per, Offset: (n - 1) * per})
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_outbox_title")
	data := outboxPage{page: p, Status: status, Items: items, Total: total, Page: n}
	if n > 1 {
		data.Prev = withQuery(r.URL, "page", strconv.Itoa(n-1))
	}
	if n*per < total {
		data.Next = withQuery(r.URL, "page", strconv.Itoa(n+1))
	}
	return s.templates.Render(w, http.StatusOK, "outbox", data)
}
