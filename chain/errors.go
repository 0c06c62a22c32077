package chain

import (
	"errors"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// NotHeadError refuses a version whose parent is not the chain's head.
type NotHeadError struct {
	// Latest is the head the version must be based on.
	Latest uuid.UUID
}

func (e *NotHeadError) Error() string {
	return "parent version is not the latest: " + e.Latest.String()
}

// ErrNoAccount means the account is gone: it was deleted after the caller looked it up.
var ErrNoAccount = errors.New("the account does not exist")

// InactiveError refuses a write to an account that is not active.
type InactiveError struct {
	Status store.Status
}

func (e *InactiveError) Error() string { return "account " + string(e.Status) }

// RefusedError refuses a version of a plaintext account that the server cannot read. Reason is
// written for the person at the client: it names settings, never keys or payloads.
type RefusedError struct {
	Reason string
	Err    error
}

func (e *RefusedError) Error() string { return "version refused: " + e.Reason }

func (e *RefusedError) Unwrap() error { return e.Err }

// ErrNoMasterKey refuses writes to plaintext accounts when taskgate has no master key, so it
// cannot open the keys it holds for them.
var ErrNoMasterKey = errors.New("this server has no master key configured, so it cannot serve plaintext accounts")

// active refuses an account that is not active.
func active(a store.Account) error {
	if a.Status != store.StatusActive {
		return &InactiveError{Status: a.Status}
	}
	return nil
}
