package sqlite

import (
	"context"
	"errors"

	"github.com/taskgate/taskgate/store"
)

// PKICertGet returns the certificate called name, or store.ErrNotFound.
func (s *Store) PKICertGet(ctx context.Context, name string) (store.PKICert, error) {
	c := store.PKICert{Name: name}
	err := s.read.QueryRowContext(ctx, `SELECT cert_pem, sealed_key FROM pki_certs WHERE name = ?`, name).
		Scan(&c.CertPEM, &c.SealedKey)
	if err != nil {
		return store.PKICert{}, mapErr("sqlite: get PKI certificate", err)
	}
	return c, nil
}

// PKICertList returns every certificate ordered by name.
func (s *Store) PKICertList(ctx context.Context) ([]store.PKICert, error) {
	const op = "sqlite: list PKI certificates"
	rows, err := s.read.QueryContext(ctx, `SELECT name, cert_pem, sealed_key FROM pki_certs ORDER BY name`)
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

// PKICertCreate stores a new certificate; one of that name already there is store.ErrConflict.
func (s *Store) PKICertCreate(ctx context.Context, c store.PKICert) error {
	const op = "sqlite: create PKI certificate"
	if c.Name == "" {
		return errors.New(op + ": empty name")
	}
	return s.inTx(ctx, op, func(r runner) error {
		_, err := r.exec(ctx, `INSERT INTO pki_certs (name, cert_pem, sealed_key) VALUES (?, ?, ?)`,
			c.Name, c.CertPEM, c.SealedKey)
		return mapErr(op, err)
	})
}

// PKICertPut stores a certificate, replacing one of the same name.
func (s *Store) PKICertPut(ctx context.Context, c store.PKICert) error {
	const op = "sqlite: put PKI certificate"
	if c.Name == "" {
		return errors.New(op + ": empty name")
	}
	return s.inTx(ctx, op, func(r runner) error {
		_, err := r.exec(ctx, `
			INSERT INTO pki_certs (name, cert_pem, sealed_key) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET cert_pem = excluded.cert_pem, sealed_key = excluded.sealed_key`,
			c.Name, c.CertPEM, c.SealedKey)
		return mapErr(op, err)
	})
}

// KeyCheckGet returns the sealed value that tells whether a master key is the store's, or
// store.ErrNotFound when none was written yet.
func (s *Store) KeyCheckGet(ctx context.Context) ([]byte, error) {
	var sealed []byte
	err := s.read.QueryRowContext(ctx, `SELECT sealed FROM master_key_check WHERE id = 1`).Scan(&sealed)
	if err != nil {
		return nil, mapErr("sqlite: get master key check", err)
	}
	return sealed, nil
}

// KeyCheckCreate writes the master key check; one already there is store.ErrConflict.
func (s *Store) KeyCheckCreate(ctx context.Context, sealed []byte) error {
	const op = "sqlite: create master key check"
	return s.inTx(ctx, op, func(r runner) error {
		_, err := r.exec(ctx, `INSERT INTO master_key_check (id, sealed) VALUES (1, ?)`, sealed)
		return mapErr(op, err)
	})
}

// Ping checks that the database file answers.
func (s *Store) Ping(ctx context.Context) error {
	return mapErr("sqlite: ping", s.read.PingContext(ctx))
}

// CheckSchema reports store.ErrSchemaVersion when the database schema no longer matches the
// migrations built into this taskgate.
func (s *Store) CheckSchema(ctx context.Context) error { return s.checkSchema(ctx) }
