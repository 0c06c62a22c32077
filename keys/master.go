// Package keys holds taskgate's master key, which seals the keys the server keeps for plaintext
// accounts. The master key lives outside the database (a file, an environment variable or a
// flag), so a copy of the database alone does not reveal any plaintext account.
package keys

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/chacha20poly1305"
)

// MasterKeySize is the length of a master key in bytes.
const MasterKeySize = chacha20poly1305.KeySize

// sealVersion is the first byte of every sealed value, so the format can change later.
const sealVersion = 1

// ErrSealedValue is returned when a sealed value does not open with the master key: it was
// sealed under another master key, for another account or purpose, or it is damaged.
var ErrSealedValue = errors.New("sealed value does not open with this master key")

// MasterKey seals and opens per-account secrets.
type MasterKey struct {
	aead cipher.AEAD
}

// ParseMasterKey reads a master key written as 64 hexadecimal digits.
func ParseMasterKey(text string) (MasterKey, error) {
	raw, err := hex.DecodeString(strings.TrimSpace(text))
	if err != nil || len(raw) != MasterKeySize {
		return MasterKey{}, fmt.Errorf("a master key is %d bytes written as %d hexadecimal digits", MasterKeySize, 2*MasterKeySize)
	}
	aead, err := chacha20poly1305.New(raw)
	if err != nil {
		return MasterKey{}, fmt.Errorf("master key: %w", err)
	}
	return MasterKey{aead: aead}, nil
}

// GenerateMasterKey returns a new random master key as 64 hexadecimal digits.
func GenerateMasterKey() (string, error) {
	raw := make([]byte, MasterKeySize)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("generating a master key: %w", err)
	}
	return hex.EncodeToString(raw), nil
}

// Valid reports whether the key was loaded.
func (m MasterKey) Valid() bool { return m.aead != nil }

// Seal encrypts secret for one scope, such as "champion-key/<client id>": a value sealed for one
// scope does not open under another, so sealed values cannot be swapped between accounts.
func (m MasterKey) Seal(scope string, secret []byte) ([]byte, error) {
	nonce := make([]byte, m.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("sealing: %w", err)
	}
	out := append([]byte{sealVersion}, nonce...)
	return m.aead.Seal(out, nonce, secret, aad(scope)), nil
}

// Open decrypts a value made by Seal for the same scope.
func (m MasterKey) Open(scope string, sealed []byte) ([]byte, error) {
	n := m.aead.NonceSize()
	if len(sealed) < 1+n+m.aead.Overhead() || sealed[0] != sealVersion {
		return nil, ErrSealedValue
	}
	plain, err := m.aead.Open(nil, sealed[1:1+n], sealed[1+n:], aad(scope))
	if err != nil {
		return nil, ErrSealedValue
	}
	return plain, nil
}

func aad(scope string) []byte { return []byte("taskgate/" + scope) }

// String never shows the key.
func (m MasterKey) String() string { return "MasterKey(redacted)" }
