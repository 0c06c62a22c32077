// Package chain is taskgate's one core for writing history: every version that reaches an
// account's TaskChampion chain, from a Taskwarrior 3 client, a Taskwarrior 2.x sync or a taskd
// import, is appended here, under the account's chain lock, by the same rules.
//
// The rules: a version's parent must be the head, or the chain must be empty (the nil rule); the
// account's status and mode are read under the lock, so a suspension or a conversion committed
// while a writer waited for the lock is honoured; a version of a plaintext account is opened
// with the key the server holds, applied to the account's materialized task state in the same
// transaction, and refused when it does not open; the server makes the snapshots of plaintext
// accounts on the schedule it would ask a client for one; a version that would take the account
// past its quota (the server's default or the account's own, read under the lock with the
// account's usage) is refused before anything is written.
//
// The package knows no wire protocol. Its outcomes and errors are typed (NotHeadError,
// InactiveError, RefusedError, QuotaError, ErrNoMasterKey, store.ErrNotPlaintext); each protocol
// maps them to its own status codes in its one mapping place.
//
// The encrypted/plaintext line is in the types: the operations on a plaintext account's task
// state are reachable only through a *Plaintext, which only this package makes, from an account
// read under the lock whose mode is plaintext.
package chain
