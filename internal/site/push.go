package site

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/web"
)

// Web push for readers (internal/push): the footer's prompt (layout.html, app.js) asks the
// browser for a subscription only when the reader presses its button, then sends it here with
// the languages and sections chosen. The service worker at /sw.js shows what arrives.

// pushRoutes are the reader's push endpoints; none while push is not set up.
func (s *Server) pushRoutes() []route {
	if s.push == nil {
		return nil
	}
	return []route{
		// The service worker's scope is its folder: it must live at the root.
		{"GET /sw.js", s.handle(s.serviceWorker)},
		{"GET /push/key", s.handle(s.pushKey)},
		{"POST /push/subscription", s.handle(s.pushSubscribe)},
		{"POST /push/unsubscribe", s.handle(s.pushUnsubscribe)},
	}
}

// pushPrompt is the footer's offer for pages of lang.
func pushPrompt(lang locale.Lang, sections []news.Section) *web.PushPrompt {
	p := &web.PushPrompt{Lang: lang}
	for _, l := range locale.Langs() {
		p.Langs = append(p.Langs, web.PushSection{Slug: string(l), Name: locale.New(l, nil, "").LangName(l)})
	}
	for _, sec := range sections {
		p.Sections = append(p.Sections, web.PushSection{Slug: sec.Slug, Name: sec.Name.In(lang)})
	}
	return p
}

func (s *Server) serviceWorker(w http.ResponseWriter, r *http.Request) error {
	if !s.assets.ServeAt(w, r, "sw.js") {
		return errNotFound
	}
	return nil
}

// pushKey gives the site's VAPID public key, which the browser's subscription is bound to.
func (s *Server) pushKey(w http.ResponseWriter, r *http.Request) error {
	k, err := s.push.Keys(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-cache")
	web.WriteJSON(w, http.StatusOK, map[string]string{"publicKey": k.Public})
	return nil
}

// pushRequest is what the prompt's script posts: PushSubscription.toJSON() and the choice.
type pushRequest struct {
	Endpoint string `json:"endpoint"`
	Keys     struct {
		P256dh string `json:"p256dh"`
		Auth   string `json:"auth"`
	} `json:"keys"`
	// Langs are "en" and "as"; Sections are section slugs, none for every section.
	Langs    []string `json:"langs"`
	Sections []string `json:"sections"`
}

// pushLimit bounds how many times one client may subscribe (or change its choice) in an
// hour: a reader needs a few, a script filling the table many.
var pushLimit = formguard.Limit{Max: 20, Window: time.Hour}

func (s *Server) pushSubscribe(w http.ResponseWriter, r *http.Request) error {
	if s.guard != nil {
		key, err := s.guard.ClientKey(r.Context(), s.clientAddr(r))
		if err != nil {
			return err
		}
		if err := s.guard.Allow(r.Context(), "push-subscribe", key, pushLimit); errors.Is(err, formguard.ErrLimited) {
			return web.ErrRateLimited
		} else if err != nil {
			return err
		}
	}
	var req pushRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10)).Decode(&req); err != nil {
		return web.ErrBadRequest
	}
	sections, err := s.news.Sections(r.Context())
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, sec := range sections {
		ids[sec.Slug] = sec.ID
	}
	sub := push.Subscription{Endpoint: req.Endpoint, P256dh: req.Keys.P256dh, Auth: req.Keys.Auth}
	for _, l := range req.Langs {
		lang, ok := locale.ParseLang(l)
		if !ok {
			return web.ErrBadRequest
		}
		if len(req.Sections) == 0 {
			sub.Topics = append(sub.Topics, push.Topic{Lang: lang})
		}
		for _, slug := range req.Sections {
			id, ok := ids[slug]
			if !ok {
				return web.ErrBadRequest
			}
			sub.Topics = append(sub.Topics, push.Topic{Lang: lang, SectionID: id})
		}
	}
	if err := s.push.Subscribe(r.Context(), sub); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	web.WriteJSON(w, http.StatusCreated, map[string]bool{"subscribed": true})
	return nil
}

func (s *Server) pushUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	var req struct {
		Endpoint string `json:"endpoint"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10)).Decode(&req); err != nil || req.Endpoint == "" {
		return web.ErrBadRequest
	}
	err := s.push.Unsubscribe(r.Context(), req.Endpoint)
	if errors.Is(err, push.ErrNotSubscribed) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	web.WriteJSON(w, http.StatusOK, map[string]bool{"subscribed": false})
	return nil
}
