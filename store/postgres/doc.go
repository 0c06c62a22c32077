// Package postgres is the shared store engine for PostgreSQL, through pgx and pgxpool. Any number
// of stateless taskgate processes may use one database.
//
// Per-account ordering comes from the database, never from process memory: ChainUpdate runs at
// READ COMMITTED and locks the account's chains row with SELECT … FOR UPDATE, which serializes
// the writers of one account across processes without serialization failures and lets writers
// of different accounts run in parallel. Reads that must be consistent are single statements.
package postgres
