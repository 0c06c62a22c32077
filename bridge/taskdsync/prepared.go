package taskdsync

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"

	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// DefaultPrepareFrom is the number of uploaded tasks from which a sync is prepared outside the
// chain lock. Below it, the parse, merge and seal take well under a millisecond, less than the
// extra read a preparation costs; a first sync (no key) is always prepared, because its answer
// lists every task of the account.
const DefaultPrepareFrom = 64

// Bounds of the parts a prepared upload is split into, each appended as a version of its own:
// what one part costs in memory while it is merged and sealed (about 25 times its lines) stays
// a small fraction of a 10 MiB upload, while a 10 MiB upload of typical tasks makes about 40
// versions.
const (
	// DefaultPartLines is the most task lines a part starts with.
	DefaultPartLines = 2048
	// DefaultPartBytes is the most bytes of task lines a part starts with.
	DefaultPartBytes = 256 << 10
)

// errUnprepared is a sync that was not prepared, or whose preparation no longer holds under the
// lock: it is answered under the lock instead.
var errUnprepared = errors.New("taskdsync: the sync is answered under the chain lock")

// preparedSync is a sync computed on a read of the account made without its chain lock: all
// of its work but the append and the checks that decide it.
type preparedSync struct {
	at    keyAt
	udas  map[string]string // the account's UDA types as read
	types convert.Types
	// refused is the upload's parse error, answered when the account stands as read.
	refused error
	batch   *chain.Batch // nil when refused
	list    *listing
}

// prepares reports whether req is worth preparing: a first sync, or a large upload.
func (s *Service) prepares(req taskd.SyncRequest) bool {
	return req.Key == "" || s.largeUpload(req)
}

// largeUpload reports whether req uploads prepareFrom tasks or a part's bytes.
func (s *Service) largeUpload(req taskd.SyncRequest) bool {
	if len(req.Tasks) >= s.prepareFrom {
		return true
	}
	size := 0
	for _, line := range req.Tasks {
		size += len(line)
	}
	return size >= s.parts.Bytes
}

// maxPrepares is how many times a sync is prepared, each time because another write to the
// account moved its chain while it was prepared, before it is done under the lock; except a
// large upload where the lock holds every account (SQLite), which is refused instead: doing it
// under the lock would hold every account's writes for as long as its parse, merge and seal
// take, which a client could bring about at will by writing to its own account meanwhile.
const maxPrepares = 3

// errMovedWhilePrepared refuses a large upload whose account moved while it was prepared, each
// of the maxPrepares times; nothing was written, and the client may try again.
var errMovedWhilePrepared = fmt.Errorf("taskdsync: the account changed while the sync was prepared, %d times: %w", maxPrepares, chain.ErrStale)

// syncPrepared answers a large sync with the expensive part done outside the chain lock (see
// prepareAndAppend), in the account's turn among its prepared syncs, prepared again when
// another write to the account moved it meanwhile. After maxPrepares tries a large upload is
// refused with errMovedWhilePrepared when the store's lock holds every account. errUnprepared
// when the sync is not worth preparing, the store cannot read without the lock, the preparation
// failed or it went stale maxPrepares times and is not refused: nothing was written, and the
// caller answers under the lock.
func (s *Service) syncPrepared(ctx context.Context, accountID int64, req taskd.SyncRequest) (taskd.SyncResponse, error) {
	if !s.prepares(req) {
		return taskd.SyncResponse{}, errUnprepared
	}
	release, err := s.turns.take(ctx, accountID)
	if err != nil {
		return taskd.SyncResponse{}, fmt.Errorf("waiting for the account's other syncs: %w", err)
	}
	defer release()
	for try := 1; try <= maxPrepares; try++ {
		resp, err := s.prepareAndAppend(ctx, accountID, req)
		if !errors.Is(err, chain.ErrStale) {
			return resp, err
		}
		s.log.Info("the account changed while a sync was prepared", zap.Int64("account", accountID), zap.Int("try", try))
	}
	if s.core.LockIsShared() && s.largeUpload(req) {
		return taskd.SyncResponse{}, errMovedWhilePrepared
	}
	return taskd.SyncResponse{}, errUnprepared
}

// prepareAndAppend reads the account without the lock (on SQLite, beside the single writer
// rather than in its turn), splits the upload into parts whose lines of one task are together,
// and for each part parses, merges, seals and applies it as a version of its own, kept in a
// temporary file; it lists what the answer sends as it goes. Then, under the lock, it checks
// that the chain head, the account key and the UDA types are still those it read, appends the
// versions one after the other in the one transaction, and lists the server's repairs. The
// account's status, mode and quota are decided under the lock as for any write. chain.ErrStale
// when the account moved meanwhile; errUnprepared when the store cannot read without the lock
// or the preparation failed, except for a refusal of the server's temporary space
// (chain.SpillLimitError), which is answered as it is. Nothing is written in either case.
func (s *Service) prepareAndAppend(ctx context.Context, accountID int64, req taskd.SyncRequest) (taskd.SyncResponse, error) {
	ps := &preparedSync{}
	defer s.release(accountID, ps) // registered first: a panic while preparing releases too
	ok, err := s.core.ReadPlaintext(ctx, accountID, func(ctx context.Context, p *chain.Plaintext) error {
		return s.prepare(ctx, p, req, ps)
	})
	var full *chain.SpillLimitError
	if errors.As(err, &full) {
		return taskd.SyncResponse{}, err // it would be refused under the lock too
	}
	if !ok || err != nil {
		return taskd.SyncResponse{}, errUnprepared
	}
	return s.appendLocked(ctx, accountID, req, ps, false)
}

