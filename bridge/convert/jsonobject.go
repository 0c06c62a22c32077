package convert

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// objectMembers splits a JSON object that json.Valid accepted into its members: each key
// decoded, each value the slice of data that holds its JSON text. A later duplicate key
// replaces an earlier one.
func objectMembers(data []byte) (map[string]json.RawMessage, error) {
	obj := map[string]json.RawMessage{}
	i := skipSpace(data, 1)
	for i < len(data) && data[i] == '"' {
		keyEnd := stringEnd(data, i)
		key, err := objectKey(data[i:keyEnd])
		if err != nil {
			return nil, err
		}
		i = skipSpace(data, keyEnd)
		i = skipSpace(data, i+1) // past ':'
		end := valueEnd(data, i)
		obj[key] = data[i:end:end]
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return obj, nil
}

// memberValue returns the JSON text of the last member named key of a JSON object that
// json.Valid accepted, as a slice of data, without allocating when the keys have no escapes.
func memberValue(data []byte, key string) (json.RawMessage, bool) {
	var value json.RawMessage
	found := false
	i := skipSpace(data, 1)
	for i < len(data) && data[i] == '"' {
		keyEnd := stringEnd(data, i)
		lit := data[i:keyEnd]
		i = skipSpace(data, skipSpace(data, keyEnd)+1) // past ':'
		end := valueEnd(data, i)
		if isKey(lit, key) {
			value, found = data[i:end:end], true
		}
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
		}
	}
	return value, found
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

// skipSpace returns the index of the first byte at or after i that is not JSON whitespace.
func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r') {
		i++
	}
	return i
}

// stringEnd returns the index just past the string literal that starts at i.
func stringEnd(data []byte, i int) int {
	for i++; i < len(data); i++ {
		switch data[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(data)
}

// valueEnd returns the index just past the JSON value that starts at i.
func valueEnd(data []byte, i int) int {
	switch {
	case i >= len(data):
		return i
	case data[i] == '"':
		return stringEnd(data, i)
	case data[i] == '{' || data[i] == '[':
		return compositeEnd(data, i)
	}
	for i < len(data) && !isDelimiter(data[i]) {
		i++
	}
	return i
}

// isDelimiter reports whether c ends a number or a literal.
func isDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// compositeEnd returns the index just past the object or array that starts at i.
func compositeEnd(data []byte, i int) int {
	depth := 0
	for i < len(data) {
		switch data[i] {
		case '"':
			i = stringEnd(data, i)
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return i
}
