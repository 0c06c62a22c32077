package chain

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

// Store is what the core needs of a store engine.
type Store interface {
	// ChainUpdate runs fn in one transaction holding the account's chain lock; fn must use only
	// the transaction it is given.
	ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
}

// Config sets the core's schedule and clock.
type Config struct {
	// Snapshots sets when a snapshot is due: asked of clients of encrypted accounts, made by the
	// server for plaintext ones.
	Snapshots SnapshotPolicy
	// Quota is the default quota of every account's history, which an account's own values
	// override; a zero field sets no limit.
	Quota store.Quota
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// SpillDir is the directory of the temporary files in which a Batch keeps the versions it
	// prepared (see Plaintext.NewBatch); empty means os.TempDir ($TMPDIR).
	SpillDir string
	// SpillLimit is the most bytes those files may hold at once, all batches together; a batch
	// that would go past it fails with a *SpillLimitError. 0 means no limit (DefaultSpillLimit is
	// the server's default).
	SpillLimit int64
}

// Core appends versions to accounts' chains. It is safe for concurrent use.
type Core struct {
	store Store
	keys  *keyRing // nil without a master key: plaintext accounts are refused
	cfg   Config
	// spilled counts what the batches' temporary files hold, against cfg.SpillLimit.
	spilled spillBudget
}

// New returns a Core over st. An invalid (zero) master key means taskgate has none, and every
// write to a plaintext account is refused with ErrNoMasterKey.
func New(st Store, master keys.MasterKey, cfg Config) *Core {
	c := &Core{store: st, cfg: cfg}
	c.spilled.limit = cfg.SpillLimit
	if master.Valid() {
		c.keys = newKeyRing(master)
	}
	return c
}

// ServesPlaintext reports whether the core can write plaintext accounts (it has a master key).
func (c *Core) ServesPlaintext() bool { return c.keys != nil }

func (c *Core) now() time.Time {
	if c.cfg.Now != nil {
		return c.cfg.Now()
	}
	return time.Now()
}

// locked reads the locked account, with its plaintext operations when it is plaintext (ptx is
// nil for an encrypted account).
func locked(ctx context.Context, tx store.ChainTx) (store.PlaintextTx, store.PlaintextAccount, error) {
	ptx, pa, err := tx.Plaintext(ctx)
	if errors.Is(err, store.ErrNotPlaintext) {
		return nil, pa, nil
	}
	return ptx, pa, err
}

// update runs fn under the account's chain lock (store ChainUpdate). An account that is gone
// before the lock is taken — deleted since the caller looked it up — is ErrNoAccount.
func (c *Core) update(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	ran := false
	err := c.store.ChainUpdate(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ran = true
		return fn(ctx, tx)
	})
	if !ran && errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%w: %w", ErrNoAccount, err)
	}
	return err
}

// head reads the chain head in a transaction of its own, to answer a write that lost a race the
// lock should have prevented with a NotHeadError that names the head, never an internal error.
func (c *Core) head(ctx context.Context, accountID int64) error {
	var h NotHeadError
	err := c.update(ctx, accountID, func(_ context.Context, tx store.ChainTx) error {
		h.Latest = tx.Chain().Latest
		return nil
	})
	if err != nil {
		return err
	}
	return &h
}

// Urgency is how strongly a client that just appended to a chain that stood at ch is asked
// for a snapshot.
func (c *Core) Urgency(ch store.Chain) Urgency { return c.cfg.Snapshots.Urgency(ch, c.now()) }
