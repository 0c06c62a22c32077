package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// benchHistories are the history lengths (versions that each change all benchTasks tasks) the
// TasksAt benchmark compares: its cost must not grow with the history.
var benchHistories = []int{10, 2000}

// benchTasksAt measures TasksAt of benchTasks tasks, as of the middle of their history, on
// accounts whose histories differ in length. The calls run in one ChainUpdate, so one op is one
// TasksAt statement.
func benchTasksAt(b *testing.B, open func(b *testing.B) Engine) {
	for _, versions := range benchHistories {
		b.Run(fmt.Sprintf("Versions=%d", versions), func(b *testing.B) {
			e := open(b)
			accountID, ids := benchHistorySetup(b, e, versions)
			seq := int64(versions / 2)
			err := e.ChainUpdate(b.Context(), accountID, func(ctx context.Context, tx store.ChainTx) error {
				b.ReportAllocs()
				for b.Loop() {
					got, err := plaintextTx(b, ctx, tx).TasksAt(ctx, ids, seq)
					if err != nil || len(got) != len(ids) || got[ids[0]].Seq != seq {
						return fmt.Errorf("TasksAt(%d) = %d tasks, %v", seq, len(got), err)
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		})
	}
}

// benchHistorySetup creates a plaintext account whose benchTasks tasks were each changed by every
// one of versions versions, and returns it with the tasks' ids.
func benchHistorySetup(b *testing.B, e Engine, versions int) (int64, []uuid.UUID) {
	b.Helper()
	accountID := benchPlaintextSetup(b, e)[0]
	ids := make([]uuid.UUID, benchTasks)
	tasks := make([]store.TaskState, benchTasks)
	err := e.ChainUpdate(b.Context(), accountID, func(ctx context.Context, tx store.ChainTx) error {
		for seq := range int64(versions) {
			for i := range tasks {
				tasks[i] = testTask(i, seq+1)
				ids[i] = tasks[i].UUID
			}
			if err := plaintextTx(b, ctx, tx).TasksPut(ctx, tasks); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatalf("writing the history: %v", err)
	}
	return accountID, ids
}
