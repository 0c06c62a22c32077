package taskdsync

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// Authenticate maps taskd credentials to a plaintext account: 430 for unknown or mismatched
// credentials or a client certificate the CertBinding refuses, 431 for a suspended account, 432
// for a terminated one. Every 430 is reported to the AuthFailures.
func (s *Service) Authenticate(ctx context.Context, c taskd.Credentials) (taskd.Account, error) {
	acct, err := s.authenticate(ctx, c)
	if err != nil {
		s.reportFailure(ctx, c, err)
	}
	return acct, err
}

// authenticate is Authenticate without the report of a failure.
func (s *Service) authenticate(ctx context.Context, c taskd.Credentials) (taskd.Account, error) {
	key, err := uuid.Parse(c.Key)
	if err != nil {
		return taskd.Account{}, taskd.AccessDenied(err)
	}
	login, err := s.store.TaskdLoginGet(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return taskd.Account{}, taskd.AccessDenied(err)
	}
	if err != nil {
		return taskd.Account{}, fmt.Errorf("looking up taskd credentials: %w", err)
	}
	cred := login.Credential
	if cred.Org != c.Org || (c.User != "" && cred.User != c.User) {
		return taskd.Account{}, taskd.AccessDenied(errors.New("org or user does not match the key"))
	}
	if err := s.checkCert(ctx, login.Account.ID, c); err != nil {
		return taskd.Account{}, err
	}
	if err := orgAllows(login.Org); err != nil {
		return taskd.Account{}, err
	}
	if err := usable(login.Account); err != nil {
		return taskd.Account{}, err
	}
	return taskd.Account{ID: login.Account.ID, Org: cred.Org, User: cred.User}, nil
}

// orgAllows applies what taskd kept per organization: a suspension (431) or a redirect (301).
func orgAllows(org store.TaskdOrg) error {
	if org.Suspended {
		return taskd.AccountSuspended(errors.New("organization suspended"))
	}
	if org.Redirect != "" {
		return taskd.Redirect(org.Redirect)
	}
	return nil
}

// usable refuses, before any lock is taken, accounts a taskd client cannot sync; the chain core
// checks the same again under the lock.
func usable(acct store.Account) error {
	switch {
	case acct.Status != store.StatusActive:
		return inactive(acct.Status, nil)
	case acct.Mode != store.ModePlaintext:
		return taskd.NewStatusError(taskd.StatusAccessDenied, textEncrypted, nil)
	}
	return nil
}
