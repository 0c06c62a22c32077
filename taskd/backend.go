package taskd

import "context"

// Backend is what the server needs from the rest of taskgate: account lookup and the sync itself.
// It is declared here, on the consumer side; gateway wires in the implementation. Every method may
// return a *StatusError to choose the answer; any other error is answered with 500 "Internal
// error" and logged. Methods must honour ctx, which ends when the connection's handler deadline
// passes or the server is closed.
type Backend interface {
	// Authenticate resolves the credentials of a request to an account. It returns
	// AccessDenied for an unknown organisation or key or a user-name mismatch, AccountSuspended or
	// AccountTerminated for an account that may not sync, and Redirect for an account that moved
	// to another server. The credentials are already syntactically valid (see Credentials).
	Authenticate(ctx context.Context, c Credentials) (Account, error)

	// Sync runs one taskd sync for an authenticated account (docs/protocols/taskd.md §5 and
	// DESIGN.md "One history per plaintext account").
	Sync(ctx context.Context, a Account, req SyncRequest) (SyncResponse, error)

	// Statistics returns the headers of a statistics response (docs/protocols/taskd.md §3.5,
	// e.g. "uptime", "transactions"). Names must be non-empty, must not contain ':' or a newline,
	// must not be code, status, info or client, and must not begin or end with a blank; values
	// must not contain a newline. A backend that keeps no statistics returns an empty map.
	Statistics(ctx context.Context, a Account) (map[string]string, error)
}

// Credentials are the `org`, `user` and `key` headers of a request. DecodeRequest guarantees that
// Org and User are single path-safe components (non-empty, valid UTF-8, no '/', '\\' or control
// characters, not "." or "..") and that Key is UUID-shaped (8-4-4-4-12 hexadecimal digits, case
// kept as sent). The key is the account's password: never log it.
type Credentials struct {
	Org  string
	User string
	Key  string
}

// Account identifies an authenticated account for the calls that follow Authenticate.
type Account struct {
	// ID is the store's account id.
	ID int64
	// Org and User are the taskd organisation and user name, for logs.
	Org  string
	User string
}

// SyncRequest is the decoded payload of a sync request.
type SyncRequest struct {
	// Key is the client's sync key (the last non-JSON line of the payload), or "" on a first sync
	// or a `task sync init`. When set it is UUID-shaped.
	Key string
	// Tasks are the uploaded task lines (the lines starting with '{'), byte-exact and in order,
	// without their newlines. They share the request's memory: read them, never modify them.
	Tasks [][]byte
	// Init is true for `task sync init` (header `subtype: init`).
	Init bool
	// Client is the free-text `client` header, e.g. "task 2.6.2"; empty when absent.
	Client string
}

// SyncResponse is the outcome of a sync.
type SyncResponse struct {
	// Code is StatusOK or StatusNoChange. StatusNoChange is only valid when the request uploaded
	// no task and Tasks is empty; the server answers 500 rather than send a 201 that would make
	// Taskwarrior upload the same tasks forever.
	Code int
	// Tasks are the task lines to send, one JSON object each, without newlines.
	Tasks [][]byte
	// Key is the sync key the client must store (the last line of the payload). It must not be
	// empty on a 200, or the client keeps its backlog and uploads it again; on a 201 it may be
	// empty (an account that has never been synced).
	Key string
}
