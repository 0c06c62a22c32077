package codec

import (
	"crypto/rand"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"golang.org/x/crypto/chacha20poly1305"
)

// Envelope layout constants: version byte, nonce, ciphertext and tag.
const (
	// EnvelopeVersion is the first byte of every sealed payload.
	EnvelopeVersion = 1
	// NonceSize is the length of the random nonce after the version byte.
	NonceSize = chacha20poly1305.NonceSize
	// Overhead is the number of bytes sealing adds to a plaintext; it is
	// also the size of the smallest valid envelope (empty plaintext).
	Overhead = 1 + NonceSize + chacha20poly1305.Overhead
	// appID is the first byte of the additional authenticated data.
	appID = 1
)

// Sentinel errors returned (wrapped) by Open. Test with errors.Is.
var (
	// ErrTooSmall means the input is shorter than the smallest envelope.
	ErrTooSmall = errors.New("codec: envelope is too small")
	// ErrUnknownVersion means the first byte is not EnvelopeVersion.
	ErrUnknownVersion = errors.New("codec: unrecognized encryption envelope version")
	// ErrAuthFailed means the AEAD tag did not verify: wrong key, wrong
	// version id, or corrupted data.
	ErrAuthFailed = errors.New("codec: envelope authentication failed (wrong key or version id)")
)

// Seal encrypts plaintext for versionID with a fresh random nonce and
// returns 0x01 | nonce | ciphertext‖tag.
func Seal(key Key, versionID uuid.UUID, plaintext []byte) ([]byte, error) {
	nonce := make([]byte, NonceSize)
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("codec: generating nonce: %w", err)
	}
	return SealWithNonce(key, versionID, nonce, plaintext)
}

// SealWithNonce is Seal with a caller-chosen nonce. Reusing a nonce with the
// same key breaks the encryption; use it only for reproducible test vectors.
func SealWithNonce(key Key, versionID uuid.UUID, nonce, plaintext []byte) ([]byte, error) {
	if len(nonce) != NonceSize {
		return nil, fmt.Errorf("codec: nonce must be %d bytes, got %d", NonceSize, len(nonce))
	}
	aead, err := chacha20poly1305.New(key.b[:])
	if err != nil {
		return nil, fmt.Errorf("codec: %w", err)
	}
	out := make([]byte, 1+NonceSize, Overhead+len(plaintext))
	out[0] = EnvelopeVersion
	copy(out[1:], nonce)
	aad := additionalData(versionID)
	return aead.Seal(out, nonce, plaintext, aad[:]), nil
}

// EnvelopeHeader is the size of an envelope's version byte and nonce, which come before its
// ciphertext.
const EnvelopeHeader = 1 + NonceSize

// SealInPlace seals the plaintext buf[EnvelopeHeader:] for versionID as Seal does, in place:
// the envelope's header is written over buf's first EnvelopeHeader bytes and the ciphertext
// over the plaintext, so that a large payload costs one buffer rather than two (when buf's
// capacity leaves room for the tag, Overhead-EnvelopeHeader bytes; otherwise it grows once).
func SealInPlace(key Key, versionID uuid.UUID, buf []byte) ([]byte, error) {
	if len(buf) < EnvelopeHeader {
		return nil, fmt.Errorf("codec: a buffer sealed in place holds at least the %d bytes of the header", EnvelopeHeader)
	}
	buf[0] = EnvelopeVersion
	nonce := buf[1:EnvelopeHeader]
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("codec: generating nonce: %w", err)
	}
	aead, err := chacha20poly1305.New(key.b[:])
	if err != nil {
		return nil, fmt.Errorf("codec: %w", err)
	}
	aad := additionalData(versionID)
	buf = slices.Grow(buf, chacha20poly1305.Overhead)
	plain := buf[EnvelopeHeader:]
	sealed := aead.Seal(plain[:0], buf[1:EnvelopeHeader], plain, aad[:])
	return buf[:EnvelopeHeader+len(sealed)], nil
}

// Open checks and decrypts an envelope sealed for versionID. Failures wrap
// ErrTooSmall, ErrUnknownVersion or ErrAuthFailed. The result never aliases
// sealed.
func Open(key Key, versionID uuid.UUID, sealed []byte) ([]byte, error) {
	if len(sealed) < Overhead {
		return nil, fmt.Errorf("%w: %d bytes, need at least %d", ErrTooSmall, len(sealed), Overhead)
	}
	if sealed[0] != EnvelopeVersion {
		return nil, fmt.Errorf("%w: %d", ErrUnknownVersion, sealed[0])
	}
	aead, err := chacha20poly1305.New(key.b[:])
	if err != nil {
		return nil, fmt.Errorf("codec: %w", err)
	}
	aad := additionalData(versionID)
	nonce, body := sealed[1:1+NonceSize], sealed[1+NonceSize:]
	plain, err := aead.Open(nil, nonce, body, aad[:])
	if err != nil {
		return nil, fmt.Errorf("%w: version id %s", ErrAuthFailed, versionID)
	}
	return plain, nil
}

// additionalData returns the AAD binding an envelope to its version id.
func additionalData(versionID uuid.UUID) [1 + len(uuid.UUID{})]byte {
	var aad [1 + len(uuid.UUID{})]byte
	aad[0] = appID
	copy(aad[1:], versionID[:])
	return aad
}
