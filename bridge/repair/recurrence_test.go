package repair_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/bridge/repair"
	"github.com/taskgate/taskgate/champion/codec"
)

var (
	parent = uuid.MustParse("00000000-0000-4000-8000-000000000001")
	first  = uuid.MustParse("00000000-0000-4000-8000-0000000000a1")
	second = uuid.MustParse("00000000-0000-4000-8000-0000000000b2")
	third  = uuid.MustParse("00000000-0000-4000-8000-0000000000c3")
	now    = time.Unix(2000, 0).UTC()
)

// instance returns a pending instance of parent with index imask, entered at entry.
func instance(id uuid.UUID, imask string, entry int64, extra ...string) repair.Task {
	data := codec.TaskMap{"parent": parent.String(), "imask": imask, "status": "pending",
		"due": "1000", "entry": strconv.FormatInt(entry, 10), "description": "water"}
	times := map[string]time.Time{}
	for prop := range data {
		times[prop] = time.Unix(entry, 0).UTC()
	}
	for i := 0; i+2 < len(extra)+1; i += 3 {
		data[extra[i]] = extra[i+1]
		at, _ := strconv.ParseInt(extra[i+2], 10, 64)
		times[extra[i]] = time.Unix(at, 0).UTC()
	}
	return repair.Task{UUID: id, Data: data, Times: times}
}

// TestDuplicatesKeepEarliest: of two instances of one occurrence the earlier entry is kept,
// whichever was touched; the other is deleted, and what it added or changed later is copied.
func TestDuplicatesKeepEarliest(t *testing.T) {
	t.Parallel()
	for _, touched := range []uuid.UUID{first, second} {
		tasks := []repair.Task{
			instance(second, "0", 110, "tag_x", "x", "120", "status", "completed", "130", "end", "130", "130"),
			instance(first, "0.000000", 100),
			instance(third, "1", 105),
		}
		ops := repair.Duplicates(tasks, map[uuid.UUID]bool{touched: true}, now)
		require.Equal(t, []codec.Op{
			codec.Set(first, "end", "130", time.Unix(130, 0).UTC()),
			codec.Set(first, "status", "completed", time.Unix(130, 0).UTC()),
			codec.Set(first, "tag_x", "x", time.Unix(120, 0).UTC()),
			codec.Set(second, "status", "deleted", now),
			codec.Set(second, "modified", "2000", now),
		}, ops)
	}
}

// TestDuplicatesOnlyTouchedOccurrences: duplicates of occurrences no touched task stands for,
// deleted instances and tasks without a parent are left alone; without an index the due date
// names the occurrence.
func TestDuplicatesOnlyTouchedOccurrences(t *testing.T) {
	t.Parallel()
	deleted := instance(third, "0", 90)
	deleted.Data["status"] = "deleted"
	plain := repair.Task{UUID: uuid.New(), Data: codec.TaskMap{"description": "x"}, Times: map[string]time.Time{}}
	tasks := []repair.Task{instance(first, "0", 100), instance(second, "0", 110), deleted, plain}
	require.Empty(t, repair.Duplicates(tasks, map[uuid.UUID]bool{plain.UUID: true}, now))
	require.Len(t, repair.Duplicates(tasks, map[uuid.UUID]bool{second: true}, now), 3, "end, modified and status")

	a, b := instance(first, "", 100), instance(second, "", 110)
	a.Data["due"], b.Data["due"] = "5000", "5000"
	delete(a.Data, "imask")
	delete(b.Data, "imask")
	ops := repair.Duplicates([]repair.Task{a, b}, map[uuid.UUID]bool{second: true}, now)
	require.Contains(t, ops, codec.Set(second, "status", "deleted", now))
}
