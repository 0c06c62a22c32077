// Package taskdsync serves Taskwarrior 2.x clients (the taskd protocol) from a plaintext
// account's one history, its TaskChampion version chain. A client's sync key is a version id of
// that chain; an upload becomes one new version, merged with bridge/merge against the tasks' state
// at the client's key and now; the answer carries the current state of every task changed after
// the key. Everything for one request happens in one transaction under the account's chain lock,
// so 2.x and 3.x writers of an account are serialized across every taskgate process.
package taskdsync
