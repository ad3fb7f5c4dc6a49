package site

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/fault"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/web"
)

// The morning digest's pages: the subscription form (/digest, /as/digest), "check your
// inbox", the confirmation page the mail links to (a button, so that mail scanners opening
// links confirm nothing), and the unsubscribe page (/digest/unsubscribe/{token}), whose POST
// is also RFC 8058's one-click unsubscribe that mail clients send. None of them is cached.

func digestURL(lang locale.Lang) string { return prefix(lang) + "/digest" }

// UnsubscribePath is where unsubscribe links lead, the token following; the app lets
// RFC 8058's one-click POST to it through the cross-origin protection.
const UnsubscribePath = "/digest/unsubscribe/"

// digestForm is the name formguard binds the form's tokens to.
const digestForm = "digest"

// digestTiming is how soon and how late the form may be sent: a person ticks a box or two.
var digestTiming = formguard.Timing{MinFill: 2 * time.Second, MaxAge: 2 * time.Hour}

// digestPage is the data of pages/digest.html; Step says which of its parts shows.
type digestPage struct {
	web.Page
	// Step is form, sent, confirm, confirmed, unsubscribe, unsubscribed or bad_link.
	Step   string
	Action string
	Email  string
	Token  string
	// Sections are the sections a reader may choose; Chosen marks those chosen.
	Sections []sectionOption
	Errors   map[string]string
	Alert    string
	// Lang names the digest's language on the confirmation and unsubscribe pages.
	Lang string
}

type sectionOption struct {
	ID     int64
	Name   string
	Chosen bool
}

func (s *Server) digestOn() bool { return s.digest != nil && s.guard != nil }

// renderDigest renders a step of the digest pages with the reader's page globals, never cached.
func (s *Server) renderDigest(w http.ResponseWriter, status int, data digestPage) error {
	w.Header().Set("Cache-Control", "no-store")
	data.Title = data.L.T("digest_title")
	data.NoIndex = true
	return s.templates.Render(w, status, "digest", data)
}

// digestFormPage shows the subscription form.
func (s *Server) digestFormPage(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	return s.showDigestForm(w, r, p, http.StatusOK, "", nil, nil, "")
}

func (s *Server) showDigestForm(w http.ResponseWriter, r *http.Request, p web.Page, status int, email string, chosen []int64, errs map[string]string, alert string) error {
	lang := p.L.Lang()
	token, err := s.guard.TokenFor(r.Context(), digestForm, s.clientAddr(r), s.now())
	if err != nil {
		return err
	}
	sections, err := s.news.Sections(r.Context())
	if err != nil {
		return err
	}
	data := digestPage{Page: p, Step: "form", Action: digestURL(lang), Email: email, Token: token, Errors: errs, Alert: alert}
	for _, sec := range sections {
		opt := sectionOption{ID: sec.ID, Name: sec.Name.In(lang)}
		for _, c := range chosen {
			opt.Chosen = opt.Chosen || c == sec.ID
		}
		data.Sections = append(data.Sections, opt)
	}
	s.sameInBoth(&data.Page, r, digestURL)
	data.Description = p.L.T("digest_intro", p.Site.Name)
	return s.renderDigest(w, status, data)
}

// subscribeDigest takes the form: honeypot, signed time, proof of work when editors want one,
// rate limits per client and per address (in digest.Store), then "check your inbox".
func (s *Server) subscribeDigest(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langOf(r)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	if err := web.CleanForm(r); err != nil {
		return err
	}
	sent := digestURL(lang) + "/sent"
	if formguard.Trapped(r.PostFormValue(formguard.TrapField)) {
		s.log.Info("digest subscription dropped: honeypot filled", "addr", s.clientAddr(r))
		http.Redirect(w, r, sent, http.StatusSeeOther)
		return nil
	}
	email := r.PostFormValue("email")
	var chosen []int64
	for _, v := range r.PostForm["section"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return errBadRequest
		}
		chosen = append(chosen, id)
	}
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	again := func(status int, errs map[string]string, alert string) error {
		return s.showDigestForm(w, r, p, status, email, chosen, errs, alert)
	}
	notSaved := func() error {
		w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
		return again(http.StatusServiceUnavailable, nil, p.L.T("form_err_not_saved"))
	}
	switch err := s.checkProof(r, r.PostFormValue(formguard.PowField)); {
	case errors.Is(err, errNoProof):
		return again(http.StatusUnprocessableEntity, nil, p.L.T("pow_err"))
	case fault.Is(err):
		return notSaved()
	case err != nil:
		return err
	}
	switch _, err := s.guard.Check(ctx, digestForm, r.PostFormValue("token"), s.clientAddr(r), digestTiming); {
	case errors.Is(err, formguard.ErrTooFast):
		return again(http.StatusUnprocessableEntity, nil, p.L.T("digest_err_too_fast"))
	case errors.Is(err, formguard.ErrExpired), errors.Is(err, formguard.ErrForged):
		return again(http.StatusUnprocessableEntity, nil, p.L.T("digest_err_expired"))
	case fault.Is(err):
		return notSaved()
	case err != nil:
		return err
	}
	err = s.digest.Subscribe(ctx, digest.Request{Email: email, Lang: lang, Sections: chosen, Client: s.clientAddr(r)})
	var limited *formguard.LimitError
	switch {
	case errors.As(err, new(*fielderr.Error)):
		return again(http.StatusUnprocessableEntity, fielderr.Messages(p.L, err), "")
	case errors.As(err, &limited):
		w.Header().Set("Retry-After", strconv.Itoa(int(limited.RetryAfter.Seconds())))
		return again(http.StatusTooManyRequests, nil, p.L.T("digest_err_limited"))
	case fault.Is(err):
		return notSaved()
	case err != nil:
		return err
	}
	http.Redirect(w, r, sent, http.StatusSeeOther)
	return nil
}

