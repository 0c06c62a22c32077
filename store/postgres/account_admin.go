package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/taskgate/taskgate/store"
)

// AccountDelete deletes the account and every row of it (chain, versions, snapshot, clients,
// key, tasks, taskd credentials, UDA types) in one transaction, after revoking its device
// certificates at at; their registry rows stay, revoked and without an account. It waits for the
// account's chain lock, so a sync in progress finishes first and later ones find no account. An
// unknown id is store.ErrNotFound.
func (s *Store) AccountDelete(ctx context.Context, id int64, at time.Time) error {
	const op = "postgres: delete account"
	return s.inTx(ctx, op, func(tx pgx.Tx) error {
		var locked int64
		if err := tx.QueryRow(ctx, `SELECT account_id FROM chains WHERE account_id = $1 FOR UPDATE`, id).Scan(&locked); err != nil {
			return mapErr(op, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE devices SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`, id, at); err != nil {
			return mapErr(op+": revoke devices", err)
		}
		tag, err := tx.Exec(ctx, `DELETE FROM accounts WHERE id = $1`, id)
		if err == nil && tag.RowsAffected() == 0 {
			err = pgx.ErrNoRows
		}
		return mapErr(op, err)
	})
}

// AccountPage returns at most limit accounts whose names sort after after (byte order), in that
// order: one page of a listing that may hold any number of accounts.
func (s *Store) AccountPage(ctx context.Context, after string, limit int) ([]store.Account, error) {
	const op = "postgres: list accounts"
	rows, err := s.pool.Query(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.name COLLATE "C" > $1 ORDER BY a.name COLLATE "C" LIMIT $2`, after, limit)
	if err != nil {
		return nil, mapErr(op, err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Account, error) { return scanAccount(r) })
	if err != nil {
		return nil, mapErr(op, err)
	}
	if list == nil {
		list = []store.Account{}
	}
	return list, nil
}

// AccountUsage reads the account's usage counters in one statement; an unknown id is
// store.ErrNotFound.
func (s *Store) AccountUsage(ctx context.Context, id int64) (store.UsageDetail, error) {
	var u store.UsageDetail
	var snapBytes pgtype.Int8
	var snapAt pgtype.Timestamptz
	err := s.pool.QueryRow(ctx, `
		SELECT c.stored_versions, c.stored_bytes - coalesce(octet_length(s.data), 0), octet_length(s.data), s.created_at
		FROM chains c LEFT JOIN snapshots s ON s.account_id = c.account_id
		WHERE c.account_id = $1`, id).Scan(&u.Versions, &u.VersionBytes, &snapBytes, &snapAt)
	if err != nil {
		return store.UsageDetail{}, mapErr("postgres: account usage", err)
	}
	u.SnapshotBytes = snapBytes.Int64
	if snapAt.Valid {
		u.SnapshotAt = snapAt.Time.UTC()
	}
	return u, nil
}

// ClientAdd gives the account another TaskChampion client id. A taken id is store.ErrConflict,
// an unknown account store.ErrNotFound.
func (s *Store) ClientAdd(ctx context.Context, accountID int64, clientID uuid.UUID) error {
	tag, err := s.pool.Exec(ctx, `INSERT INTO champion_clients (client_id, account_id)
		SELECT $2, id FROM accounts WHERE id = $1`, accountID, clientID)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr("postgres: add client", err)
}

// ClientRemove takes a TaskChampion client id from the account; an id the account does not have
// is store.ErrNotFound.
func (s *Store) ClientRemove(ctx context.Context, accountID int64, clientID uuid.UUID) error {
	tag, err := s.pool.Exec(ctx, `DELETE FROM champion_clients WHERE account_id = $1 AND client_id = $2`, accountID, clientID)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr("postgres: remove client", err)
}

// TaskdKeyRotate replaces the key of the account's taskd login org/user; a login the account does
// not have is store.ErrNotFound, a key in use store.ErrConflict.
func (s *Store) TaskdKeyRotate(ctx context.Context, accountID int64, org, user string, key uuid.UUID) error {
	tag, err := s.pool.Exec(ctx, `UPDATE taskd_credentials SET key = $4
		WHERE account_id = $1 AND org = $2 AND user_name = $3`, accountID, org, user, key)
	if err == nil && tag.RowsAffected() == 0 {
		err = pgx.ErrNoRows
	}
	return mapErr("postgres: rotate taskd key", err)
}
