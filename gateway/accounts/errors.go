package accounts

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error the Manager returns for a refused request matches one of these
// (or store.ErrNotFound / store.ErrConflict, or fs.ErrExist for a device file that is already
// there) with errors.Is, and its text says what to do.
var (
	// ErrInvalidName means an account name breaks the naming rules (see ValidateName).
	ErrInvalidName = errors.New("invalid account name")
	// ErrNoMasterKey means a plaintext account was asked for but no master key is configured.
	ErrNoMasterKey = errors.New("no master key: set --master-key-file or TASKGATE_MASTER_KEY; " +
		"the embedded default generates one in the data directory")
	// ErrEncrypted means the request needs the server to read an encrypted account's tasks.
	ErrEncrypted = errors.New("account is encrypted")
	// ErrNotConvertible means an account cannot be converted as asked.
	ErrNotConvertible = errors.New("account cannot be converted")
	// ErrWrongSecret means a version of the account does not open with the given secret.
	ErrWrongSecret = errors.New("wrong encryption secret")
	// ErrChainMoved means a client synced while a conversion was being prepared.
	ErrChainMoved = errors.New("the account's chain changed during the conversion")
	// ErrTerminated means a terminated account was asked to change status.
	ErrTerminated = errors.New("account is terminated")
	// ErrInvalidTaskdLogin means a taskd org or user breaks the rules of TaskdLogin.Validate.
	ErrInvalidTaskdLogin = errors.New("invalid taskd login")
	// ErrInvalidDevice means a device name breaks the rules of ValidateDeviceName.
	ErrInvalidDevice = errors.New("invalid device name")
	// ErrInvalidUDA means a UDA declaration names an attribute that cannot be a UDA or a type
	// Taskwarrior does not have.
	ErrInvalidUDA = errors.New("invalid UDA declaration")
	// ErrNoTaskd means the request needs taskd credentials the account does not have.
	ErrNoTaskd = errors.New("account has no taskd credentials")
	// ErrInvalidQuota means a quota value is negative.
	ErrInvalidQuota = errors.New("invalid quota")
	// ErrOneClient means a client id was to be added to or removed from a plaintext account,
	// whose key belongs to its one client id.
	ErrOneClient = errors.New("a plaintext account has exactly one client id")
)

// refusal is an error whose text is written for the operator and which still matches its kind
// with errors.Is.
type refusal struct {
	msg  string
	kind error
}

func (e *refusal) Error() string { return e.msg }

func (e *refusal) Unwrap() error { return e.kind }

// refuse returns a refusal of the given kind with a formatted message.
func refuse(kind error, format string, args ...any) error {
	return &refusal{msg: fmt.Sprintf(format, args...), kind: kind}
}
