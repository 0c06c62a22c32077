// Package deploy holds taskgate's deployment files (the systemd unit and its sysusers entry, the
// container image, the compose file, the Kubernetes manifest) and the tests that check them.
// It has no code of its own.
package deploy
