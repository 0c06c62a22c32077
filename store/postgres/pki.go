package postgres

import (
	"context"
	"errors"

	"github.com/taskgate/taskgate/store"
)

// PKICertGet returns the certificate called name, or store.ErrNotFound.
func (s *Store) PKICertGet(ctx context.Context, name string) (store.PKICert, error) {
	c := store.PKICert{Name: name}
	err := s.pool.QueryRow(ctx, `SELECT cert_pem, sealed_key FROM pki_certs WHERE name = $1`, name).
		Scan(&c.CertPEM, &c.SealedKey)
	if err != nil {
		return store.PKICert{}, mapErr("postgres: get PKI certificate", err)
	}
	return c, nil
}

// PKICertList returns every certificate ordered by name.
func (s *Store) PKICertList(ctx context.Context) ([]store.PKICert, error) {
	const op = "postgres: list PKI certificates"
	rows, err := s.pool.Query(ctx, `SELECT name, cert_pem, sealed_key FROM pki_certs ORDER BY name`)
	if err != nil {
		return nil, mapErr(op, err)
	}
	defer rows.Close()
	var list []store.PKICert
	for rows.Next() {
		var c store.PKICert
		if err := rows.Scan(&c.Name, &c.CertPEM, &c.SealedKey); err != nil {
			return nil, mapErr(op, err)
		}
		list = append(list, c)
	}
	return list, mapErr(op, rows.Err())
}

// PKICertCreate stores a new certificate; one of that name already there is store.ErrConflict,
// so that of several processes creating the CA at once exactly one succeeds.
func (s *Store) PKICertCreate(ctx context.Context, c store.PKICert) error {
	if c.Name == "" {
		return errors.New("postgres: create PKI certificate: empty name")
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO pki_certs (name, cert_pem, sealed_key) VALUES ($1, $2, $3)`,
		c.Name, c.CertPEM, c.SealedKey)
	return mapErr("postgres: create PKI certificate", err)
}

// PKICertPut stores a certificate, replacing one of the same name.
func (s *Store) PKICertPut(ctx context.Context, c store.PKICert) error {
	if c.Name == "" {
		return errors.New("postgres: put PKI certificate: empty name")
	}
	_, err := s.pool.Exec(ctx, `
		INSERT INTO pki_certs (name, cert_pem, sealed_key) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET cert_pem = EXCLUDED.cert_pem, sealed_key = EXCLUDED.sealed_key`,
		c.Name, c.CertPEM, c.SealedKey)
	return mapErr("postgres: put PKI certificate", err)
}

// KeyCheckGet returns the sealed value that tells whether a master key is the store's, or
// store.ErrNotFound when none was written yet.
func (s *Store) KeyCheckGet(ctx context.Context) ([]byte, error) {
	var sealed []byte
	err := s.pool.QueryRow(ctx, `SELECT sealed FROM master_key_check WHERE id = 1`).Scan(&sealed)
	if err != nil {
		return nil, mapErr("postgres: get master key check", err)
	}
	return sealed, nil
}

// KeyCheckCreate writes the master key check; one already there is store.ErrConflict.
func (s *Store) KeyCheckCreate(ctx context.Context, sealed []byte) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO master_key_check (id, sealed) VALUES (1, $1)`, sealed)
	return mapErr("postgres: create master key check", err)
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return mapErr("postgres: ping", s.pool.Ping(ctx))
}

// CheckSchema reports store.ErrSchemaVersion when the database schema no longer matches the
// migrations built into this taskgate (another process migrated it further, say).
func (s *Store) CheckSchema(ctx context.Context) error { return s.checkSchema(ctx) }
