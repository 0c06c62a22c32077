package chain_test

import (
	"context"
	"encoding/json"
	"net/http"
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

var t0 = time.Date(2026, 11, 22, 15, 14, 29, 0, time.UTC)

func createOps(id uuid.UUID, desc string) []codec.Op {
	return []codec.Op{
		codec.Create(id),
		codec.Set(id, "description", desc, t0),
		codec.Set(id, "entry", "1795360469", t0),
		codec.Set(id, "modified", "1795360469", t0),
		codec.Set(id, "status", "pending", t0),
		codec.Set(id, "tag_home", "x", t0),
		codec.Set(id, "tags", "home", t0),
	}
}

func TestPlaintextVersionIsAppliedAndSnapshotted(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zaptest.NewLogger(t))
		task := uuid.New()
		rec := a.add(a.key, uuid.Nil, createOps(task, "buy milk")...)
		require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
		v1 := uuid.MustParse(rec.Header().Get(champion.HeaderVersionID))
		require.Empty(t, rec.Header().Get(champion.HeaderSnapshotRequest), "the server made the snapshot itself")

		snap := a.do(http.MethodGet, "/v1/client/snapshot", "", nil)
		require.Equal(t, http.StatusOK, snap.Code)
		require.Equal(t, v1.String(), snap.Header().Get(champion.HeaderVersionID))
		tasks, err := codec.OpenSnapshot(a.key, v1, snap.Body.Bytes())
		require.NoError(t, err)
		require.Equal(t, "buy milk", tasks[task]["description"])

		a.mustAdd(v1, codec.Set(task, "status", "completed", t0.Add(time.Minute)), codec.Set(task, "end", "1795360529", t0.Add(time.Minute)))
		all, err := st.TasksAll(context.Background(), a.id)
		require.NoError(t, err)
		require.Len(t, all, 1)
		var m map[string]string
		require.NoError(t, json.Unmarshal(all[0].Data, &m))
		require.Equal(t, "completed", m["status"])
		require.Equal(t, int64(2), all[0].Seq)
	})
}

func TestPlaintextRefusesForeignVersions(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zaptest.NewLogger(t))
		v1 := a.mustAdd(uuid.Nil, createOps(uuid.New(), "first")...)

		wrong := codec.DeriveKey([]byte("not the secret"), a.clientID)
		rec := a.add(wrong, v1, createOps(uuid.New(), "poison")...)
		require.Equal(t, http.StatusBadRequest, rec.Code)
		require.Contains(t, rec.Body.String(), "sync.encryption_secret")

		sealed, err := codec.Seal(a.key, v1, []byte(`["not", "a segment"]`))
		require.NoError(t, err)
		rec = a.do(http.MethodPost, "/v1/client/add-version/"+v1.String(), champion.ContentTypeHistorySegment, sealed)
		require.Equal(t, http.StatusBadRequest, rec.Code)
		require.Contains(t, rec.Body.String(), "not a valid history segment")

		require.Equal(t, http.StatusNotFound, a.do(http.MethodGet, "/v1/client/get-child-version/"+v1.String(), "", nil).Code,
			"nothing was stored")
		all, err := st.TasksAll(context.Background(), a.id)
		require.NoError(t, err)
		require.Len(t, all, 1)
	})
}

func TestServerSnapshotFollowsUrgency(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zaptest.NewLogger(t))
		task := uuid.New()
		parent := a.mustAdd(uuid.Nil, createOps(task, "counter")...)
		for i := 0; i < 120; i++ {
			parent = a.mustAdd(parent, codec.Set(task, "description", "n"+string(rune('a'+i%26)), t0.Add(time.Duration(i)*time.Second)))
		}
		meta, data, err := st.SnapshotGet(context.Background(), a.id)
		require.NoError(t, err)
		require.Equal(t, int64(102), meta.Seq, "first snapshot at version 1, the next when 100 versions followed it")
		tasks, err := codec.OpenSnapshot(a.key, meta.VersionID, data)
		require.NoError(t, err)
		require.Contains(t, tasks, task)
	})
}

// TestTaskState checks the materialized state a plaintext account's versions leave.
func TestTaskState(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zaptest.NewLogger(t))
		t1, t2 := uuid.New(), uuid.New()
		v := a.mustAdd(uuid.Nil, append(createOps(t1, "one"), createOps(t2, "two")...)...)
		a.mustAdd(v, codec.Delete(t2))
		states, err := st.TasksAll(context.Background(), a.id)
		require.NoError(t, err)
		require.Len(t, states, 2, "a deleted task keeps its row")
		tasks, err := chain.DecodeLive(states)
		require.NoError(t, err)
		require.Len(t, tasks, 1)
		require.Equal(t, t1, tasks[0].UUID)
		require.Equal(t, "one", tasks[0].Data["description"])
		require.Equal(t, "x", tasks[0].Data["tag_home"])
		require.Equal(t, int64(1), tasks[0].Seq)
	})
}

// TestClientSnapshotIgnoredForPlaintext keeps the server-made snapshot when a client uploads
// one: the server cannot trust a snapshot it did not verify.
func TestClientSnapshotIgnoredForPlaintext(t *testing.T) {
	t.Parallel()
	testengines.Each(t, func(t *testing.T, st engine) {
		a := newAccount(t, st, store.ModePlaintext, zaptest.NewLogger(t))
		v1 := a.mustAdd(uuid.Nil, createOps(uuid.New(), "one")...)
		rec := a.do(http.MethodPost, "/v1/client/add-snapshot/"+v1.String(), champion.ContentTypeSnapshot, []byte("not a snapshot"))
		require.Equal(t, http.StatusOK, rec.Code)
		snap := a.do(http.MethodGet, "/v1/client/snapshot", "", nil)
		require.Equal(t, http.StatusOK, snap.Code)
		_, err := codec.OpenSnapshot(a.key, v1, snap.Body.Bytes())
		require.NoError(t, err, "the server's own snapshot is still there")
	})
}
