// Package replica is the server's own TaskChampion replica of each plaintext account: it opens
// the account's versions with the key the server holds, keeps the account's materialized task
// state current in the transaction that stores each version, makes snapshots and exports tasks.
// Encrypted accounts never reach it.
package replica
