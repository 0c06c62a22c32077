package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/replica"
	"github.com/taskgate/taskgate/gateway/store"
)

// secretSize is the number of random bytes in a generated encryption secret.
const secretSize = 32

// Add creates an account with a new random TaskChampion client id. An encrypted account keeps
// no secret: its owner chooses one and the server never learns it. A plaintext account gets a
// generated encryption secret, which the server keeps sealed under the master key (so a
// plaintext account needs one).
func (m *Manager) Add(ctx context.Context, name string, mode store.Mode) (Created, error) {
	if err := ValidateName(name); err != nil {
		return Created{}, err
	}
	clientID, err := uuid.NewRandom()
	if err != nil {
		return Created{}, fmt.Errorf("generating a client id: %w", err)
	}
	p := store.AccountCreateParams{Name: name, Mode: mode, ClientID: clientID}
	secret, err := m.plaintextKey(&p)
	if err != nil {
		return Created{}, err
	}
	a, err := m.st.AccountCreate(ctx, p)
	if err != nil {
		return Created{}, m.createErr(ctx, name, err)
	}
	ids := []uuid.UUID{clientID}
	return Details{Summary: summary(a, ids), Taskrc3: m.taskrc3(clientID, secret)}, nil
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
	key, err := replica.SealAccountKey(m.master, p.ClientID, []byte(secret))
	if err != nil {
		return "", fmt.Errorf("sealing the account key: %w", err)
	}
	p.Key = &key
	return secret, nil
}

// createErr explains a failed AccountCreate; a conflict is almost always a taken name.
func (m *Manager) createErr(ctx context.Context, name string, err error) error {
	if errors.Is(err, store.ErrConflict) {
		if _, getErr := m.st.AccountGetByName(ctx, name); getErr == nil {
			return refuse(store.ErrConflict, "an account named %q already exists", name)
		}
	}
	return fmt.Errorf("creating account %q: %w", name, err)
}

// newSecret returns secretSize random bytes as unpadded base64url, ready for a .taskrc line.
func newSecret() (string, error) {
	b := make([]byte, secretSize)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generating an encryption secret: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}
