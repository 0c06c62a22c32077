package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

const (
	// taskdCredentialGetSQL reads a credential by its key together with its account.
	taskdCredentialGetSQL = `
		SELECT c.org, c.user_name, ` + accountColumns + ` FROM taskd_credentials c
		JOIN accounts a ON a.id = c.account_id
		WHERE c.key = ?`
	// taskdCredentialAddSQL stores a credential, taking the mode from the account so that an
	// encrypted account fails the plaintext-only CHECK (store.ErrNotPlaintext) and an unknown one
	// inserts nothing.
	taskdCredentialAddSQL = `
		INSERT INTO taskd_credentials (account_id, mode, org, user_name, key, created_at)
		SELECT id, mode, ?, ?, ?, ? FROM accounts WHERE id = ?`
	// taskdCredentialsSQL lists an account's credentials, left-joined to its accounts row so that
	// no row means no account and one row of NULLs means no credentials.
	taskdCredentialsSQL = `
		SELECT c.org, c.user_name, c.key FROM accounts a
		LEFT JOIN taskd_credentials c ON c.account_id = a.id
		WHERE a.id = ? ORDER BY c.org, c.user_name`
)

// TaskdCredentialGet returns the credential whose key is key, with its account, in one cached
// statement; an unknown key is store.ErrNotFound.
func (s *Store) TaskdCredentialGet(ctx context.Context, key uuid.UUID) (store.TaskdCredential, store.Account, error) {
	c := store.TaskdCredential{Key: key}
	var a store.Account
	var created int64
	err := s.reader().queryRow(ctx, taskdCredentialGetSQL, key.String()).
		Scan(&c.Org, &c.User, &a.ID, &a.Name, &a.Mode, &a.Status, &created)
	if err != nil {
		return store.TaskdCredential{}, store.Account{}, mapErr("sqlite: get taskd credential", err)
	}
	c.AccountID, a.CreatedAt = a.ID, time.Unix(created, 0).UTC()
	return c, a, nil
}

// TaskdCredentials returns an account's taskd credentials ordered by org and user, an empty
// slice when it has none, and store.ErrNotFound when the account does not exist.
func (s *Store) TaskdCredentials(ctx context.Context, accountID int64) ([]store.TaskdCredential, error) {
	const op = "sqlite: list taskd credentials"
	rows, err := s.read.QueryContext(ctx, taskdCredentialsSQL, accountID)
	if err != nil {
		return nil, mapErr(op, err)
	}
	defer rows.Close()
	list, err := scanTaskdCredentials(rows, accountID)
	return list, mapErr(op, err)
}

// scanTaskdCredentials reads the rows of taskdCredentialsSQL.
func scanTaskdCredentials(rows *sql.Rows, accountID int64) ([]store.TaskdCredential, error) {
	list, seen := []store.TaskdCredential{}, false
	for rows.Next() {
		seen = true
		var org, user sql.NullString
		var key uuid.NullUUID
		if err := rows.Scan(&org, &user, &key); err != nil {
			return nil, err
		}
		if key.Valid {
			list = append(list, store.TaskdCredential{AccountID: accountID, Org: org.String, User: user.String, Key: key.UUID})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !seen {
		return nil, sql.ErrNoRows
	}
	return list, nil
}

// TaskdCredentialAdd stores a taskd credential of account c.AccountID. A taken key or org and
// user is store.ErrConflict, an encrypted account store.ErrNotPlaintext and an unknown one
// store.ErrNotFound.
func (s *Store) TaskdCredentialAdd(ctx context.Context, c store.TaskdCredential) error {
	if err := input.TaskdCredential(c); err != nil {
		return err
	}
	return s.inTx(ctx, "sqlite: add taskd credential", func(r runner) error {
		return taskdCredentialInsert(ctx, r, c, s.now())
	})
}

// taskdCredentialInsert stores c through r.
func taskdCredentialInsert(ctx context.Context, r runner, c store.TaskdCredential, now time.Time) error {
	const op = "sqlite: add taskd credential"
	res, err := r.exec(ctx, taskdCredentialAddSQL, c.Org, c.User, c.Key.String(), now.Unix(), c.AccountID)
	if err != nil {
		return mapErr(op, err)
	}
	return affectedOne(op, res)
}
