package codec

// The helpers in this file walk JSON that has already passed checkJSON; they
// find the extent of values without decoding them and never index out of
// range, even on malformed input.

// at returns data[i], or 0 past the end.
func at(data []byte, i int) byte {
	if i < 0 || i >= len(data) {
		return 0
	}
	return data[i]
}

// skipSpace returns the index of the first non-whitespace byte at or after i.
func skipSpace(data []byte, i int) int {
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

// valueEnd returns the index just past the JSON value starting at i.
func valueEnd(data []byte, i int) int {
	switch at(data, i) {
	case '"':
		return stringEnd(data, i)
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

// stringEnd returns the index just past the string literal whose opening
// quote is at i.
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

// compositeEnd returns the index just past the object or array that opens
// at i.
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
	return len(data)
}
