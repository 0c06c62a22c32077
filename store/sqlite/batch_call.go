package sqlite

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/taskgate/taskgate/store"
)

// The states of a chainCall; the writer and the caller race to move it out of callQueued.
const (
	callQueued int32 = iota
	callClaimed
	callCancelled
)

// errAborted is the outcome of a callback that neither returned nor panicked (its goroutine
// exited, as runtime.Goexit does).
var errAborted = errors.New("sqlite: update chain: callback did not return")

// chainCall is one queued ChainUpdate. The writer goroutine sends it exactly one turn once it
// claims it; when the turn carries a chainTx the caller runs its callback in its own goroutine,
// sends the outcome on done, and gets its result on result after the batch commits. A direct
// call gets no turn: its caller waits only for result, which also carries a refusal.
type chainCall struct {
	accountID int64
	fn        func(ctx context.Context, tx store.ChainTx) error
	direct    func(ctx context.Context, r runner) error // set for a call the writer runs itself
	state     atomic.Int32
	turn      chan turn
	done      chan outcome
	result    chan error
	outcome   outcome // the writer's copy of what done delivered
}

// turn is the writer's go-ahead for a claimed call: the chainTx to run the callback with, or
// the error that ends the call without running it.
type turn struct {
	tx  *chainTx
	err error
}

// outcome is how a callback ended.
type outcome struct {
	err      error
	panicked bool
	value    any // the panic value
}

// failed reports whether the call's writes must be rolled back.
func (o outcome) failed() bool { return o.err != nil || o.panicked }

// newChainCall returns a queued call; its channels are buffered so that neither side ever
// blocks on a partner that has gone.
func newChainCall(accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) *chainCall {
	return &chainCall{
		accountID: accountID,
		fn:        fn,
		turn:      make(chan turn, 1),
		done:      make(chan outcome, 1),
		result:    make(chan error, 1),
	}
}

// newDirectCall returns a queued call whose work the writer goroutine does itself, inside the
// batch, without handing a transaction to the caller (see Store.direct).
func newDirectCall(work func(ctx context.Context, r runner) error) *chainCall {
	c := newChainCall(0, nil)
	c.direct = work
	return c
}

// refuse ends a claimed call that will not run with err.
func (c *chainCall) refuse(err error) {
	if c.direct != nil {
		c.result <- err
		return
	}
	c.turn <- turn{err: err}
}

// claim moves a queued call to the writer; false means the caller gave up first.
func (c *chainCall) claim() bool { return c.state.CompareAndSwap(callQueued, callClaimed) }

// cancel withdraws a queued call; false means the writer claimed it first.
func (c *chainCall) cancel() bool { return c.state.CompareAndSwap(callQueued, callCancelled) }

// finish sends the call its result once its batch has ended: the batch's error if the batch
// failed, and otherwise the call's own error.
func (c *chainCall) finish(batchErr error) {
	if batchErr != nil {
		c.result <- batchErr
		return
	}
	c.result <- c.outcome.err
}

// run runs the callback with tx in the caller's goroutine, waits for the batch's result and
// returns it; a panic of the callback is raised again here once its savepoint is rolled back.
func (c *chainCall) run(ctx context.Context, tx *chainTx) error {
	out := c.call(ctx, tx)
	err := <-c.result
	if out.panicked {
		panic(out.value)
	}
	return err
}

// call runs the callback, unless ctx has ended, and always reports how it ended on done (also
// when it panics or its goroutine exits). A callback that returns nil still fails when one of
// its writes failed or ctx ended meanwhile.
func (c *chainCall) call(ctx context.Context, tx *chainTx) (out outcome) {
	returned := false
	defer func() {
		if !returned {
			out = outcome{err: errAborted}
			if v := recover(); v != nil {
				out = outcome{panicked: true, value: v}
			}
		}
		c.done <- out
	}()
	err := ctx.Err()
	if err == nil {
		err = c.fn(ctx, tx)
	}
	if err == nil {
		err = tx.failed
	}
	if err == nil {
		err = ctx.Err()
	}
	returned = true
	return outcome{err: err}
}

// runCall runs one claimed call inside the batch transaction, through r: SAVEPOINT, the chain read under
// the lock, the callback (in the caller's goroutine), then RELEASE, or ROLLBACK TO and RELEASE
// when it failed. An error means the transaction can no longer be trusted.
func (b *batcher) runCall(r runner, c *chainCall) error {
	if _, err := r.exec(b.ctx, savepointSQL); err != nil {
		err = mapErr("sqlite: update chain: savepoint", err)
		if c.direct == nil {
			c.turn <- turn{err: err}
		}
		return err
	}
	if c.direct != nil {
		return b.runDirect(r, c)
	}
	ch, err := chainRead(b.ctx, r, c.accountID)
	if err != nil {
		c.outcome = outcome{err: mapErr("sqlite: lock chain", err)}
		c.turn <- turn{err: c.outcome.err}
		return b.undo(r)
	}
	c.turn <- turn{tx: &chainTx{r: r.detached(), chain: ch, now: b.s.now}}
	c.outcome = <-c.done
	if c.outcome.failed() {
		return b.undo(r)
	}
	_, err = r.exec(b.ctx, releaseSQL)
	return mapErr("sqlite: update chain: release savepoint", err)
}

// runDirect does the work of a direct call under the savepoint runCall opened; its caller is
// told the outcome with the batch's result.
func (b *batcher) runDirect(r runner, c *chainCall) error {
	c.outcome = outcome{err: c.direct(b.ctx, r)}
	if c.outcome.failed() {
		return b.undo(r)
	}
	_, err := r.exec(b.ctx, releaseSQL)
	return mapErr("sqlite: update chain: release savepoint", err)
}

// undo rolls back and releases the savepoint of the current call.
func (b *batcher) undo(r runner) error {
	if _, err := r.exec(b.ctx, rollbackToSQL); err != nil {
		return mapErr("sqlite: update chain: roll back savepoint", err)
	}
	_, err := r.exec(b.ctx, releaseSQL)
	return mapErr("sqlite: update chain: release savepoint", err)
}

// enqueue hands c to the writer goroutine.
func (b *batcher) enqueue(ctx context.Context, c *chainCall) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case b.queue <- c:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-b.exited:
		return errClosed
	}
}

// await waits for c's turn. A call still queued when ctx ends (or the store closes) is
// withdrawn and never runs; once claimed, its turn is on its way and await takes it.
func (b *batcher) await(ctx context.Context, c *chainCall) (turn, error) {
	select {
	case t := <-c.turn:
		return t, nil
	case <-ctx.Done():
		if c.cancel() {
			return turn{}, ctx.Err()
		}
	case <-b.exited:
		if c.cancel() {
			return turn{}, errClosed
		}
	}
	return <-c.turn, nil
}

// awaitResult waits for the result of the direct call c. A call still queued when ctx ends (or
// the store closes) is withdrawn and never runs; once claimed, its result is on its way.
func (b *batcher) awaitResult(ctx context.Context, c *chainCall) error {
	select {
	case err := <-c.result:
		return err
	case <-ctx.Done():
		if c.cancel() {
			return ctx.Err()
		}
	case <-b.exited:
		if c.cancel() {
			return errClosed
		}
	}
	return <-c.result
}
