package merge

import (
	"strings"

	"github.com/taskgate/taskgate/bridge/convert"
)

// Property names and key prefixes of the task map that the merge treats specially.
const (
	modifiedKey = "modified"
	tagsKey     = "tags"
	dependsKey  = "depends"
	tagPrefix   = "tag_"
	depPrefix   = "dep_"
)

// isSetKey reports whether prop holds one element of a set (a tag or a dependency), whose
// presence alone matters: Taskwarrior writes "x" as the value, the TaskChampion library "".
func isSetKey(prop string) bool {
	return strings.HasPrefix(prop, tagPrefix) || strings.HasPrefix(prop, depPrefix)
}

// isDerived reports whether prop is never merged as a client change: the mirrors are
// recomputed and modified takes the later of both sides.
func isDerived(prop string) bool {
	return prop == tagsKey || prop == dependsKey || prop == modifiedKey
}

// equalAt reports whether a and b agree on prop: both lack it, or both have it with the
// same value (any value, for a tag or dependency key).
func equalAt(prop string, a, b convert.TaskMap) bool {
	va, okA := a[prop]
	vb, okB := b[prop]
	if okA != okB {
		return false
	}
	return !okA || va == vb || isSetKey(prop)
}

// valueOf returns m's value of prop, or nil when m lacks it.
func valueOf(m convert.TaskMap, prop string) *string {
	if v, ok := m[prop]; ok {
		return &v
	}
	return nil
}
