package taskdsync

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// Sync answers one taskd sync request. A large one is prepared on a read of the account made
// without its chain lock and appended under it, prepared again when the account moved meanwhile
// (see syncPrepared); any other, or one that could not be prepared, runs in one transaction
// under the lock. The chain core takes the lock and reads the account's status, mode and key
// under it.
func (s *Service) Sync(ctx context.Context, a taskd.Account, req taskd.SyncRequest) (taskd.SyncResponse, error) {
	start := time.Now()
	resp, err := s.syncPrepared(ctx, a.ID, req)
	if errors.Is(err, errUnprepared) {
		resp, err = s.syncLocked(ctx, a.ID, req)
	}
	if limit, ok := refusedLimit(err); ok && s.obs != nil {
		s.obs.ObserveRefusal("taskd", limit)
	}
	err = taskdError(err)
	s.stats.count(err)
	if s.obs != nil {
		s.obs.ObserveSync(resultCode(resp, err), time.Since(start))
	}
	return resp, err
}

// syncLocked answers a sync in one transaction under the account's chain lock: split into
// versions as a prepared one when it is worth preparing, whole otherwise.
func (s *Service) syncLocked(ctx context.Context, accountID int64, req taskd.SyncRequest) (taskd.SyncResponse, error) {
	if s.prepares(req) {
		return s.syncSplitLocked(ctx, accountID, req)
	}
	var resp taskd.SyncResponse
	err := s.core.UpdatePlaintext(ctx, accountID, func(ctx context.Context, p *chain.Plaintext) error {
		var err error
		resp, err = s.sync(ctx, p, req)
		return err
	})
	return resp, err
}

// resultCode is the status a sync answers with: its response code, or its error's status.
func resultCode(resp taskd.SyncResponse, err error) int {
	var se *taskd.StatusError
	switch {
	case err == nil:
		return resp.Code
	case errors.As(err, &se):
		return se.Code
	}
	return taskd.StatusSyntaxError
}

// sync merges the upload against the tasks' states at the client's key and now, appends the
// merged operations as one version and answers with what changed since the key: one read of the
// touched tasks (current and at the key), one write, the append, the answer.
func (s *Service) sync(ctx context.Context, p *chain.Plaintext, req taskd.SyncRequest) (taskd.SyncResponse, error) {
	tx := p.Tx()
	since, known := s.keyPosition(ctx, tx, p.Account().ID, req.Key)
	at := keyAt{since: since, known: known, head: known && since == tx.Chain().LatestSeq}
	if at.head && len(req.Tasks) == 0 {
		return taskd.SyncResponse{Code: taskd.StatusNoChange, Key: headKey(tx.Chain())}, nil // up to date
	}
	_, types, err := accountTypes(ctx, tx)
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	up, err := merge.ParseUpload(req.Tasks, types)
	if err != nil {
		return taskd.SyncResponse{}, taskd.SyncFailed(fmt.Sprintf("Could not parse an uploaded task: %v", err), err)
	}
	out, loaded, err := mergeUpload(ctx, tx, up, at)
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	if _, _, err := p.AppendOps(ctx, out.Ops, loaded); err != nil {
		return taskd.SyncResponse{}, err
	}
	listed, err := changedTasks(ctx, tx, at)
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	return answer(req, changes{merged: out, repaired: p.Repaired()}, at, types, tx.Chain(), listed)
}

// keyAt is where the client's sync key stands in the chain.
type keyAt struct {
	// since is the key's chain position, 0 for an empty or unknown key.
	since int64
	// known is false for an empty or unknown key: the client gets every task.
	known bool
	// head is set when the key is the head the sync found: the tasks' states at the key are
	// their current ones, and what changed after it is what this sync's version changes.
	head bool
}

// keyPosition finds the chain position of the client's sync key. An empty key is a first sync;
// an unknown one (another server's key, or a pruned version) is answered like a first sync, and
// logged.
func (s *Service) keyPosition(ctx context.Context, tx store.PlaintextTx, accountID int64, key string) (int64, bool) {
	if key == "" {
		return 0, false
	}
	id, err := uuid.Parse(key)
	if ch := tx.Chain(); err == nil && id == ch.Latest && id != store.NilVersion {
		return ch.LatestSeq, true
	}
	if err == nil {
		v, verr := tx.VersionGet(ctx, id)
		if verr == nil {
			return v.Seq, true
		}
		err = verr
	}
	s.log.Info("unknown sync key, answering as a first sync", zap.Int64("account", accountID), zap.Error(err))
	return 0, false
}

// mergeUpload reads the uploaded tasks' states at the key and now, in one read, and merges. It
// returns what it read, so that applying the merge reads nothing again.
func mergeUpload(ctx context.Context, tx store.PlaintextTx, up merge.Upload, at keyAt) (merge.Output, *chain.Loaded, error) {
	ids := uploadedIDs(up.Versions)
	if len(ids) == 0 {
		return merge.Output{}, nil, nil
	}
	current, base, err := readTasks(ctx, tx, ids, at)
	if err != nil {
		return merge.Output{}, nil, err
	}
	in := merge.Input{Versions: up.Versions, Tasks: make(map[uuid.UUID]merge.State, len(ids))}
	for _, id := range ids {
		st, err := mergeState(base, current, id, at.head)
		if err != nil {
			return merge.Output{}, nil, err
		}
		in.Tasks[id] = st
	}
	return merge.Merge(in), chain.NewLoaded(ids, current), nil
}

// readTasks reads the tasks' current states, and their states at the key when it is known (the
// current ones when the key is the head).
func readTasks(ctx context.Context, tx store.PlaintextTx, ids []uuid.UUID, at keyAt) (current, base map[uuid.UUID]store.TaskState, err error) {
	if at.known && !at.head {
		return tx.TasksGetWithBase(ctx, ids, at.since)
	}
	current, err = tx.TasksGet(ctx, ids)
	if at.head {
		base = current
	}
	return current, base, err
}

func uploadedIDs(versions []merge.Version) []uuid.UUID {
	seen := make(map[uuid.UUID]bool, len(versions))
	var ids []uuid.UUID
	for _, v := range versions {
		if !seen[v.UUID] {
			seen[v.UUID] = true
			ids = append(ids, v.UUID)
		}
	}
	return ids
}

// mergeState builds the merge's view of one task from its stored states. When the key is the
// head, base holds the current states: the task is decoded once and its base is a copy of it.
func mergeState(base, current map[uuid.UUID]store.TaskState, id uuid.UUID, head bool) (merge.State, error) {
	var st merge.State
	if c, ok := current[id]; ok && !c.Deleted {
		t, err := chain.DecodeTask(c)
		if err != nil {
			return st, err
		}
		st.Current, st.CurrentTimes = t.Data, t.TimesUTC()
		if head {
			st.Base = maps.Clone(t.Data)
			return st, nil
		}
	}
	if b, ok := base[id]; ok && !b.Deleted && !head {
		t, err := chain.DecodeTask(b)
		if err != nil {
			return st, err
		}
		st.Base = t.Data
	}
	return st, nil
}

// accountTypes reads the UDA types declared for the account, as stored and as the converter
// takes them.
func accountTypes(ctx context.Context, tx store.PlaintextTx) (map[string]string, convert.Types, error) {
	names, err := tx.UDATypes(ctx)
	if err != nil {
		return nil, convert.Types{}, err
	}
	udas := make(map[string]convert.Type, len(names))
	for name, typ := range names {
		if t, err := convert.ParseType(typ); err == nil {
			udas[name] = t
		}
	}
	return names, convert.NewTypes(udas), nil
}
