package accounts

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxTaskdNameLength is the longest taskd org or user, in characters.
const MaxTaskdNameLength = 64

// TaskdLogin is the org and user of a taskd credential: the first two parts of
// taskd.credentials=ORG/USER/KEY. The key is the secret and is not part of it.
type TaskdLogin struct {
	Org  string `json:"org"`
	User string `json:"user"`
}

// String returns ORG/USER.
func (l TaskdLogin) String() string { return l.Org + "/" + l.User }

// ParseTaskdLogin parses ORG/USER and checks both parts with Validate.
func ParseTaskdLogin(s string) (TaskdLogin, error) {
	org, user, ok := strings.Cut(s, "/")
	if !ok {
		return TaskdLogin{}, refuse(ErrInvalidTaskdLogin, "taskd login %q is not ORG/USER", s)
	}
	l := TaskdLogin{Org: org, User: user}
	return l, l.Validate()
}

// Validate checks the org and the user: 1 to MaxTaskdNameLength characters of valid UTF-8
// without '/' (Taskwarrior splits taskd.credentials on it and wants exactly three parts),
// whitespace or control characters, and without '#' or '\' (a .taskrc line ends at '#' and
// decodes backslash escapes).
func (l TaskdLogin) Validate() error {
	return errors.Join(checkTaskdName("org", l.Org), checkTaskdName("user", l.User))
}

// checkTaskdName checks one part of a taskd login; what names it ("org" or "user").
func checkTaskdName(what, s string) error {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		return refuse(ErrInvalidTaskdLogin, "the taskd %s must not be empty", what)
	case !utf8.ValidString(s):
		return refuse(ErrInvalidTaskdLogin, "taskd %s %q is not valid UTF-8", what, s)
	case n > MaxTaskdNameLength:
		return refuse(ErrInvalidTaskdLogin, "taskd %s %.20q… is %d characters long; the limit is %d", what, s, n, MaxTaskdNameLength)
	case strings.Contains(s, "/"):
		return refuse(ErrInvalidTaskdLogin, "taskd %s %q contains '/', which separates the parts of taskd.credentials", what, s)
	case strings.ContainsFunc(s, isSpaceOrControl):
		return refuse(ErrInvalidTaskdLogin, "taskd %s %q contains whitespace or a control character", what, s)
	}
	if why := taskrcProblem(s); why != "" {
		return refuse(ErrInvalidTaskdLogin, "taskd %s %q: %s", what, s, why)
	}
	return nil
}

// isSpaceOrControl reports whitespace and control characters.
func isSpaceOrControl(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }

// taskrcProblem says why Taskwarrior would not read v back from a .taskrc line name=value, or
// returns "": it cuts the line at '#', decodes backslash escapes, trims the value and stops at a
// line break.
func taskrcProblem(v string) string {
	switch {
	case strings.ContainsAny(v, "#\\"):
		return "'#' and '\\' cannot stand in a .taskrc value"
	case strings.ContainsFunc(v, unicode.IsControl):
		return "a control character cannot stand in a .taskrc value"
	case strings.TrimSpace(v) != v:
		return "a .taskrc value cannot begin or end with whitespace"
	}
	return ""
}
