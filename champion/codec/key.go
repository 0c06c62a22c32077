package codec

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"fmt"
	"io"
	"log/slog"

	"github.com/google/uuid"
)

// KeySize is the length in bytes of a ChaCha20-Poly1305 key.
const KeySize = 32

// PBKDF2Iterations is the iteration count TaskChampion uses to derive a key
// from the encryption secret.
const PBKDF2Iterations = 600000

// redacted is what every printing method of Key shows instead of its bytes.
const redacted = "codec.Key(REDACTED)"

// Key is a 32-byte ChaCha20-Poly1305 key. It never prints its bytes: fmt,
// slog and encoding.TextMarshaler all see a redacted placeholder.
type Key struct {
	b [KeySize]byte
}

// NewKey copies b, which must be exactly KeySize bytes long, into a Key.
func NewKey(b []byte) (Key, error) {
	var k Key
	if len(b) != KeySize {
		return k, fmt.Errorf("codec: key must be %d bytes, got %d", KeySize, len(b))
	}
	copy(k.b[:], b)
	return k, nil
}

// DeriveKey derives the envelope key of a client from its encryption secret:
// PBKDF2-HMAC-SHA256 with the 16 raw bytes of clientID as salt, 600000
// iterations and a 32-byte output. It is slow by design; cache the result on
// request paths.
func DeriveKey(secret []byte, clientID uuid.UUID) Key {
	out, err := pbkdf2.Key(sha256.New, string(secret), clientID[:], PBKDF2Iterations, KeySize)
	if err != nil {
		// Only reachable in FIPS 140-only mode with parameters this
		// function never uses (short salt or key, non-SHA-2 hash).
		panic("codec: pbkdf2: " + err.Error())
	}
	var k Key
	copy(k.b[:], out)
	return k
}

// Bytes returns a copy of the key material.
func (k Key) Bytes() []byte {
	b := make([]byte, KeySize)
	copy(b, k.b[:])
	return b
}

// IsZero reports whether k is the all-zero key (the zero value of Key).
func (k Key) IsZero() bool {
	return k == Key{}
}

// String returns a redacted placeholder, never the key bytes.
func (k Key) String() string { return redacted }

// GoString returns a redacted placeholder, never the key bytes.
func (k Key) GoString() string { return redacted }

// Format writes a redacted placeholder for every fmt verb.
func (k Key) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// MarshalText returns a redacted placeholder so that JSON or text encoders
// never see the key bytes.
func (k Key) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// LogValue returns a redacted placeholder for log/slog.
func (k Key) LogValue() slog.Value { return slog.StringValue(redacted) }
