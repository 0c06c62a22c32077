package taskd

import (
	"fmt"
	"slices"
	"strings"
)

// Limits on the header block of a request. Taskwarrior sends six or seven short headers; the caps
// bound the work an untrusted client can cause before it is authenticated.
const (
	// MaxHeaderLines is the most header lines a message may have (duplicates included).
	MaxHeaderLines = 100
	// MaxHeaderLineBytes is the longest header line accepted, both as received and as Encode
	// would write it (`name: value`).
	MaxHeaderLineBytes = 8 << 10
)

// Status texts of message-level errors (sent with code 500). "Malformed message" is the text
// Taskwarrior prints when the blank line is missing, so keep it.
const (
	textMalformed       = "Malformed message"
	textTooManyHeaders  = "Malformed message: too many header lines"
	textHeaderTooLong   = "Malformed message: header line too long"
	textMalformedHeader = "Malformed message header on line %d"
)

// headerSeparator ends the header block: the last header line's newline plus the blank line.
const headerSeparator = "\n\n"

// headerTrim is what ParseMessage trims from names and values: blanks and tabs only, so that a
// carriage return stays in the value as it does in Taskserver.
const headerTrim = " \t"

// Message is one taskd message: header lines and a payload.
type Message struct {
	// Headers maps header names to values. Names are case-sensitive; on the wire they are written
	// in byte order.
	Headers map[string]string
	// Payload is the text after the blank line, without the one final newline that Encode adds,
	// so that ParseMessage and Encode are inverses.
	Payload string
}

// ParseError is returned by ParseMessage for a message that cannot be parsed. Its text is safe to
// send to the client (it never echoes the input) and is answered with code 500.
type ParseError struct {
	// Reason is the client-safe description, e.g. "Malformed message".
	Reason string
}

// Error implements error.
func (e *ParseError) Error() string { return "taskd: " + e.Reason }

// ParseMessage parses a message as Taskserver does (docs/protocols/taskd.md §2.2): split at the
// first blank line, every header line must contain ':', name and value are trimmed, and the last
// duplicate wins. Deliberately stricter: a message without headers, more than MaxHeaderLines lines
// or a line longer than MaxHeaderLineBytes is a *ParseError, and a NUL byte in the first four bytes
// or anywhere in the header block is a 401 *StatusError ("Failure"), as Taskserver answers a NUL
// in the first four bytes.
func ParseMessage(data []byte) (Message, error) {
	return parseMessage(string(data))
}

// parseMessage is ParseMessage on a string; the message's payload shares the string's memory.
func parseMessage(data string) (Message, error) {
	if strings.IndexByte(data[:min(len(data), 4)], 0) >= 0 {
		return Message{}, NewStatusError(StatusFailure, "", nil)
	}
	block, payload, ok := strings.Cut(data, headerSeparator)
	if !ok || len(block) == 0 {
		return Message{}, &ParseError{Reason: textMalformed}
	}
	if strings.IndexByte(block, 0) >= 0 {
		return Message{}, NewStatusError(StatusFailure, "", nil)
	}
	headers, err := parseHeaders(block)
	if err != nil {
		return Message{}, err
	}
	return Message{Headers: headers, Payload: strings.TrimSuffix(payload, "\n")}, nil
}

// parseHeaders parses a non-empty header block (without its final newline).
func parseHeaders(block string) (map[string]string, error) {
	if strings.Count(block, "\n") >= MaxHeaderLines {
		return nil, &ParseError{Reason: textTooManyHeaders}
	}
	headers := make(map[string]string)
	for i, line := range strings.Split(block, "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, &ParseError{Reason: fmt.Sprintf(textMalformedHeader, i+1)}
		}
		name = strings.Trim(name, headerTrim)
		value = strings.Trim(value, headerTrim)
		if len(line) > MaxHeaderLineBytes || len(name)+len(": ")+len(value) > MaxHeaderLineBytes {
			return nil, &ParseError{Reason: textHeaderTooLong}
		}
		headers[name] = value
	}
	return headers, nil
}

// Encode serialises m as Taskserver does (docs/protocols/taskd.md §2.1): one `name: value\n` line
// per header in byte order of name, a blank line, the payload and one more "\n". Header names and
// values must not contain '\n' (names also no ':'); the server only encodes headers it built.
func (m Message) Encode() []byte {
	names := make([]string, 0, len(m.Headers))
	size := len(m.Payload) + 2
	for name, value := range m.Headers {
		names = append(names, name)
		size += len(name) + len(": ") + len(value) + 1
	}
	slices.Sort(names)
	buf := make([]byte, 0, size)
	for _, name := range names {
		buf = append(buf, name...)
		buf = append(buf, ": "...)
		buf = append(buf, m.Headers[name]...)
		buf = append(buf, '\n')
	}
	buf = append(buf, '\n')
	buf = append(buf, m.Payload...)
	return append(buf, '\n')
}
