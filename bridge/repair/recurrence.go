package repair

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/champion/codec"
)

// Task is one task as the recurrence repair sees it: its map and, per property, the time of
// the operation that last set it.
type Task struct {
	UUID  uuid.UUID
	Data  codec.TaskMap
	Times map[string]time.Time
}

// IsInstance reports whether m is a live instance of a recurring task: it has a parent and is
// not deleted.
func IsInstance(m codec.TaskMap) bool {
	return m["parent"] != "" && m["status"] != "deleted"
}

// Occurrence names the occurrence an instance stands for, among every recurring task's: its
// parent, and its recurrence index, else its due date. Instances with the same name are
// duplicates.
func Occurrence(m codec.TaskMap) string { return m["parent"] + "|" + slot(m) }

// slot names the occurrence an instance stands for: its recurrence index, else its due date.
func slot(m codec.TaskMap) string {
	if imask := m["imask"]; imask != "" {
		return "imask:" + canonicalIndex(imask)
	}
	return "due:" + m["due"]
}

// canonicalIndex reads an index written as 3 or 3.000000 alike.
func canonicalIndex(s string) string {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return s
}

// Duplicates returns the operations that leave one instance per occurrence among the live
// instances of the given tasks (any tasks; others are ignored), only for occurrences that one
// of the tasks named by touched stands for. For each such occurrence with several instances the
// earliest (by entry, then uuid) is kept; each other one's properties that the kept one lacks,
// or that it set later than the kept one did, are copied to the kept one (but not its entry,
// modified, parent, imask or due), and it is deleted: status deleted, and end now when it has none. Operations are
// stamped now, in a stable order.
func Duplicates(tasks []Task, touched map[uuid.UUID]bool, now time.Time) []codec.Op {
	groups := map[string][]Task{}
	var order []string
	for _, t := range tasks {
		if !IsInstance(t.Data) {
			continue
		}
		key := Occurrence(t.Data)
		if _, seen := groups[key]; !seen {
			order = append(order, key)
		}
		groups[key] = append(groups[key], t)
	}
	slices.Sort(order)
	var ops []codec.Op
	for _, key := range order {
		group := groups[key]
		if len(group) < 2 || !slices.ContainsFunc(group, func(t Task) bool { return touched[t.UUID] }) {
			continue
		}
		slices.SortFunc(group, earlier)
		for _, dup := range group[1:] {
			ops = append(ops, mergeInto(group[0], dup, now)...)
			ops = append(ops, end(dup, now)...)
		}
	}
	return ops
}

// earlier orders instances by entry (epoch seconds), then uuid.
func earlier(a, b Task) int {
	ea, _ := strconv.ParseInt(a.Data["entry"], 10, 64)
	eb, _ := strconv.ParseInt(b.Data["entry"], 10, 64)
	return cmp.Or(cmp.Compare(ea, eb), bytes.Compare(a.UUID[:], b.UUID[:]))
}

// ownIdentity are the properties a duplicate never passes on: when and where it was made, and
// the occurrence it stands for (the same as the kept one's, maybe written differently).
var ownIdentity = map[string]bool{"entry": true, "modified": true, "imask": true, "due": true, "parent": true}

// mergeInto returns the updates that copy to kept what dup has and kept lacks or set earlier.
// kept's map and times (which must not be nil) are updated too, so that a later duplicate is
// compared with the result. A property dup has no time for is stamped now.
func mergeInto(kept, dup Task, now time.Time) []codec.Op {
	var ops []codec.Op
	for _, prop := range slices.Sorted(maps.Keys(dup.Data)) {
		if ownIdentity[prop] {
			continue
		}
		value, has := kept.Data[prop]
		if has && (value == dup.Data[prop] || !dup.Times[prop].After(kept.Times[prop])) {
			continue
		}
		at := dup.Times[prop]
		if at.IsZero() {
			at = now
		}
		kept.Data[prop] = dup.Data[prop]
		kept.Times[prop] = at
		ops = append(ops, codec.Set(kept.UUID, prop, dup.Data[prop], at))
	}
	return ops
}

// end returns the updates that delete an instance.
func end(dup Task, now time.Time) []codec.Op {
	ops := []codec.Op{codec.Set(dup.UUID, "status", "deleted", now)}
	if dup.Data["end"] == "" {
		ops = append(ops, codec.Set(dup.UUID, "end", strconv.FormatInt(now.Unix(), 10), now))
	}
	return append(ops, codec.Set(dup.UUID, "modified", strconv.FormatInt(now.Unix(), 10), now))
}
