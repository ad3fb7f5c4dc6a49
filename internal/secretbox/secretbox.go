// Package secretbox encrypts the few secrets Batori must keep readable (TOTP secrets) before
// they reach the database, with AES-256-GCM under one key kept outside the database: a copied
// database or backup alone does not give them away.
//
// The key comes from BATORI_SECRET_KEY (32 bytes in base64, `openssl rand -base64 32`) or,
// when that is unset, from the file secret.key in the data folder, created once with mode
// 0600. Every node of a PostgreSQL site must use the same key, so such sites set the variable.
package secretbox

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// EnvKey is the environment variable holding the key.
const EnvKey = "BATORI_SECRET_KEY"

// KeyFile is the name of the key file in the data folder.
const KeyFile = "secret.key"

// prefix marks a sealed value; anything else in a secret column is a plain value from before
// encryption, which Open passes through so it can be sealed on the next start.
const prefix = "sealed:v1:"

// ErrWrongKey is returned for a sealed value the key cannot open: another key sealed it, or it
// was altered.
var ErrWrongKey = errors.New("secretbox: the value was sealed with another key (check " + EnvKey + " or the data folder's " + KeyFile + ")")

// Box seals and opens values under one key.
type Box struct {
	aead cipher.AEAD
	// Source says where the key came from, for messages.
	Source string
}

// New returns a box for a 32-byte key.
func New(key []byte, source string) (*Box, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("secretbox: the key from %s is %d bytes, want 32", source, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &Box{aead: aead, Source: source}, nil
}

// Load returns the box for env's key (the value of EnvKey, "" when unset) or, without one,
// the key file in dataDir, which it creates when missing.
func Load(env, dataDir string) (*Box, error) {
	if env = strings.TrimSpace(env); env != "" {
		key, err := base64.StdEncoding.DecodeString(env)
		if err != nil {
			return nil, fmt.Errorf("secretbox: %s is not base64 (make one with `openssl rand -base64 32`): %w", EnvKey, err)
		}
		return New(key, EnvKey)
	}
	path := filepath.Join(dataDir, KeyFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		data, err = createKeyFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("secretbox: key file: %w", err)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(data)))
	if err != nil {
		return nil, fmt.Errorf("secretbox: %s is not base64: %w", path, err)
	}
	return New(key, path)
}

// createKeyFile writes a new random key to path, readable by the owner only. O_EXCL makes a
// second process starting at the same moment read the first one's key instead of replacing it.
func createKeyFile(path string) ([]byte, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	data := []byte(base64.StdEncoding.EncodeToString(key) + "\n")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return os.ReadFile(path)
	}
	if err != nil {
		return nil, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return nil, err
	}
	return data, f.Close()
}

// Seal encrypts plain for the place label names (a column and row, say), so a sealed value
// copied to another place does not open there.
func (b *Box) Seal(plain, label string) (string, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", err
	}
	out := b.aead.Seal(nonce, nonce, []byte(plain), []byte(label))
	return prefix + base64.StdEncoding.EncodeToString(out), nil
}

// Open decrypts a value sealed for label. A value that is not sealed (stored before
// encryption) is returned as it is; IsSealed tells the two apart.
func (b *Box) Open(value, label string) (string, error) {
	if !IsSealed(value) {
		return value, nil
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(value, prefix))
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", ErrWrongKey
	}
	n := b.aead.NonceSize()
	plain, err := b.aead.Open(nil, raw[:n], raw[n:], []byte(label))
	if err != nil {
		return "", ErrWrongKey
	}
	return string(plain), nil
}

// IsSealed reports whether value was made by Seal.
func IsSealed(value string) bool { return strings.HasPrefix(value, prefix) }
