package taskdsync_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
)

// BenchmarkNoopSync measures a taskd sync that uploads nothing and is up to date, on accounts
// with 10 and with 100,000 past versions: it must not grow with history (taskd 1.1.0 rereads its
// whole file on every sync). Compare the two sub-benchmarks of one run.
func BenchmarkNoopSync(b *testing.B) {
	for _, versions := range []int{10, 100_000} {
		b.Run(fmt.Sprintf("versions=%d", versions), func(b *testing.B) {
			testengines.EachB(b, func(b *testing.B, st engine) {
				h := newHousehold(b, st, zap.NewNop())
				head := fillHistory(b, st, h.acct.ID, versions)
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					if r := h.sync(head); r.Code != 201 {
						b.Fatalf("no-op sync answered %d", r.Code)
					}
				}
			})
		})
	}
}

// fillHistory appends n versions, each changing one of 20 tasks, in one transaction, and returns
// the head. The segments are placeholders: a no-op sync never opens versions.
func fillHistory(b *testing.B, st engine, accountID int64, n int) string {
	b.Helper()
	ids := make([]uuid.UUID, 20)
	for i := range ids {
		ids[i] = uuid.New()
	}
	var head uuid.UUID
	err := st.ChainUpdate(context.Background(), accountID, func(ctx context.Context, tx store.ChainTx) error {
		ptx, _, err := tx.Plaintext(ctx)
		if err != nil {
			return err
		}
		parent := uuid.Nil
		for i := 0; i < n; i++ {
			v, err := tx.VersionAppend(ctx, uuid.New(), parent, []byte("placeholder"))
			if err != nil {
				return err
			}
			ts := time.Now().UnixNano()
			data := fmt.Sprintf(`{"description":"task %d","status":"pending","entry":"1795360469","modified":"1795360469"}`, i)
			times := fmt.Sprintf(`{"description":%d}`, ts)
			st := store.TaskState{UUID: ids[i%len(ids)], Data: []byte(data), Times: []byte(times), Seq: v.Seq}
			if err := ptx.TasksPut(ctx, []store.TaskState{st}); err != nil {
				return err
			}
			parent, head = v.ID, v.ID
		}
		return nil
	})
	require.NoError(b, err)
	return head.String()
}
