package store

// PKICert is one certificate of taskgate's taskd PKI as the store keeps it, shared by every
// process on the database. Name says what it is (see gateway/pki); CertPEM holds the
// certificate (a client CA may hold several); SealedKey is its private key sealed under the
// master key, or nil for a certificate trusted without its key.
type PKICert struct {
	Name      string
	CertPEM   []byte
	SealedKey []byte
}
