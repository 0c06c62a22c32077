package convert

import (
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Options adjusts the JSON that ToJSON composes.
type Options struct {
	// DependsAsString writes depends as one comma-separated string, which every 2.3 to 2.6
	// client parses. The default is an array, as Taskwarrior 2.6 writes it; only clients
	// from 2.5.0 on read arrays.
	DependsAsString bool
}

// ToJSON composes the one-line Taskwarrior 2.x JSON object for task id with properties m,
// exactly as Taskwarrior 2.6 and 3.x write it without decoration (no id, no urgency):
//
//   - the attributes in byte order of their names, uuid among them, leaving out tags,
//     depends, every tag_, dep_ and annotation_ key, and empty values;
//   - dates as YYYYMMDDTHHMMSSZ in UTC (a value that is not epoch seconds, or for a date UDA
//     not canonical epoch seconds, stays the string it is),
//     numeric attributes as bare numbers (a value that is not a JSON number stays a string),
//     strings escaped as Taskwarrior escapes them ("/" becomes "\/"), durations quoted;
//   - then "annotations" ([{"entry":…,"description":…}] by entry time), "tags" (the names
//     of the tag_ keys, whatever their value, in byte order) and "depends" (from the dep_
//     keys), each only when not empty.
//
// Every map has a JSON form, so the error is nil today; it is reserved for validation.
func ToJSON(id uuid.UUID, m TaskMap, types Types, opts Options) ([]byte, error) {
	var tags, deps, attrs []string
	for key, value := range m {
		switch {
		case strings.HasPrefix(key, tagPrefix) && len(key) > len(tagPrefix):
			tags = append(tags, key[len(tagPrefix):])
		case strings.HasPrefix(key, depPrefix) && len(key) > len(depPrefix):
			deps = append(deps, key[len(depPrefix):])
		case value != "" && key != "uuid" && !isListKey(key):
			attrs = append(attrs, key)
		}
	}
	attrs = append(attrs, "uuid")
	slices.Sort(attrs)
	buf := make([]byte, 0, 64*len(m)+64)
	buf = append(buf, '{')
	for i, key := range attrs {
		if i > 0 {
			buf = append(buf, ',')
		}
		value := m[key]
		if key == "uuid" {
			value = id.String()
		}
		typ, builtin := types.lookup(key)
		if typ == Date {
			value = exportDate(value, builtin)
		}
		buf = appendAttribute(buf, key, value, typ)
	}
	buf = appendAnnotations(buf, m)
	buf = appendNames(buf, tagsKey, tags, false)
	buf = appendNames(buf, dependsKey, deps, opts.DependsAsString)
	return append(buf, '}'), nil
}

// appendAttribute appends "key":value with the value written as its type requires (a date's
// value is already in its 2.x form).
func appendAttribute(buf []byte, key, value string, typ Type) []byte {
	buf = appendPlain(buf, key)
	buf = append(buf, ':')
	switch typ {
	case Numeric:
		if isJSONNumber(value) {
			return append(buf, value...)
		}
		return appendString(buf, value)
	case Duration:
		return appendPlain(buf, value)
	default:
		return appendString(buf, value)
	}
}

// appendNames appends ,"key":[names…] in byte order, or ,"key":"a,b" when joined, or
// nothing when names is empty. Taskwarrior writes tags and depends without escaping them.
func appendNames(buf []byte, key string, names []string, joined bool) []byte {
	if len(names) == 0 {
		return buf
	}
	slices.Sort(names)
	buf = append(buf, ',')
	buf = appendPlain(buf, key)
	buf = append(buf, ':')
	if joined {
		return appendPlain(buf, strings.Join(names, ","))
	}
	buf = append(buf, '[')
	for i, name := range names {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendPlain(buf, name)
	}
	return append(buf, ']')
}
