package replica

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// Snapshot seals the account's current tasks as a snapshot at v (which tx just appended) and
// stores it, so a new device can start from it even when no client ever uploads one.
func (s *Service) Snapshot(ctx context.Context, tx store.ChainTx, acct store.Account, v store.Version) error {
	key, err := s.Key(ctx, acct.ID)
	if err != nil {
		return err
	}
	states, err := tx.TasksAll(ctx)
	if err != nil {
		return err
	}
	tasks, err := liveTasks(states)
	if err != nil {
		return err
	}
	sealed, err := codec.SealSnapshot(key, v.ID, tasks)
	if err != nil {
		return fmt.Errorf("sealing the snapshot of account %d: %w", acct.ID, err)
	}
	return tx.SnapshotPut(ctx, store.SnapshotMeta{VersionID: v.ID, Seq: v.Seq}, sealed)
}

// liveTasks decodes the states of the tasks that are not deleted.
func liveTasks(states []store.TaskState) (codec.Tasks, error) {
	tasks := make(codec.Tasks, len(states))
	for _, st := range states {
		if st.Deleted {
			continue
		}
		var m codec.TaskMap
		if err := json.Unmarshal(st.Data, &m); err != nil {
			return nil, fmt.Errorf("task %s: stored data: %w", st.UUID, err)
		}
		tasks[st.UUID] = m
	}
	return tasks, nil
}