// syncSplitLocked does what syncPrepared does, in one transaction under the lock: for a large
// sync that could not be prepared (the store cannot read without the lock, or the preparation
// failed), so that it costs the memory a prepared one does. On SQLite it holds the writer's turn
// while it works, as every sync did before preparations.
func (s *Service) syncSplitLocked(ctx context.Context, accountID int64, req taskd.SyncRequest) (taskd.SyncResponse, error) {
	ps := &preparedSync{}
	defer s.release(accountID, ps)
	return s.appendLocked(ctx, accountID, req, ps, true)
}

// appendLocked appends ps in one transaction under the account's chain lock, preparing it there
// first when prepareFirst is set, and answers req.
func (s *Service) appendLocked(ctx context.Context, accountID int64, req taskd.SyncRequest, ps *preparedSync, prepareFirst bool) (taskd.SyncResponse, error) {
	var head store.Chain
	err := s.core.UpdatePlaintext(ctx, accountID, func(ctx context.Context, p *chain.Plaintext) error {
		if prepareFirst {
			s.release(accountID, ps) // a callback run again starts over
			if err := s.prepare(ctx, p, req, ps); err != nil {
				return err
			}
		}
		var err error
		head, err = ps.append(ctx, p)
		return err
	})
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	return ps.list.response(req, head), nil
}

// append, under the lock, checks that the account stands as the preparation read it, answers
// the upload's parse error if it had one, appends the batch and lists the server's repairs. It
// returns the chain as the append left it.
func (ps *preparedSync) append(ctx context.Context, p *chain.Plaintext) (store.Chain, error) {
	if err := ps.unchanged(ctx, p.Tx()); err != nil || ps.refused != nil {
		return store.Chain{}, cmp.Or(err, ps.refused)
	}
	ps.list.startRepairs()
	p.OnRepaired(ps.list.addRepaired)
	if _, err := p.AppendBatch(ctx, ps.batch); err != nil {
		return store.Chain{}, err
	}
	return p.Tx().Chain(), nil
}

// release removes the temporary file of a preparation.
func (s *Service) release(accountID int64, ps *preparedSync) {
	if ps == nil || ps.batch == nil {
		return
	}
	if err := ps.batch.Close(); err != nil {
		s.log.Warn("removing a prepared sync's temporary file", zap.Int64("account", accountID), zap.Error(err))
	}
}

// prepare does what sync does, on a read of the account without the lock, short of appending,
// into ps (anew). ps holds its batch from the start, so that the caller, which releases ps
// whatever happens, removes its temporary file even when prepare fails or panics.
func (s *Service) prepare(ctx context.Context, p *chain.Plaintext, req taskd.SyncRequest, ps *preparedSync) error {
	tx := p.Tx()
	since, known := s.keyPosition(ctx, tx, p.Account().ID, req.Key)
	*ps = preparedSync{at: keyAt{since: since, known: known, head: known && since == tx.Chain().LatestSeq}}
	var err error
	if ps.udas, ps.types, err = accountTypes(ctx, tx); err != nil {
		return err
	}
	parts, err := merge.SplitUpload(req.Tasks, ps.types, s.parts)
	if err != nil {
		ps.refuse(err)
		return nil
	}
	ps.batch = p.NewBatch(len(req.Tasks))
	ps.list = newListing(ps.at, ps.types, req)
	for i := range parts.Len() {
		if err := ps.addPart(ctx, tx, req.Tasks, parts.Chunk(i)); err != nil || ps.refused != nil {
			return err
		}
	}
	if err := ps.batch.Finish(ctx); err != nil {
		return err
	}
	return ps.list.addStored(ctx, tx, ps.batch)
}

// refuse records the upload's parse error, answered under the lock when the account stands as
// read (a 500 naming the bad line, as taskd answers).
func (ps *preparedSync) refuse(err error) {
	ps.refused = taskd.SyncFailed(fmt.Sprintf("Could not parse an uploaded task: %v", err), err)
}

// addPart parses, merges and adds to the batch the lines idx of the upload, and lists them.
func (ps *preparedSync) addPart(ctx context.Context, tx store.PlaintextTx, lines [][]byte, idx []int32) error {
	up, err := merge.ParseLines(lines, idx, ps.types)
	if err != nil {
		ps.refuse(err)
		return nil
	}
	out, loaded, err := mergeUpload(ctx, tx, up, ps.at)
	if err != nil {
		return err
	}
	changed, err := ps.batch.Add(ctx, out.Ops, loaded)
	if err != nil {
		return err
	}
	return ps.list.addPart(out, changed)
}

// unchanged checks, under the lock, that the account's UDA types are those the upload was
// parsed with (they change without a version); chain.ErrStale when they are not. The chain head
// and the key are checked by AppendBatch.
func (ps *preparedSync) unchanged(ctx context.Context, tx store.PlaintextTx) error {
	udas, err := tx.UDATypes(ctx)
	if err != nil {
		return err
	}
	if !maps.Equal(udas, ps.udas) {
		return chain.ErrStale
	}
	return nil
}
