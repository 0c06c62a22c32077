package replica

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// Apply opens a version sealed by a client of a plaintext account and applies its operations to
// the account's task state in tx. A version that does not open with the account's key, or is
// not a valid history segment, is refused: one misconfigured device cannot poison the account.
func (s *Service) Apply(ctx context.Context, tx store.ChainTx, acct store.Account, parent uuid.UUID, segment []byte) error {
	key, err := s.Key(ctx, acct.ID)
	if err != nil {
		return err
	}
	ops, err := codec.OpenSegment(key, parent, segment)
	if err != nil {
		return refusal(err)
	}
	return ApplyOps(ctx, tx, tx.Chain().LatestSeq+1, ops)
}

// refusal explains why a version was refused, in words for the person at the client.
func refusal(err error) error {
	if errors.Is(err, codec.ErrAuthFailed) || errors.Is(err, codec.ErrTooSmall) || errors.Is(err, codec.ErrUnknownVersion) {
		return fmt.Errorf("%w: it is not sealed with this account's key; check that sync.encryption_secret and "+
			"sync.server.client_id match the settings taskgate printed for this account", champion.ErrRefused)
	}
	return fmt.Errorf("%w: it opens with this account's key but is not a valid history segment: %v", champion.ErrRefused, err)
}

// ApplyOps applies ops, in order, to the task state in tx and stores every changed task stamped
// with seq, the chain position of the version that carries them.
func ApplyOps(ctx context.Context, tx store.ChainTx, seq int64, ops []codec.Op) error {
	tasks, err := loadTasks(ctx, tx, ops)
	if err != nil {
		return err
	}
	for _, op := range ops {
		tasks[op.UUID].apply(op)
	}
	var changed []store.TaskState
	for _, t := range tasks {
		if !t.changed {
			continue
		}
		st, err := t.encode(seq)
		if err != nil {
			return err
		}
		changed = append(changed, st)
	}
	if len(changed) == 0 {
		return nil
	}
	return tx.TasksPut(ctx, changed)
}

// loadTasks reads every task the operations touch, with one query.
func loadTasks(ctx context.Context, tx store.ChainTx, ops []codec.Op) (map[uuid.UUID]*task, error) {
	tasks := make(map[uuid.UUID]*task)
	var ids []uuid.UUID
	for _, op := range ops {
		if _, ok := tasks[op.UUID]; !ok {
			tasks[op.UUID] = &task{id: op.UUID}
			ids = append(ids, op.UUID)
		}
	}
	stored, err := tx.TasksGet(ctx, ids)
	if err != nil {
		return nil, err
	}
	for id, st := range stored {
		t, err := decodeTask(st)
		if err != nil {
			return nil, err
		}
		tasks[id] = t
	}
	return tasks, nil
}
