// Package pki manages the certificates of taskgate's legacy taskd (Taskwarrior 2.x) listener:
// taskgate's own certificate authority, the server certificate, device (client) certificates and
// the pool of CAs whose client certificates are trusted.
//
// taskgate issues ECDSA P-256 keys throughout: Taskwarrior 2.6 (GnuTLS) presents an ECDSA client
// certificate under TLS 1.3, while an RSA one is only presented under TLS 1.2
// (docs/protocols/taskd.md Essentials 15). Certificates made by Taskserver's PKI scripts (RSA,
// PKCS#1 keys, PEM files with a text preamble) load unchanged, so an existing installation can be
// migrated without touching its clients.
//
// Nothing in this package logs, and no error message contains key material. Files are written
// atomically (temporary file, fsync, rename) and keys are only ever readable by their owner.
package pki
