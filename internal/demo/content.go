// Package demo holds the demo newspaper that `batori seed` loads into an empty site: sections,
// authors, tags and bilingual stories, with illustrations and author portraits made ahead by
// scripts/demo-pictures.
// Everything here is fictional and was written for Batori.
package demo

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

//go:embed content.json
var contentJSON []byte

// Content is the demo newspaper: sections, authors, tags and stories.
type Content struct {
	Sections []Section `json:"sections"`
	Authors  []Author  `json:"authors"`
	Tags     []Tag     `json:"tags"`
	Stories  []Story   `json:"stories"`
}

// Section is a section of the paper, such as Assam or Sports.
type Section struct {
	Slug   string `json:"slug"`
	NameEN string `json:"name_en"`
	NameAS string `json:"name_as"`
}

// Author is a fictional staff reporter or district correspondent.
type Author struct {
	Slug   string `json:"slug"`
	NameEN string `json:"name_en"`
	NameAS string `json:"name_as"`
	BioEN  string `json:"bio_en"`
	BioAS  string `json:"bio_as"`
}

// Tag is a topic that stories can be filed under.
type Tag struct {
	Slug   string `json:"slug"`
	NameEN string `json:"name_en"`
	NameAS string `json:"name_as"`
}

// Story is one news story with an English edition and, for some, an Assamese one.
type Story struct {
	Section string   `json:"section"` // section slug
	Tags    []string `json:"tags"`    // tag slugs
	Authors []string `json:"authors"` // author slugs, one or two
	// HoursAgo is how many hours before the moment the demo is loaded the story was published.
	HoursAgo int `json:"hours_ago"`
	// UpdatedHoursAgo is 0 for a story never updated; otherwise it is less than HoursAgo.
	UpdatedHoursAgo int      `json:"updated_hours_ago"`
	Featured        bool     `json:"featured"` // a lead-story candidate
	Image           *Image   `json:"image"`    // nil for a story without a picture
	EN              *Edition `json:"en"`       // English edition; every story has one
	AS              *Edition `json:"as"`       // Assamese edition, nil when there is none
}

// Image describes a story's picture. scripts/demo-pictures draws it from Scene and Seed into
// the folder Dir names.
type Image struct {
	Scene     string `json:"scene"`
	Seed      int64  `json:"seed"`
	AltEN     string `json:"alt_en"`
	AltAS     string `json:"alt_as"`
	CaptionEN string `json:"caption_en"`
	CaptionAS string `json:"caption_as"`
	Credit    string `json:"credit"`
	CreditAS  string `json:"credit_as"`
}

// Edition is one language's text of a story. Body is HTML using only <p>, <h2>,
// <blockquote>, <ul>, <li>, <strong>, <em> and <a href="https://...">.
type Edition struct {
	Headline   string `json:"headline"`
	Standfirst string `json:"standfirst"`
	Body       string `json:"body"`
}

// bengaliRa is the Bengali letter ra, which Assamese text must never contain: Assamese
// writes ৰ (U+09F0) instead.
const bengaliRa = '\u09B0'

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Load parses the embedded demo content and checks that it hangs together: slugs are
// unique and well formed, every reference resolves, required text is present, and no
// Assamese text contains the Bengali letter র.
func Load() (*Content, error) {
	dec := json.NewDecoder(bytes.NewReader(contentJSON))
	dec.DisallowUnknownFields()
	var c Content
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("demo: parse content.json: %w", err)
	}
	if err := c.validate(); err != nil {
		return nil, fmt.Errorf("demo: content.json: %w", err)
	}
	return &c, nil
}

