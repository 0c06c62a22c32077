package taskdsync

import (
	"errors"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// textEncrypted tells a 2.x user why an encrypted account cannot sync over taskd.
const textEncrypted = "Access denied: the account is encrypted and taskd clients need a plaintext account"

// textMoved tells a 2.x user that a large sync may work when tried again.
const textMoved = "Server busy: the account changed while this sync was prepared; try again"

// textUnavailable tells a 2.x user that the sync may work later.
const textUnavailable = "Server temporarily unavailable: its database cannot be reached; try again later"

// taskdError is the one place where the chain core's refusals become taskd statuses; other
// errors pass unchanged (the taskd server answers them 500 and logs them).
func taskdError(err error) error {
	var ie *chain.InactiveError
	var qe *chain.QuotaError
	var full *chain.SpillLimitError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ie):
		return inactive(ie.Status, err)
	case errors.As(err, &qe):
		// Taskwarrior 2.x prints the status text and keeps its backlog for the next sync.
		return taskd.NewStatusError(taskd.StatusRequestTooBig, qe.Error(), err)
	case errors.As(err, &full) && full.Alone:
		return taskd.NewStatusError(taskd.StatusRequestTooBig, full.Error(), err)
	case errors.As(err, &full):
		return taskd.NewStatusError(taskd.StatusUnavailable, "Server busy: "+full.Error(), err)
	case errors.Is(err, errMovedWhilePrepared):
		return taskd.NewStatusError(taskd.StatusUnavailable, textMoved, err)
	case errors.Is(err, chain.ErrNoAccount):
		return taskd.AccessDenied(err)
	case errors.Is(err, store.ErrNotPlaintext):
		return taskd.NewStatusError(taskd.StatusAccessDenied, textEncrypted, err)
	case errors.Is(err, store.ErrUnavailable):
		return taskd.NewStatusError(taskd.StatusUnavailable, textUnavailable, err)
	}
	return err
}

// inactive refuses an account that is not active, with a status text that says why.
func inactive(s store.Status, cause error) error {
	if s == store.StatusTerminated {
		return taskd.AccountTerminated(cause)
	}
	return taskd.AccountSuspended(cause)
}

// refusedLimit names the limit err is a refusal by (see chain.QuotaError and
// chain.SpillLimitError), for the metrics; ok is false for any other error.
func refusedLimit(err error) (name string, ok bool) {
	var qe *chain.QuotaError
	var full *chain.SpillLimitError
	switch {
	case errors.As(err, &qe):
		return qe.Name(), true
	case errors.As(err, &full):
		return full.Name(), true
	}
	return "", false
}
