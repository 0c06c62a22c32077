package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// benchClientSegment is the size of the segments of the client benchmark: the load tool's 2 KB.
const benchClientSegment = 2048

// benchReplica is one client id of the client benchmark and the head it last saw.
type benchReplica struct {
	id, head uuid.UUID
}

// benchClientPair runs TaskChampion's request pair as the handlers do on the hot path: an
// add-version through ClientAppendEncrypted, then the get-child-version of its parent through
// ClientVersionChild, over benchAccounts client ids. A client id is used by one goroutine at a
// time, so every append is on the head.
func benchClientPair(b *testing.B, e Engine) {
	free := make(chan *benchReplica, benchAccounts)
	for _, c := range benchSetup(b, e) {
		free <- &benchReplica{id: c.ClientID}
	}
	segment := make([]byte, benchClientSegment)
	b.SetBytes(benchClientSegment)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r := <-free
			err := clientPair(b.Context(), e, r, segment)
			free <- r
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// clientPair appends segment on r's head and reads it back as the child of that head.
func clientPair(ctx context.Context, e Engine, r *benchReplica, segment []byte) error {
	parent, id := r.head, uuid.New()
	res, err := e.ClientAppendEncrypted(ctx, r.id, parent, id, segment, store.Quota{})
	if err != nil || !res.Appended {
		return fmt.Errorf("ClientAppendEncrypted on %s = appended %t, %v", parent, res.Appended, err)
	}
	r.head = id
	got, err := e.ClientVersionChild(ctx, r.id, parent)
	if err != nil || !got.Found || got.Child.ID != id {
		return fmt.Errorf("ClientVersionChild(%s) = %s, %t, %v; want %s", parent, got.Child.ID, got.Found, err, id)
	}
	return nil
}
