// Package taskd serves the legacy Taskserver (taskd) sync protocol spoken by Taskwarrior 2.3–2.6,
// so that existing 2.x clients can sync against taskgate unchanged.
//
// Protocol flow (docs/protocols/taskd.md §1–3): a client opens a TCP connection, completes a TLS
// handshake that always includes a client certificate, sends exactly one frame and reads exactly
// one frame back, then both sides close. A frame is a 4-byte big-endian length that counts its own
// four bytes, followed by a message: `name: value` header lines sorted by name, a blank line and a
// payload. Requests carry `type` (sync or statistics), the credentials `org`, `user` and `key`,
// `protocol: v1` and optionally `client` and `subtype: init`; responses carry `code`, `status`
// (or `info` on a 301 redirect) and `client: taskgate <version>`.
//
// The package is split like the protocol: frame.go and message.go are the wire codec (no I/O
// beyond an io.Reader/io.Writer, fuzzed), request.go decodes a request, status.go and errors.go
// hold the status table and the one place where errors become responses, server.go and conn.go
// run the TLS listener and the per-connection exchange, and sync.go and statistics.go handle the
// two request types. The merge logic and the accounts live behind the Backend interface, which
// another package implements.
package taskd
