package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
)

// secretSize is the number of random bytes in a generated encryption secret.
const secretSize = 32

// Add creates an account with a new random TaskChampion client id. An encrypted account keeps
// no secret: its owner chooses one and the server never learns it. A plaintext account gets a
// generated encryption secret, which the server keeps sealed under the master key (so a
// plaintext account needs one). AddWith also gives the account a Taskwarrior 2.x login.
func (m *Manager) Add(ctx context.Context, name string, mode store.Mode) (Created, error) {
	return m.AddWith(ctx, AddParams{Name: name, Mode: mode})
}

// AddWith creates an account as Create does and, with p.Taskd, writes the files of its first
// device as p.Taskd.Device.Dir describes: see AddWithFiles.
func (m *Manager) AddWith(ctx context.Context, p AddParams) (Created, error) {
	return AddWithFiles(ctx, m, p)
}

// Issuer is the part of the account service that creates accounts and issues devices: a
// *Manager, or the admin API's client for a remote server.
type Issuer interface {
	Create(ctx context.Context, p AddParams) (Created, error)
	Delete(ctx context.Context, name string) error
	DeviceIssue(ctx context.Context, name, device string) (IssuedDevice, error)
}

// AddWithFiles creates an account through s and, with p.Taskd, writes the files of its first
// device into p.Taskd.Device.Dir on this machine, so Details.Taskrc2 holds all five settings of
// that device. Everything is checked before anything is written; when the files cannot be
// written the account is deleted again, so nothing is left behind.
func AddWithFiles(ctx context.Context, s Issuer, p AddParams) (Created, error) {
	if err := checkAdd(&p); err != nil {
		return Created{}, err
	}
	if p.Taskd != nil {
		if _, err := freeDeviceFiles(p.Taskd.Device.Dir, p.Taskd.Device.Name); err != nil {
			return Created{}, err
		}
	}
	c, err := s.Create(ctx, p)
	if err != nil || c.Device == nil {
		return c, err
	}
	rc, err := WriteDeviceFiles(p.Taskd.Device.Dir, *c.Device)
	if err != nil {
		if derr := s.Delete(context.WithoutCancel(ctx), p.Name); derr != nil {
			err = errors.Join(err, fmt.Errorf("account %q was created but could not be removed again: %w", p.Name, derr))
		}
		return Created{}, err
	}
	c.Taskrc2, c.Device = rc, nil
	return c, nil
}

// Create creates an account with a new random TaskChampion client id, as Add describes. With
// p.Taskd it also creates a taskd credential (p.Taskd.Login with a new random key) in the same
// transaction as the account, and issues a first device certificate as DeviceIssue does, returned
// in Details.Device without writing any file. When the certificate cannot be issued the account
// is deleted again.
func (m *Manager) Create(ctx context.Context, p AddParams) (c Created, err error) {
	defer func() { err = m.audit(ctx, ActionAdd, p.Name, "mode "+string(p.Mode)+taskdDetail(p.Taskd), err) }()
	if err := checkAdd(&p); err != nil {
		return Created{}, err
	}
	if p.Taskd != nil && m.taskd.Server == "" {
		return Created{}, errors.New("no taskd server address configured for taskd.server")
	}
	clientID, err := uuid.NewRandom()
	if err != nil {
		return Created{}, fmt.Errorf("generating a client id: %w", err)
	}
	sp := store.AccountCreateParams{Name: p.Name, Mode: p.Mode, ClientID: clientID}
	secret, err := m.plaintextKey(&sp)
	if err != nil {
		return Created{}, err
	}
	if sp.Taskd, err = newTaskdCredential(p.Taskd); err != nil {
		return Created{}, err
	}
	a, err := m.st.AccountCreate(ctx, sp)
	if err != nil {
		return Created{}, m.createErr(ctx, p, err)
	}
	d := Details{Summary: summary(a, []uuid.UUID{clientID}, creds(sp.Taskd)), Taskrc3: m.taskrc3(clientID, secret)}
	if sp.Taskd == nil {
		return d, nil
	}
	dev, err := m.issueDevice(ctx, a, *sp.Taskd, p.Taskd.Device.Name)
	if err != nil {
		return Created{}, errors.Join(err, m.undoCreate(ctx, a.Name))
	}
	d.Taskrc2, d.Device = dev.Taskrc2, &dev
	return d, nil
}

// undoCreate deletes an account that was created but could not be finished.
func (m *Manager) undoCreate(ctx context.Context, name string) error {
	a, err := m.account(ctx, name)
	if err == nil {
		err = m.st.AccountDelete(context.WithoutCancel(ctx), a.ID, m.now().UTC())
	}
	if err != nil {
		return fmt.Errorf("account %q was created but could not be removed again: %w", name, err)
	}
	return nil
}

// plaintextKey gives a plaintext account a generated secret and its sealed key, and returns the
// secret; encrypted accounts get neither.
func (m *Manager) plaintextKey(p *store.AccountCreateParams) (string, error) {
	switch p.Mode {
	case store.ModeEncrypted:
		return "", nil
	case store.ModePlaintext:
	default:
		return "", fmt.Errorf("unknown account mode %q: use %s or %s", p.Mode, store.ModeEncrypted, store.ModePlaintext)
	}
	if err := m.requireMasterKey(); err != nil {
		return "", err
	}
	secret, err := newSecret()
	if err != nil {
		return "", err
	}
	key, err := chain.SealAccountKey(m.master, p.ClientID, []byte(secret))
	if err != nil {
		return "", fmt.Errorf("sealing the account key: %w", err)
	}
	p.Key = &key
	return secret, nil
}

// createErr explains a failed AccountCreate: a conflict is a taken name or, failing that, a
// taken taskd login (the random client id and key do not repeat).
func (m *Manager) createErr(ctx context.Context, p AddParams, err error) error {
	if errors.Is(err, store.ErrConflict) {
		if _, getErr := m.st.AccountGetByName(ctx, p.Name); getErr == nil {
			return refuse(store.ErrConflict, "an account named %q already exists", p.Name)
		}
		if p.Taskd != nil {
			return refuse(store.ErrConflict, "the taskd login %s belongs to another account; choose another ORG/USER "+
				"(nothing was created)", p.Taskd.Login)
		}
	}
	return fmt.Errorf("creating account %q: %w", p.Name, err)
}

// newSecret returns secretSize random bytes as unpadded base64url, ready for a .taskrc line.
func newSecret() (string, error) {
	b := make([]byte, secretSize)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating an encryption secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
