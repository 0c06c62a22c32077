package convert

import (
	"maps"
	"slices"
	"strings"
)

// Change is one property change between two versions of a task map.
type Change struct {
	// Property is the property name.
	Property string
	// Value is the new value, or nil when the property was removed.
	Value *string
}

// Diff returns the changes that turn before into after, ordered by property name: a
// Change with a value for every property that after adds or sets differently, and one with
// a nil Value for every property after no longer has. Equal maps give no changes.
func Diff(before, after TaskMap) []Change {
	var changes []Change
	for _, prop := range slices.Sorted(maps.Keys(after)) {
		value := after[prop]
		if old, ok := before[prop]; !ok || old != value {
			changes = append(changes, Change{Property: prop, Value: &value})
		}
	}
	for prop := range before {
		if _, ok := after[prop]; !ok {
			changes = append(changes, Change{Property: prop})
		}
	}
	slices.SortFunc(changes, func(a, b Change) int { return strings.Compare(a.Property, b.Property) })
	return changes
}

// Apply returns a copy of m with the changes applied in order; m is not modified.
func Apply(m TaskMap, changes []Change) TaskMap {
	out := maps.Clone(m)
	if out == nil {
		out = TaskMap{}
	}
	for _, c := range changes {
		if c.Value == nil {
			delete(out, c.Property)
		} else {
			out[c.Property] = *c.Value
		}
	}
	return out
}
