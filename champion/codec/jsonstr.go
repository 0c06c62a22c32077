package codec

import (
	"errors"
	"unicode/utf8"
)

// errInvalidUTF8 reports a string that cannot be written as JSON without
// altering it.
var errInvalidUTF8 = errors.New("string is not valid UTF-8")

// hexDigits are the lower-case digits used in \u00XX escapes.
const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string literal. It escapes only what
// JSON requires (quote, backslash, control characters) and writes all other
// characters as raw UTF-8, like the Rust serializer Taskwarrior uses. Invalid
// UTF-8 is an error rather than being silently replaced.
func appendJSONString(b []byte, s string) ([]byte, error) {
	if !utf8.ValidString(s) {
		return b, errInvalidUTF8
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		b = appendEscape(b, c)
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"'), nil
}

// appendEscape appends the JSON escape sequence of an ASCII byte that must
// be escaped.
func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '"', '\\':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
