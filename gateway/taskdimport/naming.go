package taskdimport

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/taskgate/taskgate/gateway/accounts"
)

// maxNameTries bounds the numbered alternatives tried when an account name is taken.
const maxNameTries = 20

// accountNames returns the account names to try for a taskd user, best first: "<org>/<user>",
// then "<org>/<user>-2", "-3" and so on. Whitespace and control characters, which account
// names cannot hold, become '_'; names are cut to accounts.MaxNameLength characters.
func accountNames(org, user string) []string {
	base := sanitize(org) + "/" + sanitize(user)
	names := make([]string, 0, maxNameTries)
	for i := 1; i <= maxNameTries; i++ {
		suffix := ""
		if i > 1 {
			suffix = fmt.Sprintf("-%d", i)
		}
		name := truncate(base, accounts.MaxNameLength-utf8.RuneCountInString(suffix)) + suffix
		if accounts.ValidateName(name) == nil {
			names = append(names, name)
		}
	}
	return names
}

// sanitize replaces whitespace, control characters and invalid UTF-8 with '_'.
func sanitize(s string) string {
	s = strings.ToValidUTF8(s, "_")
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return '_'
		}
		return r
	}, s)
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
