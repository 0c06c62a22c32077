package storetest

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/gateway/store"
)

// benchAccounts is how many accounts the benchmarks spread their load over.
const benchAccounts = 50

// benchSegment is the history segment every benchmark append stores; real segments are sealed
// operations of a few hundred bytes.
var benchSegment = make([]byte, 512)

// Bench runs the hot-path benchmarks against a fresh engine from open (which must close it in
// b.Cleanup): one op is the add-version path (ChainUpdate with VersionAppend) followed by the
// get-child-version read of what it appended, spread with b.RunParallel over benchAccounts
// accounts; and a ClientGet per op.
func Bench(b *testing.B, open func(b *testing.B) Engine) {
	b.Run("AppendThenVersionChild", func(b *testing.B) {
		e := open(b)
		accounts := benchSetup(b, e)
		var next atomic.Int64
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				a := accounts[next.Add(1)%benchAccounts]
				if err := appendThenChild(b.Context(), e, a.Account.ID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
	b.Run("ClientGet", func(b *testing.B) {
		e := open(b)
		accounts := benchSetup(b, e)
		var next atomic.Int64
		b.ReportAllocs()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				a := accounts[next.Add(1)%benchAccounts]
				if _, err := e.ClientGet(b.Context(), a.ClientID); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// benchSetup creates benchAccounts encrypted accounts with one client each.
func benchSetup(b *testing.B, e Engine) []store.Client {
	b.Helper()
	out := make([]store.Client, benchAccounts)
	for i := range out {
		c, err := e.ClientEnsureEncrypted(b.Context(), uuid.New())
		if err != nil {
			b.Fatalf("ClientEnsureEncrypted: %v", err)
		}
		out[i] = c
	}
	return out
}

// appendThenChild appends after the head and reads the new version back as the head's child.
func appendThenChild(ctx context.Context, e Engine, accountID int64) error {
	var parent, id uuid.UUID
	err := e.ChainUpdate(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		parent = tx.Chain().Latest
		v, err := tx.VersionAppend(ctx, uuid.New(), parent, benchSegment)
		id = v.ID
		return err
	})
	if err != nil {
		return fmt.Errorf("append: %w", err)
	}
	_, child, found, err := e.VersionChild(ctx, accountID, parent)
	if err != nil || !found || child.ID != id {
		return fmt.Errorf("VersionChild(%s) = %s, %t, %v; want %s", parent, child.ID, found, err, id)
	}
	return nil
}
