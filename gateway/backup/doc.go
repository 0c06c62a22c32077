// Package backup makes and restores backups of taskgate's embedded (SQLite) store. A backup is
// one tar file holding a consistent copy of the database, taken while the server runs, the
// master key when the data directory holds it, and the PKI directory (taskgate's CA and the
// taskd server certificate). Plaintext accounts cannot be read without the master key, and
// Taskwarrior 2.x devices trust only that CA, so a database alone restores neither.
//
// The archive mirrors the data directory, so that `tar -xf` into an empty data directory also
// restores it:
//
//	taskgate-backup.json   the manifest: format, time, taskgate and schema versions, where the
//	                       master key was, and the size and SHA-256 of every file that follows
//	taskgate.sqlite3       the database, copied with VACUUM INTO
//	master.key             the master key, when the server read it from the data directory
//	pki/…                  the PKI directory
//
// Create never replaces an existing archive unless told to. Restore checks the whole archive
// against its manifest before it writes anything, and never overwrites a file.
//
// A PostgreSQL store is backed up with pg_dump instead (see the README); its master key and
// PKI directory must be kept as well.
package backup
