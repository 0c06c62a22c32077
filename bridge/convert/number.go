package convert

import "strings"

// isJSONNumber reports whether s is exactly one JSON number (RFC 8259 grammar, no
// surrounding space), so it can be written into JSON unquoted.
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = skipDigits(s, i)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		if i = skipDigits(s, i+1); !isDigit(s, i-1) {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i = skipDigits(s, i); !isDigit(s, i-1) {
			return false
		}
	}
	return i == len(s)
}

// canonicalNumber drops trailing zeros of a plain decimal fraction: Taskwarrior 2.x writes a
// number it received as "7.000000", while Taskwarrior 3 stores it as "7". Without this, a 2.x
// device re-sending a number it never changed would look like an edit of it. Exponent forms and
// anything else are kept as written.
func canonicalNumber(s string) string {
	if strings.ContainsAny(s, "eE") || !strings.Contains(s, ".") || !isJSONNumber(s) {
		return s
	}
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// skipDigits returns the index of the first non-digit at or after i.
func skipDigits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// isDigit reports whether s[i] exists and is an ASCII digit.
func isDigit(s string, i int) bool {
	return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9'
}
