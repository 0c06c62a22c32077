package taskd

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// Request types (the `type` header).
const (
	TypeSync       = "sync"
	TypeStatistics = "statistics"
)

// ProtocolV1 is the only `protocol` header value taskd accepts.
const ProtocolV1 = "v1"

// SubtypeInit is the `subtype` header of `task sync init`.
const SubtypeInit = "init"

// maxComponentBytes bounds an organisation or user name; 255 is the usual file-name limit, which
// is what Taskserver's directory layout imposed.
const maxComponentBytes = 255

// Request is a decoded request message.
type Request struct {
	// Type is TypeSync or TypeStatistics.
	Type string
	// Credentials are the validated org, user and key.
	Credentials Credentials
	// Protocol is the `protocol` header as sent; see CheckProtocol.
	Protocol string
	// Client is the free-text `client` header (empty when absent).
	Client string
	// Subtype is the `subtype` header as sent (empty when absent).
	Subtype string
	// Payload is the message payload.
	Payload string
}

// DecodeRequest decodes the headers of a request. An unknown or missing `type` is a 500 "Syntax
// error in request" (Taskserver checks the type first); credentials that are not a safe org and
// user and a UUID-shaped key are a 430, so a malformed key looks exactly like a wrong one. The
// protocol and the payload are checked later (CheckProtocol, SyncRequest), after authentication,
// in Taskserver's order.
func DecodeRequest(m Message) (Request, error) {
	h := m.Headers
	req := Request{
		Type:        h["type"],
		Credentials: Credentials{Org: h["org"], User: h["user"], Key: h["key"]},
		Protocol:    h["protocol"],
		Client:      h["client"],
		Subtype:     h["subtype"],
		Payload:     m.Payload,
	}
	if req.Type != TypeSync && req.Type != TypeStatistics {
		return Request{}, NewStatusError(StatusSyntaxError, "", errors.New("unknown request type"))
	}
	if err := validateCredentials(req.Credentials); err != nil {
		return Request{}, AccessDenied(err)
	}
	return req, nil
}

// CheckProtocol returns a 500 with Taskserver's text unless the `protocol` header is "v1".
func (r Request) CheckProtocol() error {
	if r.Protocol != ProtocolV1 {
		return NewStatusError(StatusSyntaxError, TextBadProtocol, nil)
	}
	return nil
}

// validateCredentials checks the syntax of the credentials (not whether they exist).
func validateCredentials(c Credentials) error {
	switch {
	case !safeComponent(c.Org):
		return errors.New("org is not a safe name")
	case !safeComponent(c.User):
		return errors.New("user is not a safe name")
	case !IsUUID(c.Key):
		return errors.New("key is not a UUID")
	}
	return nil
}

// safeComponent reports whether s can name a single directory: Taskserver used org as a path
// component unchecked, which allowed "../" traversal. An empty user is refused too (Taskserver
// skipped the user-name check then).
func safeComponent(s string) bool {
	if s == "" || s == "." || s == ".." || len(s) > maxComponentBytes || !utf8.ValidString(s) {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool {
		return r == '/' || r == '\\' || unicode.IsControl(r)
	})
}

// IsUUID reports whether s has the textual UUID shape 8-4-4-4-12 of hexadecimal digits (either
// case), without braces or a urn prefix. Taskserver keys and sync keys have this shape.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHexDigit(s[i]) {
				return false
			}
		}
	}
	return true
}

// isHexDigit reports whether c is 0-9, a-f or A-F.
func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// minTaskLine is the length of the shortest line that can be a task: every task names its
// uuid, so it is at least {"uuid":"…"} with a 36-character UUID.
const minTaskLine = len(`{"uuid":""}`) + 36

// SyncRequest decodes the sync-specific parts of the request: the subtype and the payload.
// Payload lines starting with '{' are task lines, kept byte-exact; every other non-empty line is a
// sync key and the last one wins (Taskserver's rule). A subtype other than "init" or a key that is
// not UUID-shaped is a 501 "Syntax error, illegal parameters". A task line too short to name a
// uuid is a 500 "Could not parse an uploaded task", the answer any unreadable task line gets:
// refused here, a payload of tiny lines costs nothing per line.
//
// The task lines share the payload's memory (no line is copied): callers must not modify them.
func (r Request) SyncRequest() (SyncRequest, error) {
	if r.Subtype != "" && r.Subtype != SubtypeInit {
		return SyncRequest{}, NewStatusError(StatusIllegalParameters, "", errors.New("unknown subtype"))
	}
	sr := SyncRequest{Init: r.Subtype == SubtypeInit, Client: r.Client}
	for line := range strings.SplitSeq(r.Payload, "\n") {
		switch {
		case line == "":
		case line[0] == '{':
			if len(line) < minTaskLine {
				return SyncRequest{}, SyncFailed(fmt.Sprintf("Could not parse an uploaded task: task line %d is too short to be a task",
					len(sr.Tasks)+1), errors.New("task line too short"))
			}
			sr.Tasks = append(sr.Tasks, unsafe.Slice(unsafe.StringData(line), len(line)))
		default:
			sr.Key = line
		}
	}
	if sr.Key != "" && !IsUUID(sr.Key) {
		return SyncRequest{}, NewStatusError(StatusIllegalParameters, "", errors.New("sync key is not a UUID"))
	}
	return sr, nil
}
