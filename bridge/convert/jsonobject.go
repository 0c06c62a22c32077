package convert

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/taskgate/taskgate/internal/jsonscan"
)

// objectMembers splits a JSON object that json.Valid accepted into its members: each key
// decoded, each value the slice of data that holds its JSON text. A later duplicate key
// replaces an earlier one.
func objectMembers(data []byte) (map[string]json.RawMessage, error) {
	obj := map[string]json.RawMessage{}
	var err error
	eachMember(data, func(lit, value []byte) bool {
		var key string
		if key, err = objectKey(lit); err != nil {
			return false
		}
		obj[key] = value
		return true
	})
	if err != nil {
		return nil, err
	}
	return obj, nil
}

// memberValue returns the JSON text of the last member named key of a JSON object that
// json.Valid accepted, as a slice of data, without allocating when the keys have no escapes.
func memberValue(data []byte, key string) (json.RawMessage, bool) {
	var value json.RawMessage
	found := false
	eachMember(data, func(lit, v []byte) bool {
		if isKey(lit, key) {
			value, found = v, true
		}
		return true
	})
	return value, found
}

// eachMember calls fn, in order, with the string literal of each member's key and the slice of
// data that holds its value's JSON text, of a JSON object that json.Valid accepted, until fn
// returns false.
func eachMember(data []byte, fn func(lit, value []byte) bool) {
	i := jsonscan.SkipSpace(data, 1)
	for i < len(data) && data[i] == '"' {
		keyEnd := jsonscan.StringEnd(data, i)
		lit := data[i:keyEnd]
		i = jsonscan.SkipSpace(data, jsonscan.SkipSpace(data, keyEnd)+1) // past ':'
		end := jsonscan.ValueEnd(data, i)
		if !fn(lit, data[i:end:end]) {
			return
		}
		i = jsonscan.SkipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = jsonscan.SkipSpace(data, i+1)
		}
	}
}

// isKey reports whether the key's string literal lit decodes to key.
func isKey(lit []byte, key string) bool {
	body := lit[1 : len(lit)-1]
	if bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body) {
		return string(body) == key
	}
	k, err := objectKey(lit)
	return err == nil && k == key
}

// objectKey decodes a key's string literal, through encoding/json when it has escapes or is not
// valid UTF-8 (which json.Unmarshal replaces).
func objectKey(lit []byte) (string, error) {
	body := lit[1 : len(lit)-1]
	if bytes.IndexByte(body, '\\') < 0 && utf8.Valid(body) {
		return string(body), nil
	}
	var key string
	err := json.Unmarshal(lit, &key)
	return key, err
}
