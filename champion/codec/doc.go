// Package codec reads and writes the client-side data of the TaskChampion
// sync protocol: the encryption envelope, the history-segment and snapshot
// payloads, the three sync operations, and the operational transform that
// reconciles concurrent local and server operations.
//
// The server uses it for plaintext accounts, where it holds the key derived
// from the account's encryption secret and can therefore open, apply and
// emit operations on behalf of the user.
package codec
