package convert

import (
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// appendString appends s as a quoted JSON string the way Taskwarrior's json::encode does for
// string attributes and annotation descriptions: `"`, `\`, `/`, backspace, form feed,
// newline, carriage return and tab get their short escapes. Unlike Taskwarrior, other
// control characters become \u00XX and invalid UTF-8 becomes U+FFFD, so the output is
// always valid JSON.
func appendString(dst []byte, s string) []byte {
	return appendQuoted(dst, s, true)
}

// appendPlain is appendString without escaping "/". Taskwarrior writes keys, tags, depends
// and duration values without json::encode; for every valid value the bytes are the same.
func appendPlain(dst []byte, s string) []byte {
	return appendQuoted(dst, s, false)
}

// appendQuoted appends s as a quoted JSON string; slash says whether "/" is escaped.
func appendQuoted(dst []byte, s string, slash bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				start = i + size
			}
			i += size
			continue
		}
		if esc := escapeByte(c, slash); esc != "" {
			dst = append(dst, s[start:i]...)
			dst = appendEscape(dst, c, esc)
			start = i + 1
		}
		i++
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// escapeByte returns the escape for an ASCII byte, "u" for a \u00XX escape, or "" when the
// byte is written as is.
func escapeByte(c byte, slash bool) string {
	switch c {
	case '"':
		return `\"`
	case '\\':
		return `\\`
	case '/':
		if slash {
			return `\/`
		}
		return ""
	case '\b':
		return `\b`
	case '\f':
		return `\f`
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	if c < 0x20 {
		return "u"
	}
	return ""
}

// appendEscape appends the escape esc for byte c.
func appendEscape(dst []byte, c byte, esc string) []byte {
	if esc != "u" {
		return append(dst, esc...)
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
}
