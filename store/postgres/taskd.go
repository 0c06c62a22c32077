package postgres

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

const (
	// taskdCredentialGetSQL reads a credential by its key together with its account.
	taskdCredentialGetSQL = `
		SELECT c.org, c.user_name, ` + accountColumns + ` FROM taskd_credentials c
		JOIN accounts a ON a.id = c.account_id
		WHERE c.key = $1`
	// taskdCredentialAddSQL stores a credential, taking the mode from the account so that an
	// encrypted account fails the plaintext-only CHECK (store.ErrNotPlaintext) and an unknown one
	// inserts nothing.
	taskdCredentialAddSQL = `
		INSERT INTO taskd_credentials (account_id, mode, org, user_name, key)
		SELECT id, mode, $2, $3, $4 FROM accounts WHERE id = $1`
	// taskdCredentialsSQL lists an account's credentials, left-joined to its accounts row so that
	// no row means no account and one row of NULLs means no credentials.
	taskdCredentialsSQL = `
		SELECT c.org, c.user_name, c.key FROM accounts a
		LEFT JOIN taskd_credentials c ON c.account_id = a.id
		WHERE a.id = $1 ORDER BY c.org COLLATE "C", c.user_name COLLATE "C"`
)

// TaskdCredentialGet returns the credential whose key is key, with its account, in one
// statement; an unknown key is store.ErrNotFound.
func (s *Store) TaskdCredentialGet(ctx context.Context, key uuid.UUID) (store.TaskdCredential, store.Account, error) {
	c := store.TaskdCredential{Key: key}
	var a accountScan
	err := s.pool.QueryRow(ctx, taskdCredentialGetSQL, key).Scan(append([]any{&c.Org, &c.User}, a.dest()...)...)
	if err != nil {
		return store.TaskdCredential{}, store.Account{}, mapErr("postgres: get taskd credential", err)
	}
	c.AccountID = a.id
	return c, a.account(), nil
}

// TaskdCredentials returns an account's taskd credentials ordered by org and user, an empty
// slice when it has none, and store.ErrNotFound when the account does not exist.
func (s *Store) TaskdCredentials(ctx context.Context, accountID int64) ([]store.TaskdCredential, error) {
	const op = "postgres: list taskd credentials"
	rows, err := s.pool.Query(ctx, taskdCredentialsSQL, accountID)
	if err != nil {
		return nil, mapErr(op, err)
	}
	defer rows.Close()
	list, err := scanTaskdCredentials(rows, accountID)
	return list, mapErr(op, err)
}

// scanTaskdCredentials reads the rows of taskdCredentialsSQL.
func scanTaskdCredentials(rows pgx.Rows, accountID int64) ([]store.TaskdCredential, error) {
	list, seen := []store.TaskdCredential{}, false
	for rows.Next() {
		seen = true
		var org, user *string
		var key *uuid.UUID
		if err := rows.Scan(&org, &user, &key); err != nil {
			return nil, err
		}
		if key != nil {
			list = append(list, store.TaskdCredential{AccountID: accountID, Org: *org, User: *user, Key: *key})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !seen {
		return nil, pgx.ErrNoRows
	}
	return list, nil
}

// TaskdCredentialAdd stores a taskd credential of account c.AccountID. A taken key or org and
// user is store.ErrConflict, an encrypted account store.ErrNotPlaintext and an unknown one
// store.ErrNotFound.
func (s *Store) TaskdCredentialAdd(ctx context.Context, c store.TaskdCredential) error {
	const op = "postgres: add taskd credential"
	if err := input.TaskdCredential(c); err != nil {
		return err
	}
	tag, err := s.pool.Exec(ctx, taskdCredentialAddSQL, c.AccountID, c.Org, c.User, c.Key)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr(op, err)
}
