package merge

import (
	"maps"
	"slices"
	"time"

	"github.com/taskgate/taskgate/bridge/convert"
)

// clientSide is what the client's versions of one task say.
type clientSide struct {
	// base is what the versions are compared with: Base, or an empty task when there is
	// no Base or the task does not exist now.
	base convert.TaskMap
	// last is the client's last version: its state.
	last convert.TaskMap
	// lastAt is the modified time of the last version.
	lastAt time.Time
	// changedAt holds, for each property some version changed (against the version
	// before it, the first against base), the modified time of the last such version.
	changedAt map[string]time.Time
}

// newClientSide walks the versions in order and dates every property change.
func newClientSide(base convert.TaskMap, versions []Version) clientSide {
	c := clientSide{base: base, changedAt: map[string]time.Time{}}
	prev := base
	for _, v := range versions {
		if f := v.folded; f != nil {
			markChanges(c.changedAt, prev, f.first, f.firstAt)
			maps.Copy(c.changedAt, f.within)
		} else {
			markChanges(c.changedAt, prev, v.Task, v.Modified)
		}
		prev = v.Task
	}
	c.last = prev
	c.lastAt = versions[len(versions)-1].Modified
	return c
}

// markChanges records at for every property that differs between prev and next.
func markChanges(changedAt map[string]time.Time, prev, next convert.TaskMap, at time.Time) {
	for prop := range next {
		if !equalAt(prop, prev, next) {
			changedAt[prop] = at
		}
	}
	for prop := range prev {
		if _, ok := next[prop]; !ok {
			changedAt[prop] = at
		}
	}
}

// changes returns, in byte order, the properties the client changed: those whose value
// in its last version differs from base, leaving out the derived ones.
func (c clientSide) changes() []string {
	var props []string
	for _, prop := range slices.Sorted(maps.Keys(c.changedAt)) {
		if !isDerived(prop) && !equalAt(prop, c.base, c.last) {
			props = append(props, prop)
		}
	}
	return props
}

// timeOf returns the time the client last changed prop, or the time of its last version
// when no version changed it.
func (c clientSide) timeOf(prop string) time.Time {
	if at, ok := c.changedAt[prop]; ok {
		return at
	}
	return c.lastAt
}
