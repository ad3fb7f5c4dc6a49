package locale

import (
	"testing"
	"time"
)

// The worked example of assamese.md B4: Thursday 15 August 2024, 14:05 IST.
var independenceDay = time.Date(2024, time.August, 15, 14, 5, 0, 0, IndiaZone())

func TestDatesWorkedExample(t *testing.T) {
	en := New(English, IndiaZone(), NativeDigits)
	as := New(Assamese, IndiaZone(), NativeDigits)
	asLatin := New(Assamese, IndiaZone(), LatinDigits)
	tests := []struct {
		name string
		got  func(time.Time) string
		want string
	}{
		{"en Date", en.Date, "15 August 2024"},
		{"en DateTime", en.DateTime, "15 August 2024, 2:05 pm IST"},
		{"en ShortDate", en.ShortDate, "15 Aug 2024"},
		{"en Weekday", en.Weekday, "Thursday"},
		{"en FullDate", en.FullDate, "Thursday, 15 August 2024"},
		{"en Time", en.Time, "2:05 pm"},
		{"en Year", en.Year, "2024"},
		{"en ISO", en.ISO, "2024-08-15T14:05:00+05:30"},
		{"as Date", as.Date, "১৫ আগষ্ট, ২০২৪"},
		{"as DateTime", as.DateTime, "১৫ আগষ্ট, ২০২৪, অপৰাহ্ন ২:০৫"},
		{"as ShortDate", as.ShortDate, "১৫ আগ ২০২৪"},
		{"as Weekday", as.Weekday, "বৃহস্পতিবাৰ"},
		{"as FullDate", as.FullDate, "বৃহস্পতিবাৰ, ১৫ আগষ্ট, ২০২৪"},
		{"as Time", as.Time, "অপৰাহ্ন ২:০৫"},
		{"as Year", as.Year, "২০২৪"},
		{"as ISO keeps Latin digits", as.ISO, "2024-08-15T14:05:00+05:30"},
		{"as latin Date", asLatin.Date, "15 আগষ্ট, 2024"},
		{"as latin DateTime", asLatin.DateTime, "15 আগষ্ট, 2024, অপৰাহ্ন 2:05"},
		{"as latin FullDate", asLatin.FullDate, "বৃহস্পতিবাৰ, 15 আগষ্ট, 2024"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(independenceDay); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDatesUseLocaleZone(t *testing.T) {
	// 20:00 UTC on 14 August is 01:30 on 15 August in India.
	utc := time.Date(2024, time.August, 14, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		l    *Locale
		got  func(*Locale, time.Time) string
		want string
	}{
		{"en IST", New(English, IndiaZone(), ""), (*Locale).DateTime, "15 August 2024, 1:30 am IST"},
		{"as IST", New(Assamese, IndiaZone(), NativeDigits), (*Locale).DateTime, "১৫ আগষ্ট, ২০২৪, পূৰ্বাহ্ন ১:৩০"},
		{"as IST weekday", New(Assamese, IndiaZone(), NativeDigits), (*Locale).Weekday, "বৃহস্পতিবাৰ"},
		{"en UTC", New(English, time.UTC, ""), (*Locale).DateTime, "14 August 2024, 8:00 pm UTC"},
		{"en UTC weekday", New(English, time.UTC, ""), (*Locale).Weekday, "Wednesday"},
		{"en ISO IST", New(English, IndiaZone(), ""), (*Locale).ISO, "2024-08-15T01:30:00+05:30"},
		{"en ISO UTC", New(English, time.UTC, ""), (*Locale).ISO, "2024-08-14T20:00:00Z"},
		{"en numeric zone", New(English, time.FixedZone("+04", 4*3600), ""), (*Locale).DateTime, "15 August 2024, 12:00 am UTC+4"},
		{"en unnamed zone", New(English, time.FixedZone("", 5*3600+45*60), ""), (*Locale).DateTime, "15 August 2024, 1:45 am UTC+5:45"},
		{"en mixed-case zone name", New(English, time.FixedZone("ChST", 10*3600), ""), (*Locale).DateTime, "15 August 2024, 6:00 am ChST"},
		{"en negative zone", New(English, time.FixedZone("", -(3*3600+30*60)), ""), (*Locale).DateTime, "14 August 2024, 4:30 pm UTC-3:30"},
		{"en unnamed UTC", New(English, time.FixedZone("", 0), ""), (*Locale).DateTime, "14 August 2024, 8:00 pm UTC"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(tt.l, utc); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClockAndNames(t *testing.T) {
	ist := IndiaZone()
	en := New(English, ist, "")
	as := New(Assamese, ist, NativeDigits)
	tests := []struct {
		at                   time.Time
		enTime, asTime       string
		enShort, asShort     string
		enWeekday, asWeekday string
	}{
		{time.Date(2025, time.May, 4, 0, 0, 0, 0, ist), "12:00 am", "পূৰ্বাহ্ন ১২:০০", "4 May 2025", "৪ মে’ ২০২৫", "Sunday", "দেওবাৰ"},
		{time.Date(2025, time.January, 6, 9, 7, 0, 0, ist), "9:07 am", "পূৰ্বাহ্ন ৯:০৭", "6 Jan 2025", "৬ জানু ২০২৫", "Monday", "সোমবাৰ"},
		{time.Date(2025, time.February, 11, 12, 0, 0, 0, ist), "12:00 pm", "অপৰাহ্ন ১২:০০", "11 Feb 2025", "১১ ফেব্ৰু ২০২৫", "Tuesday", "মঙ্গলবাৰ"},
		{time.Date(2025, time.September, 10, 11, 59, 0, 0, ist), "11:59 am", "পূৰ্বাহ্ন ১১:৫৯", "10 Sep 2025", "১০ ছেপ্তে ২০২৫", "Wednesday", "বুধবাৰ"},
		{time.Date(2025, time.October, 31, 23, 59, 59, 0, ist), "11:59 pm", "অপৰাহ্ন ১১:৫৯", "31 Oct 2025", "৩১ অক্টো ২০২৫", "Friday", "শুক্ৰবাৰ"},
		{time.Date(2025, time.November, 1, 13, 0, 0, 0, ist), "1:00 pm", "অপৰাহ্ন ১:০০", "1 Nov 2025", "১ নৱে ২০২৫", "Saturday", "শনিবাৰ"},
		{time.Date(2025, time.December, 25, 18, 30, 0, 0, ist), "6:30 pm", "অপৰাহ্ন ৬:৩০", "25 Dec 2025", "২৫ ডিচে ২০২৫", "Thursday", "বৃহস্পতিবাৰ"},
	}
	for _, tt := range tests {
		for _, c := range []struct{ got, want string }{
			{en.Time(tt.at), tt.enTime}, {as.Time(tt.at), tt.asTime},
			{en.ShortDate(tt.at), tt.enShort}, {as.ShortDate(tt.at), tt.asShort},
			{en.Weekday(tt.at), tt.enWeekday}, {as.Weekday(tt.at), tt.asWeekday},
		} {
			if c.got != c.want {
				t.Errorf("%v: got %q, want %q", tt.at, c.got, c.want)
			}
		}
	}
}

func TestAssameseMonthNames(t *testing.T) {
	as := New(Assamese, time.UTC, LatinDigits)
	want := []string{"জানুৱাৰী", "ফেব্ৰুৱাৰী", "মাৰ্চ", "এপ্ৰিল", "মে’", "জুন",
		"জুলাই", "আগষ্ট", "ছেপ্তেম্বৰ", "অক্টোবৰ", "নৱেম্বৰ", "ডিচেম্বৰ"}
	for i, name := range want {
		got := as.Date(time.Date(2024, time.Month(i+1), 1, 0, 0, 0, 0, time.UTC))
		if w := "1 " + name + ", 2024"; got != w {
			t.Errorf("month %d: got %q, want %q", i+1, got, w)
		}
	}
	if may := calendars[Assamese].monthsWide[4]; may != "\u09AE\u09C7\u2019" {
		t.Errorf("May = %+q, want মে’ with U+2019", may)
	}
	for _, c := range calendars {
		for _, names := range [][]string{c.monthsWide[:], c.monthsAbbr[:], c.weekdaysWide[:], {c.am, c.pm}} {
			for _, n := range names {
				if BengaliRa(n) != nil || Normalize(n) != n {
					t.Errorf("calendar name %q is not clean NFC Assamese", n)
				}
			}
		}
	}
}
