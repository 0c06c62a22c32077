package champion

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// ErrRefused marks a version the server will not store for a plaintext account. Errors wrapping
// it are answered 400 with the error's text as the body, so the client's user learns why.
var ErrRefused = errors.New("version refused")

// Plaintext reads plaintext accounts. A nil Plaintext means taskgate has no master key, and
// versions of plaintext accounts are refused with 503.
type Plaintext interface {
	// Apply opens a version of a plaintext account with the account's key and applies it to the
	// account's task state in tx, before the version is stored. Errors wrapping ErrRefused stop
	// the version with 400; nothing is stored.
	Apply(ctx context.Context, tx store.ChainTx, acct store.Account, parent uuid.UUID, segment []byte) error
	// Snapshot makes and stores a snapshot of the account at v, which tx just appended.
	Snapshot(ctx context.Context, tx store.ChainTx, acct store.Account, v store.Version) error
}

// errNoMasterKey answers versions of plaintext accounts when no master key is configured.
var errNoMasterKey = errorf(503, "this server has no master key configured, so it cannot serve plaintext accounts")

// applyPlaintext runs before a version of a plaintext account is stored.
func (s *Server) applyPlaintext(ctx context.Context, tx store.ChainTx, acct store.Account, parent uuid.UUID, body []byte) error {
	if acct.Mode != store.ModePlaintext {
		return nil
	}
	if s.plain == nil {
		return errNoMasterKey
	}
	return s.plain.Apply(ctx, tx, acct, parent, body)
}

// snapshotPlaintext makes the server's own snapshot of a plaintext account when the urgency rule
// asks for one, and then asks the client for none.
func (s *Server) snapshotPlaintext(ctx context.Context, tx store.ChainTx, acct store.Account, v store.Version, u Urgency) (Urgency, error) {
	if acct.Mode != store.ModePlaintext || u == UrgencyNone {
		return u, nil
	}
	if err := s.plain.Snapshot(ctx, tx, acct, v); err != nil {
		return u, err
	}
	return UrgencyNone, nil
}
