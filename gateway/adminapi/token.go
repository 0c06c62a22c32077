package adminapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// MinTokenLength is the shortest token the API accepts: a token is the only credential of an
// API that can delete every account.
const MinTokenLength = 16

// Token is the API's bearer token, kept as its SHA-256 so that comparisons take constant time
// whatever the length of what a caller sends.
type Token struct {
	sum [sha256.Size]byte
	set bool
}

// NewToken checks a token (at least MinTokenLength characters, no whitespace) and returns it. An
// empty string is the zero Token: no API.
func NewToken(s string) (Token, error) {
	switch {
	case s == "":
		return Token{}, nil
	case len(s) < MinTokenLength:
		return Token{}, fmt.Errorf("the admin token is %d characters long; it needs at least %d", len(s), MinTokenLength)
	case strings.ContainsAny(s, " \t\r\n"):
		return Token{}, fmt.Errorf("the admin token must not contain whitespace")
	}
	return Token{sum: sha256.Sum256([]byte(s)), set: true}, nil
}

func (t Token) empty() bool { return !t.set }

// matches reports whether s is the token.
func (t Token) matches(s string) bool {
	sum := sha256.Sum256([]byte(s))
	return t.set && subtle.ConstantTimeCompare(sum[:], t.sum[:]) == 1
}

// middleware answers 401 to a request without "Authorization: Bearer TOKEN" and 403 to one with
// another token.
func (t Token) middleware() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			got, found := strings.CutPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
			switch {
			case !found || got == "":
				c.Response().Header().Set(echo.HeaderWWWAuthenticate, `Bearer realm="taskgate admin"`)
				return apiError(http.StatusUnauthorized, "unauthorized", "send the admin token: Authorization: Bearer TOKEN")
			case !t.matches(got):
				return apiError(http.StatusForbidden, "forbidden", "wrong admin token")
			}
			return next(c)
		}
	}
}
