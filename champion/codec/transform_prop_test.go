package codec_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

// opGen draws small random operations so that collisions (same task, same
// property, same value, same timestamp) are frequent.
type opGen struct {
	r    *rand.Rand
	pool []uuid.UUID
}

func newOpGen(seed uint64, tasks int) *opGen {
	g := &opGen{r: rand.New(rand.NewPCG(seed, 42))}
	for range tasks {
		g.pool = append(g.pool, g.uuid())
	}
	return g
}

func (g *opGen) uuid() uuid.UUID {
	var id uuid.UUID
	for i := range id {
		id[i] = byte(g.r.Uint32())
	}
	return id
}

func (g *opGen) pick(options ...string) string { return options[g.r.IntN(len(options))] }

func (g *opGen) value() *string {
	if g.r.IntN(4) == 0 {
		return nil
	}
	return ptr(g.pick("a", "b", ""))
}

func (g *opGen) timestamp() time.Time {
	return time.Date(2024, 1, 2, 3, 4, 5, g.r.IntN(3), time.UTC)
}

func (g *opGen) update(id uuid.UUID) codec.Op {
	return codec.Update(id, g.pick("p", "q", "status"), g.value(), g.timestamp())
}

// op draws any operation on a pooled task.
func (g *opGen) op() codec.Op {
	id := g.pool[g.r.IntN(len(g.pool))]
	switch g.r.IntN(4) {
	case 0:
		return codec.Create(id)
	case 1:
		return codec.Delete(id)
	}
	return g.update(id)
}

// props draws a random, possibly empty, property map.
func (g *opGen) props() codec.TaskMap {
	m := codec.TaskMap{}
	for range g.r.IntN(4) {
		m[g.pick("p", "q", "r", "status")] = g.pick("a", "b", "c")
	}
	return m
}

// baseState builds a state in which ops are meaningful: every task an Update
// or Delete names exists, and a task a Create names is absent or empty.
func (g *opGen) baseState(ops ...codec.Op) codec.Tasks {
	created, touched := map[uuid.UUID]bool{}, map[uuid.UUID]bool{}
	for _, op := range ops {
		if op.Kind == codec.OpCreate {
			created[op.UUID] = true
		} else {
			touched[op.UUID] = true
		}
	}
	s := codec.Tasks{}
	for _, id := range g.pool {
		switch {
		case created[id] && touched[id]:
			s[id] = codec.TaskMap{}
		case created[id]:
			if g.r.IntN(2) == 0 {
				s[id] = codec.TaskMap{}
			}
		case touched[id] || g.r.IntN(2) == 0:
			s[id] = g.props()
		}
	}
	return s
}

// applyAll applies ops in order, ignoring errors as sync does.
func applyAll(s codec.Tasks, ops ...codec.Op) codec.Tasks {
	for _, op := range ops {
		_ = s.Apply(op)
	}
	return s
}

// opt turns a transform result into a list of zero or one operation.
func opt(op *codec.Op) []codec.Op {
	if op == nil {
		return nil
	}
	return []codec.Op{*op}
}

func TestTransformInvariant(t *testing.T) {
	t.Parallel()
	for seed := range uint64(20000) {
		g := newOpGen(seed, 2)
		server, local := g.op(), g.op()
		base := g.baseState(server, local)
		s2, l2 := codec.Transform(server, local)
		left := applyAll(base.Clone(), append([]codec.Op{server}, opt(l2)...)...)
		right := applyAll(base.Clone(), append([]codec.Op{local}, opt(s2)...)...)
		require.Equal(t, left, right, "seed %d: S=%v server=%+v local=%+v", seed, base, server, local)
	}
}

// history draws a plausible run of operations for one replica: updates and
// deletes of shared tasks, plus tasks it creates and then updates itself.
func (g *opGen) history() []codec.Op {
	var ops []codec.Op
	for range g.r.IntN(8) {
		if g.r.IntN(5) == 0 {
			id := g.uuid()
			ops = append(ops, codec.Create(id), g.update(id))
			continue
		}
		op := g.op()
		if op.Kind == codec.OpCreate {
			op = g.update(op.UUID)
		}
		ops = append(ops, op)
	}
	return ops
}

func TestRebaseConverges(t *testing.T) {
	t.Parallel()
	for seed := range uint64(5000) {
		g := newOpGen(seed, 3)
		base := codec.Tasks{}
		for _, id := range g.pool {
			base[id] = g.props()
		}
		server, local := g.history(), g.history()
		applyLocally, stillToSend := codec.Rebase(server, local)
		onServer := applyAll(applyAll(base.Clone(), server...), stillToSend...)
		onClient := applyAll(applyAll(base.Clone(), local...), applyLocally...)
		require.Equal(t, onServer, onClient, "seed %d", seed)
	}
}
