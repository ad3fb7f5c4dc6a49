package site

import (
	"net/http"
	"strings"

	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

func contactURL(lang locale.Lang) string { return prefix(lang) + "/contact" }
func enquiryURL(lang locale.Lang) string { return prefix(lang) + "/enquiry" }

// contactLinks are the site chrome's links to Contact Us and, when the form is served, the
// Enquiry form.
func (s *Server) contactLinks(l *locale.Locale, lang locale.Lang) []web.NavLink {
	links := []web.NavLink{{Name: l.T("contact_us"), URL: contactURL(lang)}}
	if s.enquiriesOn() {
		links = append(links, web.NavLink{Name: l.T("enquiry_link"), URL: enquiryURL(lang)})
	}
	if s.digestOn() {
		links = append(links, web.NavLink{Name: l.T("digest_link"), URL: digestURL(lang)})
	}
	return links
}

// contactPage is the data of pages/contact.html.
type contactPage struct {
	web.Page
	// Hours are the office hours, a line each; none when the site has not set them.
	Hours []string
	// EnquiryURL is the Enquiry form, empty when it is not served; Kinds link to it with
	// each kind chosen.
	EnquiryURL string
	Kinds      []kindOption
}

// kindOption is an enquiry kind as the pages offer it.
type kindOption struct {
	Value string
	Name  string
	Hint  string
	URL   string
}

func kindOptions(l *locale.Locale, lang locale.Lang) []kindOption {
	out := make([]kindOption, len(enquiries.Kinds))
	for i, k := range enquiries.Kinds {
		out[i] = kindOption{
			Value: string(k), Name: l.T("enquiry_kind_" + string(k)), Hint: l.T("enquiry_kind_" + string(k) + "_hint"),
			URL: enquiryURL(lang) + "?type=" + string(k),
		}
	}
	return out
}

// contact shows the paper's address, e-mail, phone and office hours from the site settings,
// and the way to the Enquiry form.
func (s *Server) contact(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	site, err := s.siteSettings(r.Context())
	if err != nil {
		return err
	}
	data := contactPage{Page: p, Hours: lines(site.OfficeHours(lang))}
	if s.enquiriesOn() {
		data.EnquiryURL = enquiryURL(lang)
		data.Kinds = kindOptions(p.L, lang)
	}
	data.Title = p.L.T("contact_title")
	data.Description = p.L.T("contact_description", p.Site.Name)
	s.sameInBoth(&data.Page, r, contactURL)
	return s.templates.Render(w, http.StatusOK, "contact", data)
}

// lines splits text an admin typed into its non-empty lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
