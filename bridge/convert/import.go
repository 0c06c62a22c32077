package convert

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// ToTaskMap converts one Taskwarrior 2.x JSON task (a line of a taskd upload or of
// `task export`) into a TaskChampion task map, the way Taskwarrior's import does:
//
//   - id and urgency are ignored; uuid is returned separately and must be a hyphenated UUID;
//   - modification is read as modified; Taskwarrior's own date attributes (ISO basic
//     YYYYMMDDTHHMMSSZ, ISO extended forms, epoch seconds) become epoch-second text, and so
//     does a date UDA's value in ISO basic form; every other value, undeclared UDAs' above
//     all, is kept as written;
//   - tags (an array or a comma-separated string) become tag_<name>="x" plus the tags mirror;
//     depends (an array, a comma-separated string, or the "[\"uuid\",…]" string taskd 1.1.0
//     produces) becomes dep_<uuid>="x" plus the depends mirror;
//   - annotations become annotation_<entry epoch>, moved one second later while the key is
//     taken; an annotation without an entry uses the task's modified time, else its entry
//     time; one without a description is an error (ErrAttribute), an empty one is dropped;
//   - strings are decoded, numbers and literals kept as written, objects and arrays kept as
//     compact JSON text; empty values and null leave the property unset;
//   - status "waiting" becomes "pending" (Taskwarrior 2.6 keeps waiting tasks pending).
func ToTaskMap(line []byte, types Types) (uuid.UUID, TaskMap, error) {
	return ToTaskMapAt(line, types, time.Time{})
}

// ToTaskMapAt is ToTaskMap with a last fallback for annotations that have no entry time and
// belong to a task with neither modified nor entry: now. A zero now means no fallback, and
// such an annotation is an error.
func ToTaskMapAt(line []byte, types Types, now time.Time) (uuid.UUID, TaskMap, error) {
	obj, err := decodeObject(line)
	if err != nil {
		return uuid.Nil, nil, err
	}
	id, err := taskUUID(obj["uuid"])
	if err != nil {
		return uuid.Nil, nil, err
	}
	imp := importer{types: types, m: make(TaskMap, len(obj)+4), tags: map[string]bool{}, deps: map[string]bool{}}
	for _, key := range slices.Sorted(maps.Keys(obj)) {
		if err := imp.attribute(key, obj[key]); err != nil {
			return uuid.Nil, nil, fmt.Errorf("%s: %w", key, err)
		}
	}
	if err := imp.annotations(obj["annotations"], now); err != nil {
		return uuid.Nil, nil, fmt.Errorf("annotations: %w", err)
	}
	imp.writeLists()
	return id, imp.m, nil
}

// TaskUUID reads only the uuid of a task line, allocating next to nothing: the error is the one
// ToTaskMap gives when the line is not a JSON object (ErrSyntax) or its uuid is not one
// (ErrUUID); a line TaskUUID accepts may still fail ToTaskMap on another attribute.
func TaskUUID(line []byte) (uuid.UUID, error) {
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed) {
		_, err := decodeObject(line)
		return uuid.Nil, err
	}
	raw, _ := memberValue(trimmed, "uuid")
	if len(raw) == 38 && raw[0] == '"' && bytes.IndexByte(raw, '\\') < 0 {
		if id, err := uuid.ParseBytes(raw[1:37]); err == nil {
			return id, nil
		}
	}
	return taskUUID(raw)
}

// decodeObject parses line as one JSON object, keeping each value's JSON text as a slice of
// line (not a copy: a task with a huge value costs no copy of it here). Duplicate keys keep the
// last value, and keys are decoded, as json.Unmarshal into a map does.
func decodeObject(line []byte) (map[string]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(line)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, ErrSyntax
	}
	if !json.Valid(trimmed) {
		var obj map[string]json.RawMessage
		err := json.Unmarshal(trimmed, &obj)
		return nil, fmt.Errorf("%w: %w", ErrSyntax, err)
	}
	return objectMembers(trimmed)
}

// taskUUID reads the uuid attribute.
func taskUUID(raw json.RawMessage) (uuid.UUID, error) {
	var s string
	if raw == nil || json.Unmarshal(raw, &s) != nil {
		return uuid.Nil, ErrUUID
	}
	id, ok := parseUUID(s)
	if !ok {
		return uuid.Nil, fmt.Errorf("%w: %q", ErrUUID, s)
	}
	return id, nil
}

// parseUUID accepts only the hyphenated 36-character form Taskwarrior writes.
func parseUUID(s string) (uuid.UUID, bool) {
	if len(s) != 36 {
		return uuid.Nil, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil
}

// valueText returns the text a JSON value stands for in a task map: a string decoded, null
// as "" (unset), an object or array as compact JSON, a literal as written and a number in its
// canonical form (see canonicalNumber).
func valueText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 {
		return "", nil
	}
	switch raw[0] {
	case '"':
		return decodeString(raw)
	case '{', '[':
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			return "", err
		}
		return strings.ToValidUTF8(buf.String(), "\uFFFD"), nil
	case 'n':
		return "", nil
	case 't', 'f':
		return string(raw), nil
	default:
		return canonicalNumber(string(raw)), nil
	}
}

// decodeString decodes a JSON string literal that json.Unmarshal has already validated as
// part of its object. Most strings have no escapes and are copied directly.
func decodeString(raw json.RawMessage) (string, error) {
	if body := raw[1 : len(raw)-1]; bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body) {
		return string(body), nil
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}
