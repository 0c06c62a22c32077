package interop

import (
	"testing"

	"github.com/google/uuid"
)

// account is what every client of one task database shares: the server, the client id and the
// encryption secret.
type account struct {
	url      string
	clientID string
	secret   string
}

// newAccount returns fresh credentials on srv; the server creates the account on the first sync.
func newAccount(t *testing.T, srv *server) account {
	t.Helper()
	return account{url: srv.url, clientID: uuid.NewString(), secret: "secret-" + uuid.NewString()}
}
