package sqlite

import (
	"context"
	"errors"
	"runtime"
	"sync"
)

const (
	// maxBatch caps how many queued ChainUpdate calls one transaction takes, so that a batch
	// never grows without bound and a call's wait stays short.
	maxBatch = 64
	// queueLen is how many calls may wait for the writer before enqueueing blocks.
	queueLen = 256
)

// The savepoint statements that fence one call inside a batch; one name suffices because the
// calls of a batch run one after the other.
const (
	savepointSQL  = `SAVEPOINT chain_call`
	releaseSQL    = `RELEASE chain_call`
	rollbackToSQL = `ROLLBACK TO chain_call`
)

// errClosed is what a ChainUpdate gets when the store closes before the call ran.
var errClosed = errors.New("sqlite: update chain: store is closed")

// batcher is the group commit of ChainUpdate. One goroutine owns the writer connection for
// chain updates: it takes whatever calls are queued when it becomes free, runs them one after
// the other in one BEGIN IMMEDIATE transaction, each fenced by a savepoint, then takes and runs
// the calls queued meanwhile, until none is queued or the batch holds maxBatch calls, and
// commits once. No call is told its result before that commit, so an acknowledged call is
// durable and no caller acts on another call's uncommitted writes.
type batcher struct {
	s      *Store
	ctx    context.Context // the batches' own context; callers' contexts never end a batch
	queue  chan *chainCall
	stop   chan struct{}
	exited chan struct{}
	once   sync.Once
	// beforeCommit, when set, runs before each COMMIT; an error from it fails the batch as a
	// failed COMMIT would. Tests set it before the first ChainUpdate.
	beforeCommit func() error
}

// newBatcher returns the batcher of s; start starts it.
func newBatcher(s *Store) *batcher {
	return &batcher{
		s:      s,
		ctx:    context.Background(),
		queue:  make(chan *chainCall, queueLen),
		stop:   make(chan struct{}),
		exited: make(chan struct{}),
	}
}

// start runs the writer goroutine until close.
func (b *batcher) start() { go b.run() }

// close stops the writer goroutine after the batch it is running and waits for it. Calls still
// queued fail with errClosed. close may be called more than once.
func (b *batcher) close() {
	b.once.Do(func() { close(b.stop) })
	<-b.exited
}

// run takes batches off the queue until stop.
func (b *batcher) run() {
	defer close(b.exited)
	for {
		select {
		case <-b.stop:
			return
		case c := <-b.queue:
			b.runBatch(append([]*chainCall{c}, b.take(maxBatch-1)...))
		}
	}
}

// take returns the calls queued right now, at most n, without waiting for more.
func (b *batcher) take(n int) []*chainCall {
	var calls []*chainCall
	for len(calls) < n {
		select {
		case c := <-b.queue:
			calls = append(calls, c)
		default:
			return calls
		}
	}
	return calls
}

// next returns the calls queued for the running batch, at most n. When none is queued, it lets
// the goroutines that are ready to run go first, once, and looks again: a request handler that
// has just been woken with a request in hand is usually a moment away from queueing its call,
// which then shares this batch's COMMIT instead of waiting for it. Yielding is not waiting for
// a time: with nothing else ready to run, the writer goes on at once.
func (b *batcher) next(n int) []*chainCall {
	if n <= 0 {
		return nil
	}
	if calls := b.take(n); len(calls) > 0 {
		return calls
	}
	runtime.Gosched()
	return b.take(n)
}

// runBatch runs the calls still waiting (cancelled ones are skipped) in one transaction, then
// the calls queued while they ran, round after round, until a round finds the queue empty or
// the batch has taken maxBatch calls (see next); then it commits once and tells every call
// that ran its result. A call that arrives while a batch runs thus shares its COMMIT, and its
// fsync, instead of waiting for that COMMIT and then paying for one of its own.
func (b *batcher) runBatch(calls []*chainCall) {
	wc := b.s.wc
	if err := wc.acquire(b.ctx); err != nil {
		b.refuse(calls, mapErr("sqlite: update chain: begin", err))
		return
	}
	ran, err := b.runTx(wc, calls)
	wc.release()
	for _, c := range ran {
		c.finish(err)
	}
}

// runTx runs the transaction of runBatch on wc, which it holds, and returns the calls that ran
// and the batch's error.
func (b *batcher) runTx(wc *writeConn, calls []*chainCall) ([]*chainCall, error) {
	if err := wc.begin(b.ctx); err != nil {
		err = mapErr("sqlite: update chain: begin", err)
		b.refuse(calls, err)
		return nil, err
	}
	r := wc.runner()
	ran := make([]*chainCall, 0, len(calls))
	for taken := len(calls); len(calls) > 0; taken += len(calls) {
		var err error
		if ran, err = b.runRound(r, ran, calls); err != nil {
			return ran, err
		}
		calls = b.next(maxBatch - taken)
	}
	return ran, b.commit(wc)
}

// runRound runs calls inside the transaction r runs in and returns ran with the calls that ran
// appended. An error means the batch was aborted (see abort) and is over: the calls that ran
// are to be told that error, those after them were refused.
func (b *batcher) runRound(r runner, ran, calls []*chainCall) ([]*chainCall, error) {
	for i, c := range calls {
		if !c.claim() {
			continue
		}
		ran = append(ran, c)
		if err := b.runCall(r, c); err != nil {
			b.abort(calls[i+1:], err)
			return ran, err
		}
	}
	return ran, nil
}

// abort ends a batch whose transaction can no longer be trusted: it rolls it back and refuses
// the calls that did not run yet. The calls that ran are told err with the batch's result.
func (b *batcher) abort(rest []*chainCall, err error) {
	b.s.wc.rollback()
	b.refuse(rest, err)
}

// refuse fails, without running them, the calls that are still waiting.
func (b *batcher) refuse(calls []*chainCall, err error) {
	for _, c := range calls {
		if c.claim() {
			c.refuse(err)
		}
	}
}

// commit commits the batch on wc, or rolls it back when beforeCommit or the COMMIT fails (a
// failed COMMIT can leave the transaction open).
func (b *batcher) commit(wc *writeConn) error {
	var err error
	if b.beforeCommit != nil {
		err = b.beforeCommit()
	}
	if err == nil {
		err = wc.commit(b.ctx)
	}
	if err != nil {
		wc.rollback()
		return mapErr("sqlite: update chain: commit", err)
	}
	return nil
}
