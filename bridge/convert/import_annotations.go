package convert

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// annotations imports the "annotations" array: each element an object with a description
// (required) and an entry time (optional). Each becomes annotation_<entry epoch>; when that
// key is taken the entry moves one second later, as Taskwarrior does.
func (imp *importer) annotations(raw json.RawMessage, now time.Time) error {
	if raw == nil || raw[0] == 'n' {
		return nil
	}
	var list []map[string]json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return fmt.Errorf("%w: not an array of objects: %w", ErrAttribute, err)
	}
	for i, obj := range list {
		if err := imp.annotation(obj, now); err != nil {
			return fmt.Errorf("annotation %d: %w", i, err)
		}
	}
	return nil
}

// annotation imports one element of the annotations array.
func (imp *importer) annotation(obj map[string]json.RawMessage, now time.Time) error {
	desc := obj["description"]
	if len(desc) == 0 || desc[0] != '"' {
		return fmt.Errorf("%w: no description string", ErrAttribute)
	}
	text, err := decodeString(desc)
	if err != nil {
		return fmt.Errorf("%w: description: %w", ErrAttribute, err)
	}
	if text == "" {
		return nil
	}
	entry, err := imp.annotationEntry(obj["entry"], now)
	if err != nil {
		return err
	}
	for {
		key := annotationKey(entry)
		if _, taken := imp.m[key]; !taken {
			imp.m[key] = text
			return nil
		}
		if entry == math.MaxInt64 {
			return fmt.Errorf("%w: entry time out of range", ErrAttribute)
		}
		entry++
	}
}

// annotationEntry reads an annotation's entry time as epoch seconds. Without one it falls
// back to the task's modified time, its entry time, and finally now: a fallback taken from
// the task itself converts a repeated upload to the same key.
func (imp *importer) annotationEntry(raw json.RawMessage, now time.Time) (int64, error) {
	text, err := valueText(raw)
	if err != nil {
		return 0, fmt.Errorf("%w: entry: %w", ErrAttribute, err)
	}
	if text != "" {
		n, ok := parseDate(text)
		if !ok {
			return 0, fmt.Errorf("%w: entry %q is not a date", ErrAttribute, text)
		}
		return n, nil
	}
	for _, key := range []string{"modified", "entry"} {
		if n, err := strconv.ParseInt(imp.m[key], 10, 64); err == nil {
			return n, nil
		}
	}
	if now.IsZero() {
		return 0, fmt.Errorf("%w: no entry time and the task has none", ErrAttribute)
	}
	return now.Unix(), nil
}
