package convert

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// importer accumulates one task map while ToTaskMap walks a 2.x object.
type importer struct {
	types Types
	m     TaskMap
	tags  map[string]bool
	deps  map[string]bool
}

// attribute imports one key of the 2.x object. Annotations are imported afterwards, once
// the task's own times are known.
func (imp *importer) attribute(key string, raw json.RawMessage) error {
	switch {
	case key == tagsKey:
		return imp.tagList(raw)
	case key == dependsKey:
		return imp.dependsList(raw)
	case key == "id", key == "urgency", key == "uuid", isListKey(key):
		return nil
	}
	text, err := valueText(raw)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrAttribute, err)
	}
	if key == "modification" {
		key = "modified"
	}
	if typ, builtin := imp.types.lookup(key); typ == Date {
		text = importDate(text, builtin)
	}
	if key == "status" && text == "waiting" {
		text = "pending"
	}
	imp.set(key, text)
	return nil
}

// set stores a property; an empty value removes it, as Taskwarrior does.
func (imp *importer) set(key, value string) {
	if value == "" {
		delete(imp.m, key)
		return
	}
	imp.m[key] = value
}

// writeLists stores the collected tags and dependencies with their legacy mirrors.
func (imp *importer) writeLists() {
	writeSet(imp.m, imp.tags, tagPrefix, tagsKey)
	writeSet(imp.m, imp.deps, depPrefix, dependsKey)
}

// writeSet stores prefix+name="x" for every name and the comma-joined, byte-ordered names
// under mirror, or nothing when the set is empty.
func writeSet(m TaskMap, set map[string]bool, prefix, mirror string) {
	if len(set) == 0 {
		return
	}
	names := make([]string, 0, len(set))
	for name := range set {
		m[prefix+name] = "x"
		names = append(names, name)
	}
	slices.Sort(names)
	m[mirror] = strings.Join(names, ",")
}
