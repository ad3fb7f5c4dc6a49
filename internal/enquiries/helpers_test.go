package enquiries_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// newStore returns a store over d keeping files in a temporary folder, on a clock that
// starts at a fixed morning.
func newStore(t *testing.T, d *db.DB) (store, *testkit.Clock) {
	t.Helper()
	c := testkit.NewClock(time.Date(2025, time.August, 15, 4, 30, 0, 0, time.UTC))
	return subscribe(d, enquiries.NewStore(d, filepath.Join(t.TempDir(), "enquiries")).WithClock(c.Now)), c
}

// tip is a valid news tip from reader n, sent from its own address.
func tip(n int) enquiries.NewEnquiry {
	return enquiries.NewEnquiry{
		Key:        fmt.Sprintf("key-%06d-abcdefghijklmn", n),
		Kind:       string(enquiries.NewsTip),
		Lang:       locale.English,
		Name:       fmt.Sprintf("Reader %d", n),
		Email:      fmt.Sprintf("reader%d@example.org", n),
		Phone:      "+91 98640 12345",
		Message:    "The culvert on the Jorhat bypass collapsed after last night's rain; traffic is stuck.",
		ClientAddr: fmt.Sprintf("10.0.%d.%d", n/250, n%250+1),
	}
}

// pdfBytes is a small but complete PDF document.
func pdfBytes() []byte {
	return []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
}

// staff creates an active newsroom account.
func staff(t *testing.T, d *db.DB, name string, role people.Role) people.User {
	t.Helper()
	u, err := people.NewStore(d).WithHashCost(people.LightHashCost).Create(context.Background(), people.NewUser{
		Name: name, Email: strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org", Password: "tea-garden-monsoon-7", Role: role,
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// count returns the number of rows of a table.
func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
