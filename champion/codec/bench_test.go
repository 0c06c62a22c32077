package codec_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

// benchOps returns a Taskwarrior-like run of operations whose encoded
// segment is at least size bytes.
func benchOps(b *testing.B, size int) []codec.Op {
	t0 := time.Date(2024, 1, 2, 3, 4, 5, 123_456_789, time.UTC)
	var ops []codec.Op
	for n := 0; ; n++ {
		id := uuid.NewSHA1(uuid.Nil, fmt.Appendf(nil, "task %d", n))
		ops = append(ops, codec.Create(id),
			codec.Set(id, "description", "buy milk", t0),
			codec.Set(id, "entry", "1704164645", t0),
			codec.Set(id, "status", "pending", t0),
			codec.Set(id, "tag_home", "x", t0))
		enc, err := codec.EncodeSegment(ops)
		require.NoError(b, err)
		if len(enc) >= size {
			return ops
		}
	}
}

func BenchmarkOpenSegment(b *testing.B) {
	key, parent := testKey(), uuid.New()
	sealed, err := codec.SealSegment(key, parent, benchOps(b, 2048))
	require.NoError(b, err)
	b.SetBytes(int64(len(sealed)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := codec.OpenSegment(key, parent, sealed); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSealSegment(b *testing.B) {
	key, parent := testKey(), uuid.New()
	ops := benchOps(b, 2048)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := codec.SealSegment(key, parent, ops); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkApply(b *testing.B) {
	ops := benchOps(b, 2048)
	b.ReportAllocs()
	for b.Loop() {
		tasks := codec.Tasks{}
		for _, op := range ops {
			_ = tasks.Apply(op)
		}
	}
	b.ReportMetric(float64(len(ops)), "ops/segment")
}

func BenchmarkDeriveKeyUncached(b *testing.B) {
	secret, client := []byte("b4a4e6b7b811eda1dc1a2693ded"), uuid.New()
	for b.Loop() {
		codec.DeriveKey(secret, client)
	}
}