func (c *Content) validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	required := func(where, field, v string) {
		if strings.TrimSpace(v) == "" {
			bad("%s: %s is empty", where, field)
		}
	}
	assamese := func(where, field, v string) {
		required(where, field, v)
		if strings.ContainsRune(v, bengaliRa) {
			bad("%s: %s contains Bengali র (U+09B0); Assamese uses ৰ (U+09F0)", where, field)
		}
	}
	slugs := func(kind string, list []string) map[string]bool {
		seen := make(map[string]bool, len(list))
		for i, s := range list {
			if !slugPattern.MatchString(s) {
				bad("%s %d: bad slug %q", kind, i, s)
			}
			if seen[s] {
				bad("%s %d: duplicate slug %q", kind, i, s)
			}
			seen[s] = true
		}
		return seen
	}

	var names []string
	for _, s := range c.Sections {
		names = append(names, s.Slug)
	}
	sections := slugs("section", names)
	for _, s := range c.Sections {
		where := "section " + s.Slug
		required(where, "name_en", s.NameEN)
		assamese(where, "name_as", s.NameAS)
	}

	names = names[:0]
	for _, a := range c.Authors {
		names = append(names, a.Slug)
	}
	authors := slugs("author", names)
	for _, a := range c.Authors {
		where := "author " + a.Slug
		required(where, "name_en", a.NameEN)
		required(where, "bio_en", a.BioEN)
		assamese(where, "name_as", a.NameAS)
		assamese(where, "bio_as", a.BioAS)
	}

	names = names[:0]
	for _, t := range c.Tags {
		names = append(names, t.Slug)
	}
	tags := slugs("tag", names)
	for _, t := range c.Tags {
		where := "tag " + t.Slug
		required(where, "name_en", t.NameEN)
		assamese(where, "name_as", t.NameAS)
	}

	headlines := make(map[string]bool)
	for i, s := range c.Stories {
		where := fmt.Sprintf("story %d", i)
		if s.EN != nil {
			where = fmt.Sprintf("story %d (%q)", i, s.EN.Headline)
		}
		if !sections[s.Section] {
			bad("%s: unknown section %q", where, s.Section)
		}
		for j, t := range s.Tags {
			if !tags[t] {
				bad("%s: unknown tag %q", where, t)
			}
			if slices.Contains(s.Tags[:j], t) {
				bad("%s: tag %q listed twice", where, t)
			}
		}
		if len(s.Authors) < 1 || len(s.Authors) > 2 {
			bad("%s: has %d authors, want 1 or 2", where, len(s.Authors))
		}
		for j, a := range s.Authors {
			if !authors[a] {
				bad("%s: unknown author %q", where, a)
			}
			if slices.Contains(s.Authors[:j], a) {
				bad("%s: author %q listed twice", where, a)
			}
		}
		if s.HoursAgo < 1 {
			bad("%s: hours_ago is %d, want at least 1", where, s.HoursAgo)
		}
		if s.UpdatedHoursAgo < 0 || (s.UpdatedHoursAgo > 0 && s.UpdatedHoursAgo >= s.HoursAgo) {
			bad("%s: updated_hours_ago %d must be 0 or below hours_ago %d", where, s.UpdatedHoursAgo, s.HoursAgo)
		}
		if s.EN == nil {
			bad("%s: has no English edition", where)
		} else {
			required(where, "en.headline", s.EN.Headline)
			required(where, "en.standfirst", s.EN.Standfirst)
			required(where, "en.body", s.EN.Body)
			if headlines[s.EN.Headline] {
				bad("%s: duplicate English headline", where)
			}
			headlines[s.EN.Headline] = true
		}
		if s.AS != nil {
			assamese(where, "as.headline", s.AS.Headline)
			assamese(where, "as.standfirst", s.AS.Standfirst)
			assamese(where, "as.body", s.AS.Body)
		}
		if im := s.Image; im != nil {
			// The scene names the picture's folder; whether the picture is there is for
			// Seed and the tests to say, so that scripts/demo-pictures can load the content
			// to draw it.
			if !slugPattern.MatchString(im.Scene) {
				bad("%s: bad image scene %q", where, im.Scene)
			}
			required(where, "image.alt_en", im.AltEN)
			required(where, "image.caption_en", im.CaptionEN)
			required(where, "image.credit", im.Credit)
			if s.AS != nil {
				assamese(where, "image.alt_as", im.AltAS)
				assamese(where, "image.caption_as", im.CaptionAS)
				assamese(where, "image.credit_as", im.CreditAS)
			} else if strings.ContainsRune(im.AltAS+im.CaptionAS+im.CreditAS, bengaliRa) {
				bad("%s: image Assamese text contains Bengali র (U+09B0)", where)
			}
		}
	}
	return errors.Join(errs...)
}
