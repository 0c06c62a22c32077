package codec

import (
	"fmt"
	"strings"
	"time"
)

// Year range that RFC 3339 (four-digit years) can express.
const (
	minYear = 0
	maxYear = 9999
)

// appendTimestamp appends t as an RFC 3339 UTC timestamp ending in "Z", with
// 0, 3, 6 or 9 fractional digits as needed: the form Taskwarrior itself
// writes. It fails for years outside 0000-9999.
func appendTimestamp(b []byte, t time.Time) ([]byte, error) {
	t = t.UTC()
	if y := t.Year(); y < minYear || y > maxYear {
		return b, fmt.Errorf("codec: timestamp year %d outside %04d-%04d", y, minYear, maxYear)
	}
	b = t.AppendFormat(b, "2006-01-02T15:04:05")
	switch ns := t.Nanosecond(); {
	case ns == 0:
	case ns%1e6 == 0:
		b = t.AppendFormat(b, ".000")
	case ns%1e3 == 0:
		b = t.AppendFormat(b, ".000000")
	default:
		b = t.AppendFormat(b, ".000000000")
	}
	return append(b, 'Z'), nil
}

// parseTimestamp parses an RFC 3339 timestamp with any offset and returns it
// in UTC. Lower-case "t"/"z" are accepted as RFC 3339 allows; a comma
// before the fraction is not. Digits past nanoseconds are truncated. The
// UTC year must stay within 0000-9999 so that the value can be re-encoded.
func parseTimestamp(s string) (time.Time, error) {
	if strings.ContainsRune(s, ',') {
		return time.Time{}, fmt.Errorf("timestamp %q is not RFC 3339", s)
	}
	t, err := time.Parse(time.RFC3339Nano, strings.Map(upperTZ, s))
	if err != nil {
		return time.Time{}, fmt.Errorf("timestamp %q is not RFC 3339: %w", s, err)
	}
	t = t.UTC()
	if y := t.Year(); y < minYear || y > maxYear {
		return time.Time{}, fmt.Errorf("timestamp %q is outside years %04d-%04d in UTC", s, minYear, maxYear)
	}
	return t, nil
}

// upperTZ maps the RFC 3339 separators 't' and 'z' to upper case.
func upperTZ(r rune) rune {
	switch r {
	case 't':
		return 'T'
	case 'z':
		return 'Z'
	}
	return r
}
