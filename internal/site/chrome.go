package site

import (
	"strconv"

	"github.com/batori-news/batori/internal/web"
)

// keepChrome gives p the layout's header and footer pieces from the kept HTML (cardHTML): they
// are the same on every page of a language but for the date, the section the page is in and
// the year, and rendering them was a fifth of a fresh article's time. Each piece is kept under
// a key made of everything it prints, as cards are, so a changed setting, section or footer
// link makes another key and nothing kept is shown stale; the message catalogs are compiled
// in, so the language stands for every message a piece prints. Call it once p is complete;
// without kept HTML (no generation) the layout renders the pieces itself.
func (s *Server) keepChrome(p *web.Page) error {
	if s.cardHTML.gen == nil || p.L == nil {
		return nil
	}
	page := func() any { return *p }
	var c web.Chrome
	var err error
	if c.Top, err = s.keptPart("masthead-top", topKey(s.cardHTML.key(), p), page); err != nil {
		return err
	}
	if c.Brand, err = s.keptPart("masthead-brand", brandKey(s.cardHTML.key(), p), page); err != nil {
		return err
	}
	if c.Nav, err = s.keptPart("site-nav", navKey(s.cardHTML.key(), p), page); err != nil {
		return err
	}
	if c.Foot, err = s.keptPart("site-foot", footKey(s.cardHTML.key(), p), page); err != nil {
		return err
	}
	p.Chrome = &c
	return nil
}

// topKey is what "masthead-top" prints: the skip link, the date and the contact link.
func topKey(k keyOf, p *web.Page) keyOf {
	k.add("masthead-top", p.L.HTMLLang(), p.L.FullDate(p.Now), p.HomeURL)
	return k
}

// brandKey is what "masthead-brand" prints: the paper's name, logo and tagline, and the
// search form.
func brandKey(k keyOf, p *web.Page) keyOf {
	k.add("masthead-brand", p.L.HTMLLang(), p.HomeURL, p.Site.Logo, p.Site.Name, p.Site.Tagline)
	return k
}

// navKey is what "site-nav" prints: the section menu with the page's section marked.
func navKey(k keyOf, p *web.Page) keyOf {
	k.add("site-nav", p.L.HTMLLang(), strconv.Itoa(len(p.Nav)))
	for _, n := range p.Nav {
		k.add(n.Name, n.URL, strconv.FormatBool(n.Active))
	}
	return k
}

// footKey is what "site-foot" prints: the paper's details, the sections, the offer of
// notifications, the footer links and the year.
func footKey(k keyOf, p *web.Page) keyOf {
	site := p.Site
	k.add("site-foot", p.L.HTMLLang(), p.HomeURL, site.Name, site.Address, site.Email, site.Phone,
		p.L.Year(p.Now), strconv.Itoa(len(p.Nav)))
	for _, n := range p.Nav {
		k.add(n.Name, n.URL)
	}
	k.add(strconv.Itoa(len(site.Links)))
	for _, n := range site.Links {
		k.add(n.Name, n.URL)
	}
	if push := p.Push; push != nil {
		k.add("push", string(push.Lang), strconv.Itoa(len(push.Langs)))
		for _, l := range push.Langs {
			k.add(l.Slug, l.Name)
		}
		k.add(strconv.Itoa(len(push.Sections)))
		for _, sec := range push.Sections {
			k.add(sec.Slug, sec.Name)
		}
	}
	return k
}
