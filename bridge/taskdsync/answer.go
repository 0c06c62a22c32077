package taskdsync

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// changes is what this sync changed: the merge of the upload and the server's repairs after
// it (see chain.Plaintext.Repaired).
type changes struct {
	merged   merge.Output
	repaired map[uuid.UUID]store.TaskState
}

// answer composes the response: the current state of every task changed after the client's key
// (every task on a first sync), except uploaded tasks whose merge result the client already has
// and the server did not repair, then the new key, the head. listed holds the states of the
// tasks changed after the key as they stand at the head (unused when the key was the head). 201
// when nothing was uploaded and nothing is sent.
func answer(req taskd.SyncRequest, ch changes, at keyAt, types convert.Types, head store.Chain,
	listed []store.TaskState) (taskd.SyncResponse, error) {
	opts := convert.Options{DependsAsString: oldClient(req.Client)}
	var lines [][]byte
	var err error
	if at.head {
		lines, err = echoes(ch, types, opts)
	} else {
		lines, err = changedLines(listed, ch, types, opts)
	}
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	resp := taskd.SyncResponse{Code: taskd.StatusOK, Tasks: lines, Key: headKey(head)}
	if len(req.Tasks) == 0 && len(lines) == 0 {
		resp.Code = taskd.StatusNoChange
	}
	return resp, nil
}

// echoes answers a client whose key was the head: the tasks changed after it are those this
// sync's versions changed, whose states are at hand; the ones the client must be sent are those
// the server repaired and those whose merge differs from what it uploaded. By uuid, as a read of
// the store orders them.
func echoes(ch changes, types convert.Types, opts convert.Options) ([][]byte, error) {
	tasks := map[uuid.UUID]convert.TaskMap{}
	for _, r := range ch.merged.Results {
		if len(r.Ops) > 0 && r.Echo {
			tasks[r.UUID] = r.Task
		}
	}
	for id, st := range ch.repaired {
		t, err := chain.DecodeTask(st)
		if err != nil {
			return nil, err
		}
		tasks[id] = t.Data
	}
	ids := slices.SortedFunc(maps.Keys(tasks), func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	lines := make([][]byte, 0, len(ids))
	for _, id := range ids {
		line, err := keptLine(id, tasks[id], types, opts)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
	}
	return lines, nil
}

// changedLines writes, of the tasks changed after the key (every task when the key is unknown),
// those the client must be sent.
func changedLines(changed []store.TaskState, ch changes, types convert.Types, opts convert.Options) ([][]byte, error) {
	skip := make(map[uuid.UUID]bool, len(ch.merged.Results))
	for _, r := range ch.merged.Results {
		_, repaired := ch.repaired[r.UUID]
		skip[r.UUID] = !r.Echo && !repaired
	}
	var lines [][]byte
	for _, st := range changed {
		if st.Deleted || skip[st.UUID] {
			continue
		}
		t, err := chain.DecodeTask(st)
		if err != nil {
			return nil, err
		}
		line, err := keptLine(st.UUID, t.Data, types, opts)
		if err != nil {
			return nil, err
		}
		lines = append(lines, line)
	}
	return lines, nil
}

// changedTasks reads the states of the tasks changed after the key (every task when the key is
// unknown; none when it is the head, which the answer does not need), by seq then uuid (by uuid
// for every task).
func changedTasks(ctx context.Context, tx store.PlaintextTx, at keyAt) ([]store.TaskState, error) {
	switch {
	case at.head:
		return nil, nil
	case at.known:
		return tx.TasksChangedSince(ctx, at.since)
	}
	return tx.TasksAll(ctx)
}

// headKey is the sync key a client gets: the chain head, or nothing for an empty account.
func headKey(ch store.Chain) string {
	if ch.Latest == store.NilVersion {
		return ""
	}
	return ch.Latest.String()
}

// oldClient reports whether the client is older than Taskwarrior 2.5.0, which cannot read
// dependencies as a JSON array ("task 2.4.4" in the client header).
func oldClient(client string) bool {
	v, ok := strings.CutPrefix(client, "task ")
	if !ok {
		return false
	}
	return strings.HasPrefix(v, "2.3") || strings.HasPrefix(v, "2.4") || strings.HasPrefix(v, "2.2")
}
