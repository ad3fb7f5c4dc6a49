package locale

import (
	"testing"
	"time"
)

func TestRelative(t *testing.T) {
	ist := IndiaZone()
	now := time.Date(2024, time.August, 20, 10, 0, 0, 0, ist)
	tests := []struct {
		name   string
		t      time.Time
		en, as string
	}{
		{"same instant", now, "just now", "এতিয়া"},
		{"59 seconds", now.Add(-59 * time.Second), "just now", "এতিয়া"},
		{"future (clock skew)", now.Add(3 * time.Minute), "just now", "এতিয়া"},
		{"far future", now.Add(72 * time.Hour), "just now", "এতিয়া"},
		{"1 minute", now.Add(-time.Minute), "1 minute ago", "১ মিনিট পূৰ্বে"},
		{"5 minutes", now.Add(-5*time.Minute - 30*time.Second), "5 minutes ago", "৫ মিনিট পূৰ্বে"},
		{"59 minutes", now.Add(-59 * time.Minute), "59 minutes ago", "৫৯ মিনিট পূৰ্বে"},
		{"1 hour", now.Add(-time.Hour), "1 hour ago", "১ ঘণ্টা পূৰ্বে"},
		{"2 hours", now.Add(-2*time.Hour - 59*time.Minute), "2 hours ago", "২ ঘণ্টা পূৰ্বে"},
		{"23 hours crosses midnight", now.Add(-23 * time.Hour), "23 hours ago", "২৩ ঘণ্টা পূৰ্বে"},
		{"yesterday", now.Add(-24 * time.Hour), "yesterday", "কালি"},
		{"yesterday early", time.Date(2024, time.August, 19, 0, 5, 0, 0, ist), "yesterday", "কালি"},
		{"2 days by calendar", time.Date(2024, time.August, 18, 23, 0, 0, 0, ist), "2 days ago", "২ দিন পূৰ্বে"},
		{"3 days", now.Add(-3 * 24 * time.Hour), "3 days ago", "৩ দিন পূৰ্বে"},
		{"6 days", time.Date(2024, time.August, 14, 0, 0, 0, 0, ist), "6 days ago", "৬ দিন পূৰ্বে"},
		{"7 days shows the date", time.Date(2024, time.August, 13, 23, 59, 0, 0, ist), "13 August 2024", "১৩ আগষ্ট, ২০২৪"},
		{"last year", time.Date(2023, time.December, 31, 12, 0, 0, 0, ist), "31 December 2023", "৩১ ডিচেম্বৰ, ২০২৩"},
	}
	en := New(English, ist, "")
	as := New(Assamese, ist, NativeDigits)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := en.Relative(tt.t, now); got != tt.en {
				t.Errorf("en: got %q, want %q", got, tt.en)
			}
			if got := as.Relative(tt.t, now); got != tt.as {
				t.Errorf("as: got %q, want %q", got, tt.as)
			}
		})
	}
}

func TestRelativeDaysFollowZone(t *testing.T) {
	// 25 hours apart: 23:30 IST on 18 August to 00:30 IST on 20 August is two
	// calendar days in India but one (18 to 19 August) in UTC.
	now := time.Date(2024, time.August, 19, 19, 0, 0, 0, time.UTC)
	then := now.Add(-25 * time.Hour)
	tests := []struct {
		zone *time.Location
		want string
	}{
		{IndiaZone(), "2 days ago"},
		{time.UTC, "yesterday"},
	}
	for _, tt := range tests {
		if got := New(English, tt.zone, "").Relative(then, now); got != tt.want {
			t.Errorf("%v: got %q, want %q", tt.zone, got, tt.want)
		}
	}
	asLatin := New(Assamese, IndiaZone(), LatinDigits)
	if got := asLatin.Relative(now.Add(-5*time.Minute), now); got != "5 মিনিট পূৰ্বে" {
		t.Errorf("Latin-digit Assamese: got %q", got)
	}
}

func TestRelativeLongDSTDay(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database")
	}
	// 3 November 2024 lasted 25 hours in New York.
	then := time.Date(2024, time.November, 3, 0, 10, 0, 0, ny)
	now := time.Date(2024, time.November, 3, 23, 50, 0, 0, ny)
	if got := New(English, ny, "").Relative(then, now); got != "24 hours ago" {
		t.Errorf("got %q, want %q", got, "24 hours ago")
	}
}
