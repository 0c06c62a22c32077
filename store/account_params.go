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
	// Key is required for a plaintext account and forbidden for an encrypted one; its ClientID
	// must equal ClientID.
	Key *AccountKey
	// Taskd, when set, is a taskd login created with the account (AccountID is filled in). Only
	// plaintext accounts can have one.
	Taskd *TaskdCredential
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
	if (p.Mode == ModePlaintext) != (p.Key != nil) {
		return errors.New("store: a plaintext account needs a key and an encrypted one must not have one")
	}
	if p.Taskd != nil && p.Mode != ModePlaintext {
		return errors.New("store: only a plaintext account can have taskd credentials")
	}
	if p.Key != nil && (p.ClientID == uuid.Nil || p.Key.ClientID != p.ClientID) {
		return errors.New("store: a plaintext account's key must belong to its client id")
	}
	return nil
}
