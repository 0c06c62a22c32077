package accounts

import (
	"context"
	"errors"
	"fmt"

	"github.com/taskgate/taskgate/store"
)

// TaskdAdd gives a plaintext account a Taskwarrior 2.x login (login with a new random key) and
// returns the settings its devices share: taskd.server and taskd.credentials. Device
// certificates come from DeviceIssue. An encrypted account is refused (ErrEncrypted): the server
// cannot merge what 2.x devices upload into tasks it cannot read; convert it first.
func (m *Manager) TaskdAdd(ctx context.Context, name string, login TaskdLogin) (rc map[string]string, err error) {
	defer func() { err = m.audit(ctx, ActionTaskdAdd, name, "taskd "+login.String(), err) }()
	if err := login.Validate(); err != nil {
		return nil, err
	}
	cred, err := m.newLogin(ctx, name, login)
	if err != nil {
		return nil, err
	}
	err = m.st.TaskdCredentialAdd(ctx, cred)
	if errors.Is(err, store.ErrConflict) {
		return nil, refuse(store.ErrConflict, "the taskd login %s is taken; choose another ORG/USER", login)
	}
	if err != nil {
		return nil, fmt.Errorf("adding taskd credentials to account %q: %w", name, err)
	}
	return m.taskrc2(cred), nil
}

// TaskdRotate gives the account's taskd login a new random key and returns the new settings.
// Devices with the old key are refused (430) until their taskd.credentials line is updated;
// their certificates stay valid.
func (m *Manager) TaskdRotate(ctx context.Context, name string, login TaskdLogin) (rc map[string]string, err error) {
	defer func() { err = m.audit(ctx, ActionTaskdRotate, name, "taskd "+login.String(), err) }()
	cred, err := m.newLogin(ctx, name, login)
	if err != nil {
		return nil, err
	}
	err = m.st.TaskdKeyRotate(ctx, cred.AccountID, cred.Org, cred.User, cred.Key)
	if errors.Is(err, store.ErrNotFound) {
		return nil, refuse(ErrNoTaskd, "account %q has no taskd login %s", name, login)
	}
	if err != nil {
		return nil, fmt.Errorf("rotating the taskd key of account %q: %w", name, err)
	}
	return m.taskrc2(cred), nil
}

// newLogin returns login with a new random key for the account called name, which must be one
// that can have taskd credentials.
func (m *Manager) newLogin(ctx context.Context, name string, login TaskdLogin) (store.TaskdCredential, error) {
	a, err := m.account(ctx, name)
	if err != nil {
		return store.TaskdCredential{}, err
	}
	if a.Mode != store.ModePlaintext {
		return store.TaskdCredential{}, refuse(ErrEncrypted, "account %q is encrypted: %s; make it plaintext first "+
			"with `taskgate account convert`", name, taskdNeedsPlaintext)
	}
	cred, err := newTaskdCredential(&TaskdParams{Login: login})
	if err != nil {
		return store.TaskdCredential{}, err
	}
	cred.AccountID = a.ID
	return *cred, nil
}
