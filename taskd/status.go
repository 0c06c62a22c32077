package taskd

// Status codes of the taskd protocol (Taskserver's status table, docs/protocols/taskd.md §3.3).
// taskgate emits 200, 201, 301, 401, 420, 430, 431, 432, 500, 501 and 504; the others are listed so
// that StatusText knows every code a backend might use.
const (
	// StatusOK answers a sync that returns tasks or a new key, and every statistics request.
	StatusOK = 200
	// StatusNoChange answers a sync that uploaded nothing and has nothing to send. It must never
	// answer a request that uploaded tasks: Taskwarrior keeps its backlog on 201 and resends.
	StatusNoChange = 201
	// StatusDecline is in Taskserver's table but never sent.
	StatusDecline = 202
	// StatusDeprecated is in Taskserver's table but never sent.
	StatusDeprecated = 300
	// StatusRedirect tells the client the account moved; the response carries the new host:port
	// in the `info` header and, unlike every other response, no `status` header.
	StatusRedirect = 301
	// StatusRetry is in Taskserver's table but never sent.
	StatusRetry = 302
	// StatusMalformedData is in Taskserver's table but never sent.
	StatusMalformedData = 400
	// StatusFailure answers a message with a NUL byte at its start (Taskserver's encoding check).
	StatusFailure = 401
	// StatusUnavailable answers a request over a rate limit (a status text that names the limit),
	// a request that arrives while Config.MaxConns requests are being served ("Server busy: …"),
	// and a sync while the store cannot be reached. Taskserver listed the code but never sent it.
	StatusUnavailable = 420
	// StatusAccessDenied answers unknown or malformed credentials and a user-name mismatch.
	StatusAccessDenied = 430
	// StatusSuspended answers a suspended account (or organisation).
	StatusSuspended = 431
	// StatusTerminated answers a terminated account. Taskserver never sent it because it had no
	// terminated state; taskgate accounts have one.
	StatusTerminated = 432
	// StatusSyntaxError answers an unknown request type, a malformed message, a wrong protocol
	// version and every failure of the sync itself (with a specific text).
	StatusSyntaxError = 500
	// StatusIllegalParameters answers a well-formed request of a known type whose parameters
	// carry a value taskgate cannot accept: a `subtype` other than `init`, or a sync-key line in
	// the sync payload that is not a UUID (Taskserver only ever issues UUID keys, so such a line is
	// a damaged backlog rather than an unknown key). Taskserver listed the code but never sent it.
	StatusIllegalParameters = 501
	// StatusNotImplemented is in Taskserver's table but never sent.
	StatusNotImplemented = 502
	// StatusParameterNotImplemented is in Taskserver's table but never sent.
	StatusParameterNotImplemented = 503
	// StatusRequestTooBig answers a request whose declared size reaches Config.MaxRequestBytes,
	// and an upload the account's quota has no room for (with a status text naming the quota).
	StatusRequestTooBig = 504
)

// Status texts that taskgate sends for specific conditions beyond the table's defaults.
const (
	// TextInternalError is the 500 text for an unexpected failure; the cause is only logged.
	TextInternalError = "Internal error"
	// TextBadProtocol is Taskserver's exact 500 text for a `protocol` header other than v1.
	TextBadProtocol = "ERROR: Message protocol should be 'v1'"
)

// StatusText returns Taskserver's table text for code, or "" for a code that is not in the table.
// For 401 the table has two entries; the first ("Failure") is the one Taskserver sends.
func StatusText(code int) string {
	switch code {
	case StatusOK:
		return "Ok"
	case StatusNoChange:
		return "No change"
	case StatusDecline:
		return "Decline"
	case StatusDeprecated:
		return "Deprecated request type"
	case StatusRedirect:
		return "Redirect"
	case StatusRetry:
		return "Retry"
	case StatusMalformedData:
		return "Malformed data"
	case StatusFailure:
		return "Failure"
	case StatusUnavailable:
		return "Server temporarily unavailable"
	case StatusAccessDenied:
		return "Access denied"
	case StatusSuspended:
		return "Account suspended"
	case StatusTerminated:
		return "Account terminated"
	case StatusSyntaxError:
		return "Syntax error in request"
	case StatusIllegalParameters:
		return "Syntax error, illegal parameters"
	case StatusNotImplemented:
		return "Not implemented"
	case StatusParameterNotImplemented:
		return "Command parameter not implemented"
	case StatusRequestTooBig:
		return "Request too big"
	}
	return ""
}
