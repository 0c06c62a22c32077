package accounts

import (
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// AddParams describes an account for AddWith.
type AddParams struct {
	Name string
	Mode store.Mode
	// Taskd, when set, gives the account (which must be plaintext) a Taskwarrior 2.x login.
	Taskd *TaskdParams
}

// TaskdParams is the Taskwarrior 2.x login of a new account and its first device.
type TaskdParams struct {
	Login TaskdLogin
	// Device is the first device certificate; its name defaults to the account's.
	Device DeviceParams
}

// checkAdd checks the name and, with a taskd login, the mode, the login and the device name,
// which it defaults to the account's name in a copy of p.Taskd (the caller's stays as it was).
func checkAdd(p *AddParams) error {
	if err := ValidateName(p.Name); err != nil {
		return err
	}
	if p.Taskd == nil {
		return nil
	}
	if p.Mode == store.ModeEncrypted {
		return refuse(ErrEncrypted, "%s. Create the account with --plaintext instead of --encrypted, or make an "+
			"existing encrypted account plaintext with `taskgate account convert` (it needs the encryption secret)", taskdNeedsPlaintext)
	}
	if err := p.Taskd.Login.Validate(); err != nil {
		return err
	}
	td := *p.Taskd
	if td.Device.Name == "" {
		td.Device.Name = p.Name
	}
	p.Taskd = &td
	return ValidateDeviceName(td.Device.Name)
}

// newTaskdCredential returns the credential of td's login with a new random key; nil without
// td.
func newTaskdCredential(td *TaskdParams) (*store.TaskdCredential, error) {
	if td == nil {
		return nil, nil
	}
	key, err := uuid.NewRandom()
	if err != nil {
		return nil, fmt.Errorf("generating a taskd key: %w", err)
	}
	return &store.TaskdCredential{Org: td.Login.Org, User: td.Login.User, Key: key}, nil
}

// taskdDetail describes td for the audit log: its login and first device, never its key.
func taskdDetail(td *TaskdParams) string {
	if td == nil {
		return ""
	}
	return ", taskd " + td.Login.String() + ", device " + td.Device.Name
}

// creds returns c as a list, empty when c is nil.
func creds(c *store.TaskdCredential) []store.TaskdCredential {
	if c == nil {
		return nil
	}
	return []store.TaskdCredential{*c}
}
