package chain

import (
	"context"
	"errors"

	"github.com/taskgate/taskgate/store"
)

// ErrStale refuses a prepared batch whose chain moved (or whose account key changed) between
// the read it was prepared on and the lock; nothing is written. The caller prepares again, or
// does the work under the lock.
var ErrStale = errors.New("chain: the chain moved since the version was prepared")

// errReadOnly refuses an append through a Plaintext read without the lock.
var errReadOnly = errors.New("chain: a plaintext account read without its chain lock cannot append")

// Reader is what a store offers, beside ChainUpdate, to read an account's chain and task state
// in one consistent read-only transaction without the chain lock (writes through its ChainTx
// fail). Both engines have it; a store without it gets no preparation (see ReadPlaintext).
type Reader interface {
	ChainRead(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error
}

// SharedLock is what a store offers whose chain lock is one for every account: holding one
// account's lock holds every account's writes (SQLite's single writer). A store without it
// locks each account on its own.
type SharedLock interface {
	// LockIsShared reports whether holding one account's chain lock holds every account's writes.
	LockIsShared() bool
}

// LockIsShared reports whether the store's chain lock holds every account's writes (see
// SharedLock): work done under the lock then delays every other account.
func (c *Core) LockIsShared() bool {
	s, ok := c.store.(SharedLock)
	return ok && s.LockIsShared()
}

// ReadPlaintext runs fn on a plaintext account read without its chain lock, in one consistent
// read: the expensive, pure part of a write (parsing, merging, sealing, applying) is prepared
// there in a Batch, and only AppendBatch runs under the lock, so a large write does not
// hold the lock — on SQLite, the single writer — while it computes. ok is false, and fn did not
// run, when the store cannot read without the lock or the core has no master key. Nothing read
// here decides a chain rule: the account's status, mode, quota and head are read again under
// the lock.
func (c *Core) ReadPlaintext(ctx context.Context, accountID int64, fn func(ctx context.Context, p *Plaintext) error) (ok bool, err error) {
	r, can := c.store.(Reader)
	if !can || c.keys == nil {
		return false, nil
	}
	return true, r.ChainRead(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, pa, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		p, err := c.plaintext(ptx, pa)
		if err != nil {
			return err
		}
		p.readOnly = true
		return fn(ctx, p)
	})
}
