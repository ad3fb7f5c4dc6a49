package locale

import (
	"strconv"
	"strings"
	"time"
)

// House style for dates and times. English follows the Indian English
// newspaper convention "15 August 2024, 2:05 pm IST"; Assamese follows CLDR 48
// `as` (long date "d MMMM, y", full "EEEE, d MMMM, y", yMMMd "d MMM y", and
// the availableFormats hm "a h:mm" with a colon rather than the dot of the
// standard time formats). English date-times end with the zone's abbreviation
// (IST, UTC, or "UTC+4" when the zone database has no letters for it) because
// English readers may be anywhere; Assamese ones carry no zone, as CLDR's
// short Indian zone name "ভা. স." is not used in Assamese news and the
// Assamese edition is read in Indian time.

// calendar holds one language's CLDR month, weekday and day-period names.
type calendar struct {
	monthsWide   [12]string
	monthsAbbr   [12]string
	weekdaysWide [7]string // Sunday first, as time.Weekday
	am, pm       string
}

// calendars holds CLDR 48 data for each language. May in Assamese is
// মে’ with U+2019, as in CLDR.
var calendars = map[Lang]*calendar{
	English: {
		monthsWide: [12]string{"January", "February", "March", "April", "May", "June",
			"July", "August", "September", "October", "November", "December"},
		monthsAbbr: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
			"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		weekdaysWide: [7]string{"Sunday", "Monday", "Tuesday", "Wednesday",
			"Thursday", "Friday", "Saturday"},
		// Lower case am/pm is the site's English house style.
		am: "am", pm: "pm",
	},
	Assamese: {
		monthsWide: [12]string{"জানুৱাৰী", "ফেব্ৰুৱাৰী", "মাৰ্চ", "এপ্ৰিল", "মে’", "জুন",
			"জুলাই", "আগষ্ট", "ছেপ্তেম্বৰ", "অক্টোবৰ", "নৱেম্বৰ", "ডিচেম্বৰ"},
		monthsAbbr: [12]string{"জানু", "ফেব্ৰু", "মাৰ্চ", "এপ্ৰিল", "মে’", "জুন",
			"জুলাই", "আগ", "ছেপ্তে", "অক্টো", "নৱে", "ডিচে"},
		weekdaysWide: [7]string{"দেওবাৰ", "সোমবাৰ", "মঙ্গলবাৰ", "বুধবাৰ",
			"বৃহস্পতিবাৰ", "শুক্ৰবাৰ", "শনিবাৰ"},
		am: "পূৰ্বাহ্ন", pm: "অপৰাহ্ন",
	},
}

// cal returns the locale's calendar names.
func (l *Locale) cal() *calendar { return calendars[l.lang] }

// local returns t in the locale's zone.
func (l *Locale) local(t time.Time) time.Time { return t.In(l.zone) }

// Date writes the long date: "15 August 2024" or "১৫ আগষ্ট, ২০২৪".
func (l *Locale) Date(t time.Time) string {
	t = l.local(t)
	c := l.cal()
	day, year := l.Digits(strconv.Itoa(t.Day())), l.Digits(strconv.Itoa(t.Year()))
	if l.lang == Assamese {
		return day + " " + c.monthsWide[t.Month()-1] + ", " + year
	}
	return day + " " + c.monthsWide[t.Month()-1] + " " + year
}

// ShortDate writes the abbreviated date: "15 Aug 2024" or "১৫ আগ ২০২৪".
func (l *Locale) ShortDate(t time.Time) string {
	t = l.local(t)
	return l.Digits(strconv.Itoa(t.Day())) + " " + l.cal().monthsAbbr[t.Month()-1] + " " +
		l.Digits(strconv.Itoa(t.Year()))
}

// FullDate writes the date with its weekday: "Thursday, 15 August 2024" or
// "বৃহস্পতিবাৰ, ১৫ আগষ্ট, ২০২৪".
func (l *Locale) FullDate(t time.Time) string {
	return l.Weekday(t) + ", " + l.Date(t)
}

// Weekday writes the wide weekday name of t in the locale's zone.
func (l *Locale) Weekday(t time.Time) string {
	return l.cal().weekdaysWide[l.local(t).Weekday()]
}

// Year writes the year of t in the locale's zone, without grouping, for
// strings like the copyright line.
func (l *Locale) Year(t time.Time) string {
	return l.Digits(strconv.Itoa(l.local(t).Year()))
}

// Time writes the 12-hour clock time without a zone: "2:05 pm" or "অপৰাহ্ন ২:০৫".
func (l *Locale) Time(t time.Time) string {
	t = l.local(t)
	c := l.cal()
	h, period := t.Hour()%12, c.am
	if t.Hour() >= 12 {
		period = c.pm
	}
	if h == 0 {
		h = 12
	}
	clock := l.Digits(strconv.Itoa(h) + ":" + twoDigits(t.Minute()))
	if l.lang == Assamese {
		return period + " " + clock
	}
	return clock + " " + period
}

// DateTime writes the long date and the time: "15 August 2024, 2:05 pm IST"
// or "১৫ আগষ্ট, ২০২৪, অপৰাহ্ন ২:০৫". Only English names the zone; the house
// style note at the top of dates.go says why.
func (l *Locale) DateTime(t time.Time) string {
	s := l.Date(t) + ", " + l.Time(t)
	if l.lang == English {
		s += " " + zoneLabel(l.local(t))
	}
	return s
}

// ISO writes t in the locale's zone as RFC 3339 with Latin digits, for
// <time datetime="…">.
func (l *Locale) ISO(t time.Time) string {
	return l.local(t).Format(time.RFC3339)
}

// zoneLabel names t's zone for English readers: the zone database's
// abbreviation when it is letters (IST, UTC), else the UTC offset.
func zoneLabel(t time.Time) string {
	name, offset := t.Zone()
	if name != "" && strings.Trim(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == "" {
		return name
	}
	if offset == 0 {
		return "UTC"
	}
	sign := "+"
	if offset < 0 {
		sign, offset = "-", -offset
	}
	s := "UTC" + sign + strconv.Itoa(offset/3600)
	if m := offset % 3600 / 60; m != 0 {
		s += ":" + twoDigits(m)
	}
	return s
}

// twoDigits writes n (0–99) with a leading zero.
func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}
