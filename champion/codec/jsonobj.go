package codec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/taskgate/taskgate/internal/jsonscan"
)

// member is one key/value pair of a JSON object: the key unquoted, the value
// as raw JSON.
type member struct {
	key   []byte
	value []byte
}

// checkJSON verifies that data is valid UTF-8 and exactly one valid JSON
// value. The scanning helpers below rely on it having been called.
func checkJSON(data []byte) error {
	if !utf8.Valid(data) {
		return errInvalidUTF8
	}
	if json.Valid(data) {
		return nil
	}
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	return errors.New("invalid JSON")
}

// readObject splits data, which must have passed checkJSON, into the
// members of one JSON object, appending them to dst. Unlike decoding into a
// map or struct, it rejects duplicate keys and keeps key case exact.
func readObject(dst []member, data []byte) ([]member, error) {
	i := jsonscan.SkipSpace(data, 0)
	if jsonscan.At(data, i) != '{' {
		return dst, fmt.Errorf("expected a JSON object, got %.20q", data[i:])
	}
	i = jsonscan.SkipSpace(data, i+1)
	if jsonscan.At(data, i) == '}' {
		return dst, nil
	}
	var seen keySet
	for {
		m, next, err := readMember(data, i)
		if err != nil {
			return dst, err
		}
		if !seen.add(dst, m.key) {
			return dst, fmt.Errorf("duplicate key %q", m.key)
		}
		dst = append(dst, m)
		i = jsonscan.SkipSpace(data, next)
		if jsonscan.At(data, i) != ',' {
			break
		}
		i = jsonscan.SkipSpace(data, i+1)
	}
	if jsonscan.At(data, i) != '}' || jsonscan.SkipSpace(data, i+1) != len(data) {
		return dst, errors.New("malformed JSON object")
	}
	return dst, nil
}

// readMember reads the `"key": value` pair starting at i and returns the
// index just past the value.
func readMember(data []byte, i int) (member, int, error) {
	if jsonscan.At(data, i) != '"' {
		return member{}, i, errors.New("expected an object key")
	}
	keyEnd := jsonscan.StringEnd(data, i)
	key, err := unquote(data[i:keyEnd])
	if err != nil {
		return member{}, i, err
	}
	i = jsonscan.SkipSpace(data, keyEnd)
	if jsonscan.At(data, i) != ':' {
		return member{}, i, errors.New("expected ':' after object key")
	}
	i = jsonscan.SkipSpace(data, i+1)
	end := jsonscan.ValueEnd(data, i)
	return member{key: key, value: data[i:end]}, end, nil
}

// unquote returns the contents of a JSON string literal, decoding escapes
// only when there are any.
func unquote(lit []byte) ([]byte, error) {
	if len(lit) < 2 || lit[0] != '"' {
		return nil, errors.New("not a JSON string")
	}
	if bytes.IndexByte(lit, '\\') < 0 {
		return lit[1 : len(lit)-1], nil
	}
	var s string
	if err := json.Unmarshal(lit, &s); err != nil {
		return nil, err
	}
	return []byte(s), nil
}

// smallObject is the member count up to which duplicate detection scans
// linearly instead of building a set.
const smallObject = 8

// keySet detects duplicate keys: linearly for small objects, with a map
// once an object grows, so that huge objects stay linear-time.
type keySet map[string]struct{}

// add reports whether key is new, given the members read so far, and records
// it.
func (s *keySet) add(members []member, key []byte) bool {
	if len(members) < smallObject {
		return lookup(members, string(key)) == nil
	}
	if *s == nil {
		*s = make(keySet, 2*len(members))
		for _, m := range members {
			(*s)[string(m.key)] = struct{}{}
		}
	}
	if _, dup := (*s)[string(key)]; dup {
		return false
	}
	(*s)[string(key)] = struct{}{}
	return true
}

// lookup returns the raw value of key, or nil when absent.
func lookup(members []member, key string) []byte {
	for _, m := range members {
		if string(m.key) == key {
			return m.value
		}
	}
	return nil
}
