package taskdsync

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/google/uuid"

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
	merged  merge.Output
	version *chain.Prepared
	// listed holds the tasks changed after the key as read (every task for an unknown key);
	// nil when the key is the head.
	listed []store.TaskState
}

// prepares reports whether req is worth preparing.
func (s *Service) prepares(req taskd.SyncRequest) bool {
	return req.Key == "" || len(req.Tasks) >= s.prepareFrom
}

// syncPrepared answers a large sync with the expensive part done outside the chain lock: it
// reads the account without the lock (on SQLite, beside the single writer rather than in its
// turn), parses, merges, seals and applies the upload there, and reads what the answer lists;
// then, under the lock, it checks that the chain head, the account key and the UDA types are
// still those it read, and appends. The account's status, mode and quota are decided under
// the lock as for any write. errUnprepared when the sync is not worth preparing, the store
// cannot read without the lock, the preparation failed or the account moved meanwhile:
// nothing was written, and the caller answers under the lock.
func (s *Service) syncPrepared(ctx context.Context, accountID int64, req taskd.SyncRequest) (taskd.SyncResponse, error) {
	if !s.prepares(req) {
		return taskd.SyncResponse{}, errUnprepared
	}
	var ps *preparedSync
	ok, err := s.core.ReadPlaintext(ctx, accountID, func(ctx context.Context, p *chain.Plaintext) error {
		var err error
		ps, err = s.prepare(ctx, p, req)
		return err
	})
	if !ok || err != nil {
		return taskd.SyncResponse{}, errUnprepared
	}
	var head store.Chain
	var repaired map[uuid.UUID]store.TaskState
	err = s.core.UpdatePlaintext(ctx, accountID, func(ctx context.Context, p *chain.Plaintext) error {
		if err := ps.unchanged(ctx, p.Tx()); err != nil || ps.refused != nil {
			return cmp.Or(err, ps.refused)
		}
		if _, _, err := p.AppendPrepared(ctx, ps.version); err != nil {
			return err
		}
		head, repaired = p.Tx().Chain(), p.Repaired()
		return nil
	})
	if errors.Is(err, chain.ErrStale) {
		return taskd.SyncResponse{}, errUnprepared
	}
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	ch := changes{merged: ps.merged, repaired: repaired}
	return answer(req, ch, ps.at, ps.types, head, ps.listedAfter(ch))
}

// prepare does what sync does, on a read of the account without the lock, short of appending.
func (s *Service) prepare(ctx context.Context, p *chain.Plaintext, req taskd.SyncRequest) (*preparedSync, error) {
	tx := p.Tx()
	since, known := s.keyPosition(ctx, tx, p.Account().ID, req.Key)
	ps := &preparedSync{at: keyAt{since: since, known: known, head: known && since == tx.Chain().LatestSeq}}
	var err error
	if ps.udas, ps.types, err = accountTypes(ctx, tx); err != nil {
		return nil, err
	}
	up, err := merge.ParseUpload(req.Tasks, ps.types)
	if err != nil {
		ps.refused = taskd.SyncFailed(fmt.Sprintf("Could not parse an uploaded task: %v", err), err)
		return ps, nil
	}
	out, loaded, err := mergeUpload(ctx, tx, up, ps.at)
	if err != nil {
		return nil, err
	}
	ps.merged = out
	if ps.version, err = p.Prepare(ctx, out.Ops, loaded); err != nil {
		return nil, err
	}
	if ps.listed, err = changedTasks(ctx, tx, ps.at); err != nil {
		return nil, err
	}
	return ps, nil
}

// unchanged checks, under the lock, that the account's UDA types are those the upload was
// parsed with (they change without a version); chain.ErrStale when they are not. The chain head
// and the key are checked by AppendPrepared.
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

// listedAfter returns the tasks changed after the key as they stand after this sync: those
// read, with the states the sync's version and the server's repairs wrote over them, in the
// order a read under the lock gives (by seq then uuid; by uuid for every task).
func (ps *preparedSync) listedAfter(ch changes) []store.TaskState {
	if ps.at.head {
		return nil
	}
	byUUID := func(a, b store.TaskState) int { return bytes.Compare(a.UUID[:], b.UUID[:]) }
	listed := chain.Overlay(ps.listed, slices.SortedFunc(slices.Values(ps.version.Changed()), byUUID))
	listed = chain.Overlay(listed, slices.SortedFunc(maps.Values(ch.repaired), byUUID))
	if !ps.at.known {
		listed = slices.SortedFunc(slices.Values(listed), byUUID)
	}
	return listed
}
