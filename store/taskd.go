package store

import "github.com/google/uuid"

// TaskdCredential is a Taskwarrior 2.x login (taskd.credentials=ORG/USER/KEY) of a plaintext
// account. The key is the secret; org and user must match what the client sends.
type TaskdCredential struct {
	AccountID int64
	Org       string
	User      string
	Key       uuid.UUID
}

// TaskdOrg holds what taskd kept per organization: a suspension that refuses every user of the
// org (431), and a redirect ("host:port") that sends its clients elsewhere (301).
type TaskdOrg struct {
	Name      string
	Suspended bool
	Redirect  string
}

// TaskdLogin is what a taskd authentication reads in one statement: the credential holding a
// key, its account and its organization (a zero TaskdOrg, Name empty, when the organization has
// no row: neither suspended nor redirected).
type TaskdLogin struct {
	Credential TaskdCredential
	Account    Account
	Org        TaskdOrg
}
