package store

import (
	"errors"
	"fmt"

	"github.com/google/uuid"
)

// AccountCreateParams describes a new account. The account, its (empty) chain and the optional
// TaskChampion client are created in one transaction.
type AccountCreateParams struct {
	// Name is unique across accounts.
	Name string
	// Mode is fixed at creation; nothing converts an account silently.
	Mode Mode
	// ClientID is a TaskChampion client id to attach, or uuid.Nil for none.
	ClientID uuid.UUID
}

// Validate reports a parameter that no engine would accept. Its errors are not sentinels: they
// describe a caller mistake, not a state of the database.
func (p AccountCreateParams) Validate() error {
	if p.Name == "" {
		return errors.New("store: account name is empty")
	}
	if !p.Mode.Valid() {
		return fmt.Errorf("store: invalid account mode %q", p.Mode)
	}
	return nil
}
