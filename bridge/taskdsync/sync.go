package taskdsync

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/bridge/replica"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// Sync answers one taskd sync request in one transaction under the account's chain lock.
func (s *Service) Sync(ctx context.Context, a taskd.Account, req taskd.SyncRequest) (taskd.SyncResponse, error) {
	start := time.Now()
	var resp taskd.SyncResponse
	err := s.store.ChainUpdate(ctx, a.ID, func(ctx context.Context, tx store.ChainTx) error {
		var err error
		resp, err = s.sync(ctx, tx, a, req)
		return err
	})
	s.stats.count(err)
	if s.obs != nil {
		s.obs.ObserveSync(resultCode(resp, err), time.Since(start))
	}
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

func (s *Service) sync(ctx context.Context, tx store.ChainTx, a taskd.Account, req taskd.SyncRequest) (taskd.SyncResponse, error) {
	since, known := s.keyPosition(ctx, tx, a, req.Key)
	types, err := accountTypes(ctx, tx)
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	up, err := merge.ParseUpload(req.Tasks, types)
	if err != nil {
		return taskd.SyncResponse{}, taskd.SyncFailed(fmt.Sprintf("Could not parse an uploaded task: %v", err), err)
	}
	types, err = learnTypes(ctx, tx, types, up.Learned)
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	out, err := s.mergeUpload(ctx, tx, up, since, known)
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	if err := s.appendVersion(ctx, tx, a.ID, out.Ops); err != nil {
		return taskd.SyncResponse{}, err
	}
	return s.answer(ctx, tx, req, out, since, known, types)
}

// keyPosition finds the chain position of the client's sync key. An empty key is a first sync;
// an unknown one (another server's key, or a pruned version) is answered like a first sync, and
// logged.
func (s *Service) keyPosition(ctx context.Context, tx store.ChainTx, a taskd.Account, key string) (int64, bool) {
	if key == "" {
		return 0, false
	}
	id, err := uuid.Parse(key)
	if err == nil {
		v, verr := tx.VersionGet(ctx, id)
		if verr == nil {
			return v.Seq, true
		}
		err = verr
	}
	s.log.Info("unknown sync key, answering as a first sync", zap.Int64("account", a.ID), zap.Error(err))
	return 0, false
}

// mergeUpload reads the uploaded tasks' states at the key and now, and merges.
func (s *Service) mergeUpload(ctx context.Context, tx store.ChainTx, up merge.Upload, since int64, known bool) (merge.Output, error) {
	ids := uploadedIDs(up.Versions)
	if len(ids) == 0 {
		return merge.Output{}, nil
	}
	current, err := tx.TasksGet(ctx, ids)
	if err != nil {
		return merge.Output{}, err
	}
	base := map[uuid.UUID]store.TaskState{}
	if known {
		if base, err = tx.TasksAt(ctx, ids, since); err != nil {
			return merge.Output{}, err
		}
	}
	in := merge.Input{Versions: up.Versions, Tasks: make(map[uuid.UUID]merge.State, len(ids))}
	for _, id := range ids {
		st, err := mergeState(base, current, id)
		if err != nil {
			return merge.Output{}, err
		}
		in.Tasks[id] = st
	}
	return merge.Merge(in), nil
}

// appendVersion seals ops as one new version after the head, applies them to the task state and
// makes a snapshot when one is due. No ops, no version.
func (s *Service) appendVersion(ctx context.Context, tx store.ChainTx, accountID int64, ops []codec.Op) error {
	if len(ops) == 0 {
		return nil
	}
	key, err := s.replica.Key(ctx, accountID)
	if err != nil {
		return err
	}
	ch := tx.Chain()
	sealed, err := codec.SealSegment(key, ch.Latest, ops)
	if err != nil {
		return fmt.Errorf("sealing the merged version: %w", err)
	}
	urgency := champion.SnapshotUrgency(ch, s.cfg, time.Now())
	if err := replica.ApplyOps(ctx, tx, ch.LatestSeq+1, ops); err != nil {
		return err
	}
	v, err := tx.VersionAppend(ctx, uuid.New(), ch.Latest, sealed)
	if err != nil {
		return err
	}
	if urgency == champion.UrgencyNone {
		return nil
	}
	return s.replica.Snapshot(ctx, tx, store.Account{ID: accountID, Mode: store.ModePlaintext}, v)
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

var errStoredTask = errors.New("stored task state is damaged")

// mergeState builds the merge's view of one task from its stored states.
func mergeState(base, current map[uuid.UUID]store.TaskState, id uuid.UUID) (merge.State, error) {
	var st merge.State
	if b, ok := base[id]; ok && !b.Deleted {
		m, _, err := decodeState(b)
		if err != nil {
			return st, err
		}
		st.Base = m
	}
	if c, ok := current[id]; ok && !c.Deleted {
		m, times, err := decodeState(c)
		if err != nil {
			return st, err
		}
		st.Current, st.CurrentTimes = m, times
	}
	return st, nil
}

// accountTypes reads the UDA types learned from the account's 2.x uploads.
func accountTypes(ctx context.Context, tx store.ChainTx) (convert.Types, error) {
	names, err := tx.UDATypes(ctx)
	if err != nil {
		return convert.Types{}, err
	}
	udas := make(map[string]convert.Type, len(names))
	for name, typ := range names {
		if t, err := convert.ParseType(typ); err == nil {
			udas[name] = t
		}
	}
	return convert.NewTypes(udas), nil
}

// learnTypes remembers newly seen UDA types for the account.
func learnTypes(ctx context.Context, tx store.ChainTx, types convert.Types, learned map[string]convert.Type) (convert.Types, error) {
	if len(learned) == 0 {
		return types, nil
	}
	names := make(map[string]string, len(learned))
	for name, t := range learned {
		names[name] = t.String()
		types = types.WithUDA(name, t)
	}
	return types, tx.UDATypesPut(ctx, names)
}
