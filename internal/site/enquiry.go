package site

import (
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/fault"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/web"
)

// EnquiryDeps are the parts the Enquiry form needs beyond the reader site's own. The form is
// served only when Store is set; the mails an enquiry calls for are queued by the application
// on the store's events.
type EnquiryDeps struct {
	Store *enquiries.Store
	// ClientAddr names the client a submission is rate limited by; nil takes the address
	// of the connection. Set it only where a trusted proxy in front says who the client is.
	ClientAddr func(r *http.Request) string
}

// enquiryPage is the data of pages/enquiry.html.
type enquiryPage struct {
	web.Page
	// Action is where the form posts: /enquiry or /as/enquiry.
	Action string
	Form   enquiryForm
	Kinds  []kindOption
	// Errors holds a message per field that needs fixing.
	Errors map[string]string
	// Alert is a message about the whole form (expired, sent too quickly, rate limited).
	Alert string
	// HadFile says the reader had chosen a file, which browsers drop when a form comes back.
	HadFile   bool
	MaxFileMB int
}

// enquiryForm is the reader's input, kept when the form comes back with messages.
type enquiryForm struct {
	Type    string
	Name    string
	Email   string
	Phone   string
	Message string
	// Token is the signed time and one-time key the form was issued with.
	Token string
}

// enquirySentPage is the data of pages/enquiry_sent.html.
type enquirySentPage struct {
	web.Page
	// Reference is empty on the generic thanks (no enquiry key in the address).
	Reference  string
	Kind       string
	EnquiryURL string
}

func (s *Server) enquiriesOn() bool { return s.enquiry.Store != nil }

// enquiryForm shows an empty form; ?type= chooses the kind of enquiry.
func (s *Server) enquiryForm(w http.ResponseWriter, r *http.Request) error {
	p, err := s.page(w, r, langOf(r))
	if err != nil {
		return err
	}
	var f enquiryForm
	if k, ok := enquiries.ParseKind(r.URL.Query().Get("type")); ok {
		f.Type = string(k)
	}
	return s.renderEnquiry(w, r, p, http.StatusOK, f, nil, "", false)
}

func (s *Server) renderEnquiry(w http.ResponseWriter, r *http.Request, p web.Page, status int, f enquiryForm, errs map[string]string, alert string, hadFile bool) error {
	if f.Token == "" {
		token, err := s.enquiry.Store.NewFormToken(r.Context(), s.clientAddr(r), s.now())
		if err != nil {
			return err
		}
		f.Token = token
	}
	lang := p.L.Lang()
	data := enquiryPage{
		Page: p, Action: enquiryURL(lang), Form: f, Kinds: kindOptions(p.L, lang), Errors: errs, Alert: alert,
		HadFile: hadFile, MaxFileMB: enquiries.MaxAttachmentBytes >> 20,
	}
	data.Title = p.L.T("enquiry_title")
	data.Description = p.L.T("enquiry_description", p.Site.Name)
	data.Canonical = s.absolute(r, enquiryURL(lang))
	s.sameInBoth(&data.Page, r, enquiryURL)
	if f.Type != "" {
		data.OtherHome.URL += "?type=" + url.QueryEscape(f.Type)
	}
	// The form's token is one reader's: no cache may keep the page.
	w.Header().Set("Cache-Control", "no-store")
	return s.templates.Render(w, status, "enquiry", data)
}

