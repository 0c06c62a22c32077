package convert

import (
	"encoding/json"
	"fmt"
	"strings"
)

// tagList imports "tags": an array of strings, or one comma-separated string (an older
// client form taskd also accepts). Names are trimmed; empty names are skipped.
func (imp *importer) tagList(raw json.RawMessage) error {
	names, err := stringList(raw)
	if err != nil {
		return err
	}
	for _, name := range names {
		if name = strings.TrimSpace(name); name != "" {
			imp.tags[name] = true
		}
	}
	return nil
}

// dependsList imports "depends": an array of UUID strings, a comma-separated string, or the
// string `["uuid","uuid"]` that taskd 1.1.0 makes of an array. Entries are trimmed and
// UUIDs written in canonical lower case; other entries are kept as they are.
func (imp *importer) dependsList(raw json.RawMessage) error {
	deps, err := stringList(raw)
	if err != nil {
		return err
	}
	for _, dep := range deps {
		dep = strings.TrimSpace(dep)
		if id, ok := parseUUID(dep); ok {
			dep = id.String()
		}
		if dep != "" {
			imp.deps[dep] = true
		}
	}
	return nil
}

// stringList reads a JSON array of strings, or a string holding a comma-separated list,
// optionally wrapped as `["a","b"]`. null is an empty list.
func stringList(raw json.RawMessage) ([]string, error) {
	switch raw[0] {
	case 'n':
		return nil, nil
	case '[':
		var list []string
		if err := json.Unmarshal(raw, &list); err != nil {
			return nil, fmt.Errorf("%w: not an array of strings: %w", ErrAttribute, err)
		}
		return list, nil
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrAttribute, err)
		}
		return splitList(s), nil
	}
	return nil, fmt.Errorf("%w: want an array or a string, got %s", ErrAttribute, raw)
}

// splitList splits a comma-separated list. A list wrapped in brackets has its brackets,
// quotes and backslashes removed first: taskd 1.1.0 stores an uploaded depends array as
// its JSON text and hands it back as a string (Taskwarrior issue #2689).
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	if len(s) >= 2 && s[0] == '[' && s[len(s)-1] == ']' {
		s = strings.Map(func(r rune) rune {
			if strings.ContainsRune(`[]"\`, r) {
				return -1
			}
			return r
		}, s)
	}
	return strings.Split(s, ",")
}
