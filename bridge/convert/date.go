package convert

import (
	"strconv"
	"time"
)

// isoBasic is the layout Taskwarrior writes dates in (Datetime::toISO).
const isoBasic = "20060102T150405Z"

// dateLayouts are the textual forms accepted for a date on import: the ISO basic form
// Taskwarrior writes, the same with a numeric offset, and the ISO extended forms. A form
// without a zone is read as UTC (a server has no user time zone to apply).
var dateLayouts = []string{
	"20060102T150405Z0700",
	"20060102T150405",
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

// Range of epoch seconds whose ISO basic form has a four-digit year (0001 to 9999).
const (
	minISOEpoch = -62135596800
	maxISOEpoch = 253402300799
)

// parseDate reads an epoch-seconds integer or one of dateLayouts and returns epoch seconds.
// A string of digits is always epoch seconds, never a compact YYYYMMDD date.
func parseDate(s string) (int64, bool) {
	if isInteger(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Unix(), true
		}
	}
	return 0, false
}

// epochText returns the task map form of a date: epoch seconds as decimal text. A value that
// is not a date is returned unchanged.
func epochText(s string) string {
	if n, ok := parseDate(s); ok {
		return strconv.FormatInt(n, 10)
	}
	return s
}

// isoText returns the 2.x JSON form of a task map date: YYYYMMDDTHHMMSSZ in UTC. A value that
// is not an integer, or whose year has more than four digits, is returned unchanged.
func isoText(s string) string {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < minISOEpoch || n > maxISOEpoch {
		return s
	}
	return time.Unix(n, 0).UTC().Format(isoBasic)
}

// importDate returns the task map form of a 2.x value of a date attribute. A UDA's value is
// converted only when it is in the ISO basic form a 2.x client writes, so that every converted
// value converts back to the same text (see exportDate); a built-in attribute's value is read
// from any form parseDate knows.
func importDate(s string, builtin bool) string {
	if builtin {
		return epochText(s)
	}
	if !isISOBasic(s) {
		return s
	}
	return epochText(s)
}

// exportDate returns the 2.x form of a task map value of a date attribute: ISO basic for
// epoch seconds. A UDA's value is converted only when it is canonical epoch seconds (no sign
// other than "-", no leading zero), so that every converted value converts back to the same
// text; a built-in attribute's value whenever it is an integer.
func exportDate(s string, builtin bool) string {
	if !builtin && !isCanonicalInteger(s) {
		return s
	}
	return isoText(s)
}

// isCanonicalInteger reports whether s is an integer as strconv.FormatInt writes it.
func isCanonicalInteger(s string) bool {
	n, err := strconv.ParseInt(s, 10, 64)
	return err == nil && strconv.FormatInt(n, 10) == s
}

// isISOBasic reports whether s is a valid date in exactly the form YYYYMMDDTHHMMSSZ.
func isISOBasic(s string) bool {
	_, err := time.Parse(isoBasic, s)
	return err == nil && len(s) == len(isoBasic)
}

// isInteger reports whether s is an optional sign followed by one or more ASCII digits.
func isInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	return s != "" && skipDigits(s, 0) == len(s)
}