// digestSent says a confirmation mail is on its way (whatever the address's state: the page
// tells no one who subscribes).
func (s *Server) digestSent(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	data := digestPage{Page: p, Step: "sent"}
	s.sameInBoth(&data.Page, r, func(l locale.Lang) string { return digestURL(l) + "/sent" })
	return s.renderDigest(w, http.StatusOK, data)
}

// digestConfirmPage shows what the link confirms, with the button that confirms it.
func (s *Server) digestConfirmPage(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	token := r.URL.Query().Get("token")
	data := digestPage{Page: p, Step: "confirm", Action: digestURL(lang) + "/confirm", Token: token}
	sub, err := s.digest.Pending(r.Context(), token)
	if status, bad := s.digestLinkError(&data, err); bad {
		return s.renderDigest(w, status, data)
	} else if err != nil {
		return err
	}
	data.Email, data.Lang = sub.Email, p.L.LangName(sub.Lang)
	return s.renderDigest(w, http.StatusOK, data)
}

// confirmDigest uses up the confirmation token.
func (s *Server) confirmDigest(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	data := digestPage{Page: p, Step: "confirmed"}
	sub, err := s.digest.Confirm(r.Context(), r.PostFormValue("token"))
	if status, bad := s.digestLinkError(&data, err); bad {
		return s.renderDigest(w, status, data)
	} else if err != nil {
		return err
	}
	data.Email, data.Lang = sub.Email, p.L.LangName(sub.Lang)
	return s.renderDigest(w, http.StatusOK, data)
}

// digestLinkError turns a bad or expired link into its page.
func (s *Server) digestLinkError(data *digestPage, err error) (int, bool) {
	switch {
	case errors.Is(err, digest.ErrBadLink):
		data.Step, data.Alert = "bad_link", data.L.T("digest_err_bad_link")
		return http.StatusNotFound, true
	case errors.Is(err, digest.ErrExpired):
		data.Step, data.Alert = "bad_link", data.L.T("digest_err_link_expired")
		return http.StatusGone, true
	}
	return 0, false
}

// unsubscribePage shows, in the subscriber's language, the button that unsubscribes.
func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	sub, err := s.digest.ByUnsubscribeToken(r.Context(), token)
	lang := locale.English
	if err == nil {
		lang = sub.Lang
	}
	p, perr := s.page(w, r, lang)
	if perr != nil {
		return perr
	}
	data := digestPage{Page: p, Step: "unsubscribe", Action: UnsubscribePath + url.PathEscape(token)}
	if status, bad := s.digestLinkError(&data, err); bad {
		return s.renderDigest(w, status, data)
	} else if err != nil {
		return err
	}
	if sub.State != digest.Active && sub.State != digest.Pending {
		data.Step = "unsubscribed"
	}
	data.Email = sub.Email
	return s.renderDigest(w, http.StatusOK, data)
}

// unsubscribe ends the subscription: the page's button, and RFC 8058's one-click POST
// ("List-Unsubscribe=One-Click") that mail clients send without any page or cookie.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.digest.Unsubscribe(r.Context(), r.PathValue("token"))
	lang := locale.English
	if err == nil {
		lang = sub.Lang
	}
	p, perr := s.page(w, r, lang)
	if perr != nil {
		return perr
	}
	data := digestPage{Page: p, Step: "unsubscribed", Email: sub.Email}
	if status, bad := s.digestLinkError(&data, err); bad {
		return s.renderDigest(w, status, data)
	} else if err != nil {
		return err
	}
	return s.renderDigest(w, http.StatusOK, data)
}
