// Package sqlite is the embedded store engine: one SQLite database file in the data directory,
// driven by the pure-Go modernc.org/sqlite through database/sql. It is the zero-setup default for
// a single household.
//
// The database runs in WAL mode with synchronous=FULL, so an acknowledged commit survives a
// machine crash. All writes go through one connection that begins every transaction with
// BEGIN IMMEDIATE, so writers are serialized (SQLite allows one writer at a time anyway) and
// never fail with SQLITE_BUSY half-way; reads use a small pool of separate connections, which WAL
// lets run alongside the writer. UUIDs are stored as lowercase hyphenated TEXT, times as unix
// seconds.
package sqlite
