package chain_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
)

// liveTasks returns the account's live tasks by uuid.
func liveTasks(t *testing.T, st engine, accountID int64) map[uuid.UUID]codec.TaskMap {
	t.Helper()
	states, err := st.TasksAll(context.Background(), accountID)
	require.NoError(t, err)
	tasks, err := chain.DecodeLive(states)
	require.NoError(t, err)
	out := map[uuid.UUID]codec.TaskMap{}
	for _, task := range tasks {
		out[task.UUID] = task.Data
	}
	return out
}

// childOf returns the id of the version after parent, failing when there is none.
func (a *account) childOf(t *testing.T, parent uuid.UUID) uuid.UUID {
	t.Helper()
	rec := a.do(http.MethodGet, "/v1/client/get-child-version/"+parent.String(), "", nil)
	require.Equal(t, http.StatusOK, rec.Code, "a version after %s", parent)
	return uuid.MustParse(rec.Header().Get(champion.HeaderVersionID))
}

// TestRepairAnnotationClash: a 3.x version that puts its annotation under the key another
// device's annotation of the same second has is followed by a version of the server's own that
// keeps both; an edit of an annotation later on is not a clash.
func TestRepairAnnotationClash(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zaptest.NewLogger(t))
		task := uuid.New()
		key := "annotation_1795360469" // t0's second
		v1 := a.mustAdd(uuid.Nil, append(createOps(task, "shared"), codec.Set(task, key, "from A", t0))...)
		v2 := a.mustAdd(v1, codec.Set(task, key, "from C", t0.Add(600*time.Millisecond)))
		repairID := a.childOf(t, v2)
		got := liveTasks(t, st, a.id)[task]
		require.Equal(t, "from A", got[key])
		require.Equal(t, "from C", got["annotation_1795360470"])

		a.mustAdd(repairID, codec.Set(task, key, "edited", t0.Add(time.Hour)))
		got = liveTasks(t, st, a.id)[task]
		require.Equal(t, "edited", got[key], "an edit much later is no clash")
		require.Equal(t, "from C", got["annotation_1795360470"])
	})
}

// TestRepairRecurrenceDuplicates: a 3.x version that creates an instance of a recurring task
// for an occurrence that has one already is followed by a version of the server's own that keeps
// the earlier one, with the duplicate's later changes, and deletes the duplicate. An encrypted
// account's versions are never read.
func TestRepairRecurrenceDuplicates(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zaptest.NewLogger(t))
		parent, kept, dup := uuid.New(), uuid.New(), uuid.New()
		instance := func(id uuid.UUID, entry string, at time.Time) []codec.Op {
			return []codec.Op{codec.Create(id), codec.Set(id, "description", "water", at),
				codec.Set(id, "parent", parent.String(), at), codec.Set(id, "imask", "0", at),
				codec.Set(id, "due", "1795400000", at), codec.Set(id, "entry", entry, at),
				codec.Set(id, "status", "pending", at)}
		}
		v1 := a.mustAdd(uuid.Nil, append(createOps(parent, "water"), instance(kept, "1795360469", t0)...)...)
		later := t0.Add(time.Minute)
		v2 := a.mustAdd(v1, append(instance(dup, "1795360529", later), codec.Set(dup, "tag_garden", "x", later))...)
		a.childOf(t, v2)
		got := liveTasks(t, st, a.id)
		require.Equal(t, "deleted", got[dup]["status"])
		require.NotEmpty(t, got[dup]["end"])
		require.Equal(t, "pending", got[kept]["status"])
		require.Equal(t, "x", got[kept]["tag_garden"], "the duplicate's addition is kept")

		enc := newAccount(t, st, store.ModeEncrypted, zaptest.NewLogger(t))
		e1 := enc.mustAdd(uuid.Nil, instance(kept, "1795360469", t0)...)
		e2 := enc.mustAdd(e1, instance(dup, "1795360529", later)...)
		require.Equal(t, http.StatusNotFound, enc.do(http.MethodGet, "/v1/client/get-child-version/"+e2.String(), "", nil).Code,
			"nothing is added to an encrypted account")
	})
}

// TestRepairManyRecurrenceDuplicates: a version that creates a duplicate of each of 700
// occurrences is repaired in versions of the server's own of about a thousand instances each, one
// after the other, which leave one live instance per occurrence, with the duplicate's additions.
func TestRepairManyRecurrenceDuplicates(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zaptest.NewLogger(t))
		parent := uuid.New()
		instance := func(id uuid.UUID, imask int, entry string, at time.Time) []codec.Op {
			return []codec.Op{codec.Create(id), codec.Set(id, "description", "water", at),
				codec.Set(id, "parent", parent.String(), at), codec.Set(id, "imask", strconv.Itoa(imask), at),
				codec.Set(id, "entry", entry, at), codec.Set(id, "status", "pending", at)}
		}
		const occurrences = 700
		kept, dups := make([]uuid.UUID, occurrences), make([]uuid.UUID, occurrences)
		first, second := createOps(parent, "water"), []codec.Op(nil)
		later := t0.Add(time.Minute)
		for i := range occurrences {
			kept[i], dups[i] = uuid.New(), uuid.New()
			first = append(first, instance(kept[i], i, "1795360469", t0)...)
			second = append(second, instance(dups[i], i, "1795360529", later)...)
			second = append(second, codec.Set(dups[i], "tag_garden", "x", later))
		}
		v1 := a.mustAdd(uuid.Nil, first...)
		v2 := a.mustAdd(v1, second...)
		r1 := a.childOf(t, v2)
		r2 := a.childOf(t, r1)
		require.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/v1/client/get-child-version/"+r2.String(), "", nil).Code,
			"1,400 instances are repaired in two versions")
		got := liveTasks(t, st, a.id)
		for i := range occurrences {
			require.Equal(t, "deleted", got[dups[i]]["status"], i)
			require.Equal(t, "pending", got[kept[i]]["status"], i)
			require.Equal(t, "x", got[kept[i]]["tag_garden"], i)
		}
	})
}
