package merge

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/champion/codec"
)

// edit is one property change the merge decided on.
type edit struct {
	prop  string
	value *string
	at    time.Time
}

// plan is a merge in progress: the resulting map and the edits that lead to it.
type plan struct {
	result convert.TaskMap
	edits  []edit
}

// set records an edit and applies it to the result.
func (p *plan) set(prop string, value *string, at time.Time) {
	p.edits = append(p.edits, edit{prop: prop, value: value, at: at})
	if value == nil {
		delete(p.result, prop)
		return
	}
	p.result[prop] = *value
}

// latest returns the latest time among the edits of properties with the given prefix.
func (p *plan) latest(prefix string) (time.Time, bool) {
	var at time.Time
	found := false
	for _, e := range p.edits {
		if strings.HasPrefix(e.prop, prefix) && (!found || e.at.After(at)) {
			at, found = e.at, true
		}
	}
	return at, found
}

// ops returns the operations for task id: a Create when create is set, then one Update
// per edit in byte order of the property names; nil when there are none.
func (p *plan) ops(id uuid.UUID, create bool) []codec.Op {
	if len(p.edits) == 0 && !create {
		return nil
	}
	slices.SortFunc(p.edits, func(a, b edit) int { return strings.Compare(a.prop, b.prop) })
	ops := make([]codec.Op, 0, len(p.edits)+1)
	if create {
		ops = append(ops, codec.Create(id))
	}
	for _, e := range p.edits {
		ops = append(ops, codec.Update(id, e.prop, e.value, e.at))
	}
	return ops
}
