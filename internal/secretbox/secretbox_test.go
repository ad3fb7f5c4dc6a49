package secretbox_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/secretbox"
)

func TestSealOpen(t *testing.T) {
	b, err := secretbox.Load("", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := b.Seal("JBSWY3DPEHPK3PXP", "users.totp_secret:7")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "JBSWY3DPEHPK3PXP") || !secretbox.IsSealed(sealed) {
		t.Fatalf("sealed value %q", sealed)
	}
	if again, _ := b.Seal("JBSWY3DPEHPK3PXP", "users.totp_secret:7"); again == sealed {
		t.Fatal("two seals of one value are equal: the nonce is not fresh")
	}
	if got, err := b.Open(sealed, "users.totp_secret:7"); err != nil || got != "JBSWY3DPEHPK3PXP" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := b.Open(sealed, "users.totp_secret:8"); !errors.Is(err, secretbox.ErrWrongKey) {
		t.Fatalf("Open for another row = %v, want ErrWrongKey", err)
	}
	if got, err := b.Open("PLAINOLDSECRET", "users.totp_secret:7"); err != nil || got != "PLAINOLDSECRET" {
		t.Fatalf("Open of a plain value = %q, %v", got, err)
	}
	tampered := sealed[:len(sealed)-4] + "AAA="
	if _, err := b.Open(tampered, "users.totp_secret:7"); !errors.Is(err, secretbox.ErrWrongKey) {
		t.Fatalf("Open of an altered value = %v, want ErrWrongKey", err)
	}
	other, err := secretbox.Load(base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32)), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Open(sealed, "users.totp_secret:7"); !errors.Is(err, secretbox.ErrWrongKey) {
		t.Fatalf("Open with another key = %v, want ErrWrongKey", err)
	}
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	a, err := secretbox.Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, secretbox.KeyFile))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, want 0600", info.Mode().Perm())
	}
	sealed, _ := a.Seal("x", "l")
	b, err := secretbox.Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := b.Open(sealed, "l"); err != nil || got != "x" {
		t.Fatalf("a second start does not read the same key: %q, %v", got, err)
	}
}

func TestBadKeys(t *testing.T) {
	for name, env := range map[string]string{
		"not base64": "not a key!",
		"too short":  base64.StdEncoding.EncodeToString([]byte("sixteen bytes!!!")),
	} {
		if _, err := secretbox.Load(env, t.TempDir()); err == nil || !strings.Contains(err.Error(), secretbox.EnvKey) {
			t.Errorf("%s: %v, want an error naming %s", name, err, secretbox.EnvKey)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, secretbox.KeyFile), []byte("garbage!"), 0o600)
	if _, err := secretbox.Load("", dir); err == nil {
		t.Error("a malformed key file was accepted")
	}
}
