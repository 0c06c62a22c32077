package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// AccountDelete deletes the account and every row of it (chain, versions, snapshot, clients,
// key, tasks, taskd credentials, UDA types) in one transaction, after revoking its device
// certificates at at; their registry rows stay, revoked and without an account. The write
// transaction excludes every sync of the account, so a sync in progress finishes first and later
// ones find no account. An unknown id is store.ErrNotFound.
func (s *Store) AccountDelete(ctx context.Context, id int64, at time.Time) error {
	const op = "sqlite: delete account"
	return s.inTx(ctx, op, func(r runner) error {
		if _, err := r.exec(ctx, `UPDATE devices SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL`,
			at.Unix(), id); err != nil {
			return mapErr(op+": revoke devices", err)
		}
		res, err := r.exec(ctx, `DELETE FROM accounts WHERE id = ?`, id)
		if err != nil {
			return mapErr(op, err)
		}
		return affectedOne(op, res)
	})
}

// AccountPage returns at most limit accounts whose names sort after after (byte order), in that
// order: one page of a listing that may hold any number of accounts.
func (s *Store) AccountPage(ctx context.Context, after string, limit int) ([]store.Account, error) {
	const op = "sqlite: list accounts"
	rows, err := s.read.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts a
		WHERE a.name > ? ORDER BY a.name LIMIT ?`, after, limit)
	if err != nil {
		return nil, mapErr(op, err)
	}
	defer rows.Close()
	list := []store.Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, mapErr(op, err)
		}
		list = append(list, a)
	}
	return list, mapErr(op, rows.Err())
}

// AccountUsage reads the account's usage counters in one statement; an unknown id is
// store.ErrNotFound.
func (s *Store) AccountUsage(ctx context.Context, id int64) (store.UsageDetail, error) {
	var u store.UsageDetail
	var snapBytes, snapAt sql.NullInt64
	err := s.read.QueryRowContext(ctx, `
		SELECT c.stored_versions, c.stored_bytes - coalesce(length(s.data), 0), length(s.data), s.created_at
		FROM chains c LEFT JOIN snapshots s ON s.account_id = c.account_id
		WHERE c.account_id = ?`, id).Scan(&u.Versions, &u.VersionBytes, &snapBytes, &snapAt)
	if err != nil {
		return store.UsageDetail{}, mapErr("sqlite: account usage", err)
	}
	u.SnapshotBytes = snapBytes.Int64
	if snapAt.Valid {
		u.SnapshotAt = time.Unix(snapAt.Int64, 0).UTC()
	}
	return u, nil
}

// ClientAdd gives the account another TaskChampion client id. A taken id is store.ErrConflict,
// an unknown account store.ErrNotFound.
func (s *Store) ClientAdd(ctx context.Context, accountID int64, clientID uuid.UUID) error {
	const op = "sqlite: add client"
	return s.inTx(ctx, op, func(r runner) error {
		res, err := r.exec(ctx, `INSERT INTO champion_clients (client_id, account_id, created_at)
			SELECT ?, id, ? FROM accounts WHERE id = ?`, clientID.String(), s.now().Unix(), accountID)
		if err != nil {
			return mapErr(op, err)
		}
		return affectedOne(op, res)
	})
}

// ClientRemove takes a TaskChampion client id from the account; an id the account does not have
// is store.ErrNotFound.
func (s *Store) ClientRemove(ctx context.Context, accountID int64, clientID uuid.UUID) error {
	const op = "sqlite: remove client"
	return s.exec1(ctx, op, `DELETE FROM champion_clients WHERE account_id = ? AND client_id = ?`, accountID, clientID.String())
}

// TaskdKeyRotate replaces the key of the account's taskd login org/user; a login the account does
// not have is store.ErrNotFound, a key in use store.ErrConflict.
func (s *Store) TaskdKeyRotate(ctx context.Context, accountID int64, org, user string, key uuid.UUID) error {
	return s.exec1(ctx, "sqlite: rotate taskd key", `UPDATE taskd_credentials SET key = ?
		WHERE account_id = ? AND org = ? AND user_name = ?`, key.String(), accountID, org, user)
}

// exec1 runs one write statement in its own transaction; no affected row is store.ErrNotFound.
func (s *Store) exec1(ctx context.Context, op, query string, args ...any) error {
	return s.inTx(ctx, op, func(r runner) error {
		res, err := r.exec(ctx, query, args...)
		if err != nil {
			return mapErr(op, err)
		}
		return affectedOne(op, res)
	})
}
