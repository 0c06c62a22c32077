package chain

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// Appended is the outcome of a version a client appended.
type Appended struct {
	// Account is the account as read under the lock.
	Account store.Account
	// Version is the stored version.
	Version store.Version
	// Urgency is how strongly the client is asked for a snapshot: none for a plaintext account,
	// whose snapshots the server makes itself.
	Urgency Urgency
}

// Append stores segment, sealed by a client, as the child of parent on the account's chain.
// Any parent is accepted while the chain is empty (the nil rule); otherwise a parent that is not
// the head is a *NotHeadError naming the head. The account is read under the lock: one that is
// not active is an *InactiveError; for a plaintext one the version is opened with the account's
// key (a *RefusedError when it does not open) and applied to the task state before it is stored.
// A version that would take the account past its quota is a *QuotaError, and nothing is stored.
func (c *Core) Append(ctx context.Context, accountID int64, parent uuid.UUID, segment []byte) (Appended, error) {
	var out Appended
	err := c.update(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ch := tx.Chain()
		if !store.ParentAccepted(ch.Latest, parent) {
			return &NotHeadError{Latest: ch.Latest}
		}
		ptx, pa, err := locked(ctx, tx)
		if err != nil {
			return err
		}
		out.Account = pa.Account
		if err := active(pa.Account); err != nil {
			return err
		}
		if ptx == nil {
			if err := c.checkQuota(ch, int64(len(segment)), 1); err != nil {
				return err
			}
			out.Urgency = c.cfg.Snapshots.Urgency(ch, c.now())
			out.Version, err = tx.VersionAppend(ctx, uuid.New(), parent, segment)
			return err
		}
		out.Version, err = c.appendPlaintext(ctx, ptx, pa, parent, segment)
		return err
	})
	if errors.Is(err, store.ErrConflict) {
		return out, c.head(ctx, accountID)
	}
	return out, err
}

// appendPlaintext opens a client's version of a plaintext account, applies and appends it.
func (c *Core) appendPlaintext(ctx context.Context, ptx store.PlaintextTx, pa store.PlaintextAccount, parent uuid.UUID, segment []byte) (store.Version, error) {
	p, err := c.plaintext(ptx, pa)
	if err != nil {
		return store.Version{}, err
	}
	ops, err := p.openVersion(parent, segment)
	if err != nil {
		return store.Version{}, err
	}
	return p.append(ctx, uuid.New(), parent, segment, ops, nil)
}
