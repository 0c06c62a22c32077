// Package jsonscan finds the extent of JSON values without decoding them, for readers that
// keep values as slices of their input. It walks JSON that a validator has accepted already
// (json.Valid, or stricter); on other input it never indexes out of range, but its answers mean
// nothing.
package jsonscan

// At returns data[i], or 0 past the end.
func At(data []byte, i int) byte {
	if i < 0 || i >= len(data) {
		return 0
	}
	return data[i]
}

// SkipSpace returns the index of the first non-whitespace byte at or after i.
func SkipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// ValueEnd returns the index just past the JSON value starting at i.
func ValueEnd(data []byte, i int) int {
	switch At(data, i) {
	case '"':
		return StringEnd(data, i)
	case '{', '[':
		return compositeEnd(data, i)
	}
	for i < len(data) && !isValueDelimiter(data[i]) {
		i++
	}
	return i
}

// isValueDelimiter reports whether c ends a number or literal.
func isValueDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r':
		return true
	}
	return false
}

// StringEnd returns the index just past the string literal whose opening
// quote is at i.
func StringEnd(data []byte, i int) int {
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

// compositeEnd returns the index just past the object or array that opens
// at i.
func compositeEnd(data []byte, i int) int {
	depth := 0
	for i < len(data) {
		switch data[i] {
		case '"':
			i = StringEnd(data, i)
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
	return len(data)
}
