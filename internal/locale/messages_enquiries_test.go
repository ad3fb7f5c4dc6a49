package locale

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestEnquiriesCatalog keeps the Contact Us, Enquiry and enquiry inbox messages in their own
// namespaces, alike in both languages.
func TestEnquiriesCatalog(t *testing.T) {
	en, as := slices.Sorted(maps.Keys(enquiriesEN)), slices.Sorted(maps.Keys(enquiriesAS))
	if !slices.Equal(en, as) {
		t.Errorf("enquiriesEN and enquiriesAS have different keys")
	}
	for _, k := range en {
		if !strings.HasPrefix(k, "contact_") && !strings.HasPrefix(k, "enquiry_") && !strings.HasPrefix(k, "nr_enq_") && k != "nr_menu_enquiries" {
			t.Errorf("key %q is outside the enquiries namespaces", k)
		}
	}
	for _, kind := range []string{"tip", "correction", "advertising", "general"} {
		for _, k := range []string{"enquiry_kind_" + kind, "enquiry_kind_" + kind + "_hint"} {
			if enquiriesEN[k] == "" || enquiriesAS[k] == "" {
				t.Errorf("no message %q", k)
			}
		}
	}
	for _, st := range []string{"new", "in_progress", "closed"} {
		if enquiriesEN["nr_enq_status_"+st] == "" {
			t.Errorf("no name for status %s", st)
		}
	}
	l := New(Assamese, IndiaZone(), NativeDigits)
	if got := l.TCount("enquiry_error_rate_limited", 42); !strings.Contains(got, "৪২ মিনিট") {
		t.Errorf("rate limit message %q", got)
	}
}
