package accounts

import (
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
)

// MaxNameLength is the longest account name, in characters.
const MaxNameLength = 64

// ValidateName checks an account name: 1 to MaxNameLength characters of valid UTF-8, without
// whitespace or control characters, and not shaped like a UUID, since UUID names are reserved
// for the accounts created automatically for an unknown TaskChampion client id.
func ValidateName(name string) error {
	n := utf8.RuneCountInString(name)
	switch {
	case n == 0:
		return refuse(ErrInvalidName, "an account name must not be empty")
	case !utf8.ValidString(name):
		return refuse(ErrInvalidName, "account name %q is not valid UTF-8", name)
	case n > MaxNameLength:
		return refuse(ErrInvalidName, "account name %.20q… is %d characters long; the limit is %d", name, n, MaxNameLength)
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return refuse(ErrInvalidName, "account name %q contains whitespace or a control character", name)
		}
	}
	if _, err := uuid.Parse(name); err == nil {
		return refuse(ErrInvalidName, "account name %q looks like a UUID; such names are reserved for accounts "+
			"created automatically for a client id", name)
	}
	return nil
}
