package locale

import (
	"time"

	"golang.org/x/text/feature/plural"
)

// relativeUnit is a unit Relative counts in.
type relativeUnit int

const (
	unitMinute relativeUnit = iota
	unitHour
	unitDay
)

// relativeText holds one language's relative-time phrases. ago is indexed by
// unit, then by plural form ("one" or "other"); {0} is the count.
type relativeText struct {
	now, yesterday string
	ago            [3]map[plural.Form]string
}

// relativeTexts follows CLDR 48 dateFields for Assamese (B5 of assamese.md:
// "এতিয়া", "কালি", "{0} মিনিট পূৰ্বে", whose one and other forms are equal)
// and plain newspaper English.
var relativeTexts = map[Lang]*relativeText{
	English: {
		now:       "just now",
		yesterday: "yesterday",
		ago: [3]map[plural.Form]string{
			unitMinute: {plural.One: "{0} minute ago", plural.Other: "{0} minutes ago"},
			unitHour:   {plural.One: "{0} hour ago", plural.Other: "{0} hours ago"},
			unitDay:    {plural.One: "{0} day ago", plural.Other: "{0} days ago"},
		},
	},
	Assamese: {
		now:       "এতিয়া",
		yesterday: "কালি",
		ago: [3]map[plural.Form]string{
			unitMinute: {plural.One: "{0} মিনিট পূৰ্বে", plural.Other: "{0} মিনিট পূৰ্বে"},
			unitHour:   {plural.One: "{0} ঘণ্টা পূৰ্বে", plural.Other: "{0} ঘণ্টা পূৰ্বে"},
			unitDay:    {plural.One: "{0} দিন পূৰ্বে", plural.Other: "{0} দিন পূৰ্বে"},
		},
	},
}

// Relative describes when t happened as seen at now: "just now" under a
// minute (and for times after now, which only clock skew produces), then
// minutes, then hours under a day, then "yesterday" or days by calendar date
// in the locale's zone up to six days, and l.Date(t) after that.
func (l *Locale) Relative(t, now time.Time) string {
	rt := relativeTexts[l.lang]
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return rt.now
	case d < time.Hour:
		return l.ago(rt, unitMinute, int64(d/time.Minute))
	case d < 24*time.Hour:
		return l.ago(rt, unitHour, int64(d/time.Hour))
	}
	switch days := calendarDays(l.local(t), l.local(now)); {
	case days == 0:
		// Only a day lengthened by a DST change holds 24 hours and more.
		return l.ago(rt, unitHour, int64(d/time.Hour))
	case days == 1:
		return rt.yesterday
	case days <= 6:
		return l.ago(rt, unitDay, int64(days))
	}
	return l.Date(t)
}

// ago fills the "n units ago" phrase with the right plural form.
func (l *Locale) ago(rt *relativeText, u relativeUnit, n int64) string {
	forms := rt.ago[u]
	msg, ok := forms[pluralForm(l.lang, n)]
	if !ok {
		msg = forms[plural.Other]
	}
	return l.fill(msg, []any{n})
}

// calendarDays counts the calendar days from a to b, both already in the
// locale's zone, ignoring DST-length days.
func calendarDays(a, b time.Time) int {
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da) / (24 * time.Hour))
}
