package store

import "github.com/google/uuid"

// AccountKey is what the server holds for a plaintext account: the TaskChampion key derived from
// the account's encryption secret and client id, and the secret itself (so ready-to-paste
// settings can be shown again for a new device). Both are sealed under the master key, which
// never enters the database.
type AccountKey struct {
	// ClientID is the TaskChampion client id the key was derived for (the PBKDF2 salt).
	ClientID uuid.UUID
	// SealedKey is the derived 32-byte key, sealed under the master key.
	SealedKey []byte
	// SealedSecret is the encryption secret, sealed under the master key.
	SealedSecret []byte
}

// TaskState is one task of a plaintext account's materialized state: what applying the whole
// version chain gives, kept current in the transaction that stores each version.
type TaskState struct {
	UUID uuid.UUID
	// Data is the task map as a JSON object of strings ({"description": "…", "tag_x": "x"}).
	Data []byte
	// Times is a JSON object mapping each property ever set or removed on the task to the
	// timestamp (Unix nanoseconds) of the operation that last did so; merges compare them.
	Times []byte
	// Seq is the chain position of the last version that changed the task.
	Seq int64
	// Deleted is set when a Delete operation removed the task; Data is then "{}".
	Deleted bool
}
