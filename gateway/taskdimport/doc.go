// Package taskdimport moves a whole taskd (Taskserver) installation into taskgate without
// touching any Taskwarrior 2.x client.
//
// It reads a taskd root (the directory taskd's --data or $TASKDDATA names) as a stream: the
// server config, every organization with its suspended and redirect markers, and every user with
// its name, suspended marker and tx.data log. A tx.data file is read line by line, keeping only
// the last valid line of each task and the newest sync key, so memory grows with the number of
// tasks, not with the length of the history. Damaged lines (bad JSON, a truncated last line, a
// malformed attribute) are reported with their file and line and skipped: a damaged line never
// replaces an earlier good version of its task.
//
// Each user becomes one plaintext account with the same taskd org, user and key, a new
// TaskChampion client id and a generated encryption secret. The final state of every task is
// written as a version chain (a Create and one Update per property, dated by the task's modified
// time, in versions of about SegmentBytes of operations) whose last version's id is the newest
// sync key of tx.data. A 2.x client that last synced there is therefore up to date (taskd answer
// 201); a client holding an older key gets every task, as on a first sync. Tasks changed after the
// newest key (a log whose last sync did not write its key) go into one more version after it, so
// that clients at that key receive them.
//
// An account's history is prepared and sealed in memory before anything is written. The account
// is then created, suspended while its history is written in one transaction, and given its
// taskd status. Should the history transaction fail, the account stays suspended and empty; a
// second run finds it by its taskd key and completes it. Re-running is otherwise safe: a user
// whose taskd key is already taken by an account with history is reported as skipped.
//
// The taskd CA is copied into the PKI directory's client-cas/ folder, which taskgate serve trusts
// for client certificates; optionally the taskd server certificate and key are copied too, and
// serve then keeps serving them.
package taskdimport