// submitEnquiry stores a reader's enquiry, with their acknowledgement and the desk's notice,
// before answering; then it sends the browser to the acknowledgement (POST-redirect-GET).
// The same form sent again lands on the same acknowledgement.
func (s *Server) submitEnquiry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langOf(r)
	if r.ContentLength > enquiries.MaxFormBytes {
		return &http.MaxBytesError{Limit: enquiries.MaxFormBytes}
	}
	r.Body = http.MaxBytesReader(w, r.Body, enquiries.MaxFormBytes)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return err
		}
		return errBadRequest
	}
	if err := web.CleanForm(r); err != nil {
		return err
	}
	f := enquiryForm{
		Type: r.PostFormValue("type"), Name: r.PostFormValue("name"), Email: r.PostFormValue("email"),
		Phone: r.PostFormValue("phone"), Message: r.PostFormValue("message"), Token: r.PostFormValue("token"),
	}
	if formguard.Trapped(r.PostFormValue(formguard.TrapField)) {
		// Only bots fill the hidden field; they are thanked and nothing is kept.
		s.log.Info("enquiry dropped: honeypot filled", "addr", s.clientAddr(r))
		http.Redirect(w, r, enquiryURL(lang)+"/sent", http.StatusSeeOther)
		return nil
	}
	file, err := readAttachment(r)
	if err != nil {
		return err
	}
	// notSaved gives the reader their form back, text kept, saying nothing was stored and
	// when to send it again (and that a chosen file must be chosen again, which browsers do
	// not keep): the storage failed, not they.
	notSaved := func(p web.Page) error {
		w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
		alert := p.L.T("form_err_not_saved")
		if file != nil {
			alert += " " + p.L.T("enquiry_file_again")
		}
		return s.renderEnquiry(w, r, p, http.StatusServiceUnavailable, f, nil, alert, file != nil)
	}
	p, err := s.page(w, r, lang)
	if fault.Is(err) && f.Token != "" {
		return notSaved(s.bareGlobals(r, lang))
	} else if err != nil {
		return err
	}
	switch err := s.checkProof(r, r.PostFormValue(formguard.PowField)); {
	case errors.Is(err, errNoProof):
		return s.renderEnquiry(w, r, p, http.StatusUnprocessableEntity, f, nil, p.L.T("pow_err"), file != nil)
	case fault.Is(err):
		return notSaved(p)
	case err != nil:
		return err
	}
	key, err := s.enquiry.Store.CheckFormToken(ctx, f.Token, s.clientAddr(r))
	switch {
	case fault.Is(err):
		return notSaved(p)
	case errors.Is(err, enquiries.ErrFormTooFast):
		// The same token works once the reader has had a moment.
		return s.renderEnquiry(w, r, p, http.StatusUnprocessableEntity, f, nil, p.L.T("enquiry_error_too_fast"), file != nil)
	case errors.Is(err, enquiries.ErrFormExpired), errors.Is(err, enquiries.ErrFormInvalid):
		f.Token = ""
		msg := p.L.T("enquiry_error_expired")
		if errors.Is(err, enquiries.ErrFormInvalid) {
			msg = p.L.T("enquiry_error_invalid_form")
		}
		return s.renderEnquiry(w, r, p, http.StatusUnprocessableEntity, f, nil, msg, file != nil)
	case err != nil:
		return err
	}
	in := enquiries.NewEnquiry{
		Key: key, Kind: f.Type, Lang: lang, Name: f.Name, Email: f.Email, Phone: f.Phone, Message: f.Message,
		ClientAddr: s.clientAddr(r), File: file,
	}
	_, _, err = s.enquiry.Store.Submit(ctx, in)
	var limited *enquiries.RateLimitError
	switch {
	case errors.As(err, new(*fielderr.Error)):
		return s.renderEnquiry(w, r, p, http.StatusUnprocessableEntity, f, fielderr.Messages(p.L, err), "", file != nil)
	case errors.As(err, &limited):
		minutes := int64((limited.RetryAfter + time.Minute - 1) / time.Minute)
		w.Header().Set("Retry-After", strconv.Itoa(int(limited.RetryAfter.Seconds())))
		return s.renderEnquiry(w, r, p, http.StatusTooManyRequests, f, nil, p.L.TCount("enquiry_error_rate_limited", minutes), file != nil)
	case fault.Is(err):
		return notSaved(p)
	case err != nil:
		return err
	}
	http.Redirect(w, r, enquiryURL(lang)+"/sent?key="+url.QueryEscape(key), http.StatusSeeOther)
	return nil
}

// readAttachment returns the file the reader chose, nil when none. A file over the limit
// comes back marked TooLarge with what was read, so the form can say so.
func readAttachment(r *http.Request) (*enquiries.Upload, error) {
	if r.MultipartForm == nil || len(r.MultipartForm.File["attachment"]) == 0 {
		return nil, nil
	}
	fh := r.MultipartForm.File["attachment"][0]
	if fh.Size > enquiries.MaxAttachmentBytes {
		return &enquiries.Upload{Name: fh.Filename, TooLarge: true}, nil
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, enquiries.MaxAttachmentBytes+1))
	if err != nil {
		return nil, err
	}
	return &enquiries.Upload{Name: fh.Filename, Data: data, TooLarge: len(data) > enquiries.MaxAttachmentBytes}, nil
}

// clientAddr is who the rate limits count a submission against.
func (s *Server) clientAddr(r *http.Request) string {
	if s.enquiry.ClientAddr != nil {
		return s.enquiry.ClientAddr(r)
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// enquirySent acknowledges a stored enquiry with its reference; the key in the address is
// the form's one-time key, known only to the reader who sent it.
func (s *Server) enquirySent(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	data := enquirySentPage{Page: p, EnquiryURL: enquiryURL(lang)}
	// The same acknowledgement in the other language.
	data.OtherHome.URL = enquiryURL(lang.Other()) + "/sent"
	if key := r.URL.Query().Get("key"); key != "" {
		data.OtherHome.URL += "?key=" + url.QueryEscape(key)
		e, err := s.enquiry.Store.ByKey(r.Context(), key)
		if errors.Is(err, enquiries.ErrNotFound) {
			return errNotFound
		}
		if err != nil {
			return err
		}
		data.Reference = e.Reference
		data.Kind = p.L.T("enquiry_kind_" + string(e.Kind))
	}
	data.Title = p.L.T("enquiry_sent_title")
	data.Canonical = s.absolute(r, enquiryURL(lang)+"/sent")
	data.NoIndex = true
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	// The address carries the form's key; it goes nowhere else.
	h.Set("Referrer-Policy", "no-referrer")
	return s.templates.Render(w, http.StatusOK, "enquiry_sent", data)
}
