// Package codec reads and writes the client-side data of the TaskChampion
// sync protocol: the encryption envelope, the history-segment and snapshot
// payloads, and the three sync operations.
//
// The server uses it for plaintext accounts, where it holds the key derived
// from the account's encryption secret and can therefore open, apply and
// emit operations on behalf of the user.
package codec
