package taskdsync

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/bridge/merge"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

// answer composes the response: the current state of every task changed after the client's key
// (every task on a first sync), except uploaded tasks whose merge result the client already has,
// then the new key. 201 when nothing was uploaded and nothing is sent.
func (s *Service) answer(ctx context.Context, tx store.PlaintextTx, req taskd.SyncRequest, out merge.Output,
	since int64, known bool, types convert.Types) (taskd.SyncResponse, error) {
	changed, err := changedTasks(ctx, tx, since, known)
	if err != nil {
		return taskd.SyncResponse{}, err
	}
	skip := make(map[uuid.UUID]bool, len(out.Results))
	for _, r := range out.Results {
		skip[r.UUID] = !r.Echo
	}
	opts := convert.Options{DependsAsString: oldClient(req.Client)}
	var lines [][]byte
	for _, st := range changed {
		if st.Deleted || skip[st.UUID] {
			continue
		}
		t, err := chain.DecodeTask(st)
		if err != nil {
			return taskd.SyncResponse{}, err
		}
		line, err := convert.ToJSON(st.UUID, t.Data, types, opts)
		if err != nil {
			return taskd.SyncResponse{}, err
		}
		lines = append(lines, line)
	}
	resp := taskd.SyncResponse{Code: taskd.StatusOK, Tasks: lines, Key: headKey(tx.Chain())}
	if len(req.Tasks) == 0 && len(lines) == 0 {
		resp.Code = taskd.StatusNoChange
	}
	return resp, nil
}

func changedTasks(ctx context.Context, tx store.PlaintextTx, since int64, known bool) ([]store.TaskState, error) {
	if known {
		return tx.TasksChangedSince(ctx, since)
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
