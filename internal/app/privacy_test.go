package app_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrivacyAndBackupCommands runs the operator's commands on a fresh site: an export and an
// erasure by e-mail address, and a backup restored into an empty folder.
func TestPrivacyAndBackupCommands(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := run(t, "", "migrate", "--data", dir); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "", "privacy", "export", "--data", dir, "--email", "Ana@example.org")
	var x struct {
		Email    string `json:"email"`
		Comments []any  `json:"comments"`
	}
	if err != nil || json.Unmarshal([]byte(out), &x) != nil || x.Email != "ana@example.org" || x.Comments == nil {
		t.Fatalf("privacy export: %q %v", out, err)
	}
	if out, _, err = run(t, "", "privacy", "erase", "--data", dir, "--email", "ana@example.org", "--by", "desk"); err != nil || !strings.HasPrefix(out, "erased:") {
		t.Fatalf("privacy erase: %q %v", out, err)
	}
	if _, _, err = run(t, "", "privacy", "erase", "--data", dir); err == nil {
		t.Fatal("erase without --email accepted")
	}
	dest := filepath.Join(t.TempDir(), "b")
	if out, _, err = run(t, "", "backup", "--data", dir, dest); err != nil || !strings.Contains(out, "verified") {
		t.Fatalf("backup: %q %v", out, err)
	}
	if out, _, err = run(t, "", "restore", "--data", filepath.Join(t.TempDir(), "r"), dest); err != nil || !strings.Contains(out, "restored") {
		t.Fatalf("restore: %q %v", out, err)
	}
	if _, _, err = run(t, "", "restore", "--data", dir, dest); err == nil {
		t.Fatal("restore over a site accepted")
	}
	if _, _, err = run(t, "", "backup", "--data", dir); err == nil {
		t.Fatal("backup without a folder accepted")
	}
}
