// Package accounts is the operator's view of taskgate's accounts: creating them with ready-to-paste
// Taskwarrior settings (3.x, and for plaintext accounts with a taskd login also 2.x, with device
// certificates signed by taskgate's CA), listing and showing them, suspending and resuming them,
// exporting the tasks of plaintext accounts and converting an encrypted account to a plaintext one
// with its owner's encryption secret. It holds the rules only; cmd/taskgate prints the results.
package accounts
