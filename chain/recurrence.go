package chain

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/repair"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
)

// repairChunk is about the most tasks one version of the server's recurrence repairs reads and
// changes (a version takes whole occurrences): an upload of many duplicates is repaired in
// several versions, one after the other, holding one of them in memory at a time.
const repairChunk = 1024

// duplicateChunks finds the occurrences of the recurrence instances created (by uuid, with
// their parent) that have several live instances: it reads the instances of their recurring
// tasks one at a time, keeping of each its uuid and the occurrence it stands for. It returns
// the uuids of those occurrences' instances in chunks of about repairChunk, in the order of the
// occurrences (see repair.Duplicates).
func (p *Plaintext) duplicateChunks(ctx context.Context, r *repairable) ([][]uuid.UUID, error) {
	created := r.instances
	if len(created) == 0 {
		return nil, nil
	}
	type occurrence struct {
		ids     []uuid.UUID
		created bool
	}
	occurrences := map[string]*occurrence{}
	err := p.tx.TasksWithParentEach(ctx, slices.Sorted(maps.Keys(r.parents)), func(st store.TaskState) error {
		key, ok, err := occurrenceOf(st)
		if err != nil || !ok {
			return err
		}
		o := occurrences[key]
		if o == nil {
			o = &occurrence{}
			occurrences[key] = o
		}
		_, mine := created[st.UUID]
		o.ids, o.created = append(o.ids, st.UUID), o.created || mine
		return nil
	})
	if err != nil {
		return nil, err
	}
	var chunks [][]uuid.UUID
	var chunk []uuid.UUID
	for _, key := range slices.Sorted(maps.Keys(occurrences)) {
		if o := occurrences[key]; len(o.ids) > 1 && o.created {
			chunk = append(chunk, o.ids...)
		}
		if len(chunk) >= repairChunk {
			chunks, chunk = append(chunks, chunk), nil
		}
	}
	if len(chunk) > 0 {
		chunks = append(chunks, chunk)
	}
	return chunks, nil
}

// recurrenceRepairs ends the duplicates among the live instances ids (whole occurrences), of
// which those in created are the ones the version created.
func (p *Plaintext) recurrenceRepairs(ctx context.Context, ids []uuid.UUID, created map[uuid.UUID]string, now time.Time) ([]codec.Op, error) {
	states, err := p.tx.TasksGet(ctx, ids)
	if err != nil {
		return nil, err
	}
	live, err := DecodeLive(slices.Collect(maps.Values(states)))
	if err != nil {
		return nil, err
	}
	siblings := make([]repair.Task, 0, len(live))
	touched := map[uuid.UUID]bool{}
	for _, t := range live {
		siblings = append(siblings, repair.Task{UUID: t.UUID, Data: t.Data, Times: t.TimesUTC()})
		if _, ok := created[t.UUID]; ok {
			touched[t.UUID] = true
		}
	}
	return repair.Duplicates(siblings, touched, now), nil
}

// occurrenceOf returns the occurrence a stored state stands for (see repair.Occurrence),
// keeping nothing else of it; ok is false when it is no live instance.
func occurrenceOf(st store.TaskState) (string, bool, error) {
	if st.Deleted {
		return "", false, nil
	}
	var data codec.TaskMap
	if err := json.Unmarshal(st.Data, &data); err != nil {
		return "", false, fmt.Errorf("task %s: %w: data: %v", st.UUID, ErrDamagedTask, err)
	}
	if !repair.IsInstance(data) {
		return "", false, nil
	}
	return repair.Occurrence(data), true, nil
}
