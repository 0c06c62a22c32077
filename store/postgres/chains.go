package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/taskgate/taskgate/store"
)

const (
	// chainQuery reads a chain head with its snapshot, if any, in one statement.
	chainQuery = `
		SELECT c.latest_version_id, c.latest_seq, c.stored_bytes, c.stored_versions, c.quota_bytes, c.quota_versions,
		  s.version_id, s.seq, s.created_at
		FROM chains c LEFT JOIN snapshots s ON s.account_id = c.account_id
		WHERE c.account_id = $1`
	// chainLockQuery takes the account's chain lock. The snapshot is read by a separate,
	// later statement: when FOR UPDATE waits for another writer, PostgreSQL re-reads only the
	// locked row, so a snapshot joined in the same statement could be older than the head.
	chainLockQuery = `
		SELECT latest_version_id, latest_seq, stored_bytes, stored_versions, quota_bytes, quota_versions
		FROM chains WHERE account_id = $1 FOR UPDATE`
	// snapshotMetaQuery reads the snapshot metadata under the lock.
	snapshotMetaQuery = `SELECT version_id, seq, created_at FROM snapshots WHERE account_id = $1`
)

// ChainGet returns the account's chain without taking its lock, or store.ErrNotFound.
func (s *Store) ChainGet(ctx context.Context, accountID int64) (store.Chain, error) {
	return chainGet(ctx, s.pool, accountID)
}

// chainGet reads the chain of accountID with its snapshot through q.
func chainGet(ctx context.Context, q querier, accountID int64) (store.Chain, error) {
	ch := store.Chain{AccountID: accountID}
	var snapID *uuid.UUID
	var snapSeq *int64
	var snapAt *time.Time
	err := q.QueryRow(ctx, chainQuery, accountID).Scan(&ch.Latest, &ch.LatestSeq,
		&ch.Usage.Bytes, &ch.Usage.Versions, &ch.Quota.Bytes, &ch.Quota.Versions, &snapID, &snapSeq, &snapAt)
	if err != nil {
		return store.Chain{}, mapErr("postgres: get chain", err)
	}
	if snapID != nil {
		ch.Snapshot = &store.SnapshotMeta{VersionID: *snapID, Seq: *snapSeq, CreatedAt: snapAt.UTC()}
		ch.Snapshot.VersionsSince = ch.LatestSeq - ch.Snapshot.Seq
	}
	return ch, nil
}

// chainLock locks the chain of accountID inside tx and reads it with its snapshot and the
// locked account with its key, sending the three statements in one round trip: the later two
// run once the lock is granted, so they see every change committed under it.
func chainLock(ctx context.Context, tx pgx.Tx, accountID int64) (store.Chain, *lockedAccount, error) {
	ch := store.Chain{AccountID: accountID}
	b := &pgx.Batch{}
	b.Queue(chainLockQuery, accountID)
	b.Queue(snapshotMetaQuery, accountID)
	b.Queue(plaintextGetSQL, accountID)
	br := tx.SendBatch(ctx, b)
	err := br.QueryRow().Scan(&ch.Latest, &ch.LatestSeq, &ch.Usage.Bytes, &ch.Usage.Versions, &ch.Quota.Bytes, &ch.Quota.Versions)
	if err != nil {
		_ = br.Close()
		return store.Chain{}, nil, err
	}
	var m store.SnapshotMeta
	snapErr := br.QueryRow().Scan(&m.VersionID, &m.Seq, &m.CreatedAt)
	locked, accErr := scanLocked(br.QueryRow())
	if err := br.Close(); err != nil && (snapErr == nil || isNoRows(snapErr)) && accErr == nil {
		return store.Chain{}, nil, err
	}
	if accErr != nil {
		return store.Chain{}, nil, accErr
	}
	switch {
	case snapErr == nil:
		m.CreatedAt = m.CreatedAt.UTC()
		m.VersionsSince = ch.LatestSeq - m.Seq
		ch.Snapshot = &m
	case !isNoRows(snapErr):
		return store.Chain{}, nil, snapErr
	}
	return ch, locked, nil
}

// VersionChild reads, in one statement and so from one snapshot of the database, the chain head
// and the version whose parent is parent. found is false when parent has no child;
// store.ErrNotFound means the account has no chain.
func (s *Store) VersionChild(ctx context.Context, accountID int64, parent uuid.UUID) (latest uuid.UUID, child store.Version, found bool, err error) {
	var id *uuid.UUID
	var seq *int64
	var seg []byte
	err = s.pool.QueryRow(ctx, `
		SELECT c.latest_version_id, v.version_id, v.seq, v.history_segment
		FROM chains c LEFT JOIN versions v
		  ON v.account_id = c.account_id AND v.parent_version_id = $2
		WHERE c.account_id = $1`, accountID, parent).Scan(&latest, &id, &seq, &seg)
	if err != nil || id == nil {
		return latest, store.Version{}, false, mapErr("postgres: get child version", err)
	}
	return latest, store.Version{ID: *id, Parent: parent, Seq: *seq, Segment: seg}, true, nil
}

// ChainUpdate runs fn in one READ COMMITTED transaction that holds the account's chain lock
// (SELECT … FOR UPDATE on its chains row): writers of one account queue behind each other, in
// every process, while other accounts proceed. It reads the chain first (store.ErrNotFound when
// the account has none), commits when fn returns nil and rolls back otherwise, also when fn
// panics. fn's error is returned as it is. If fn returns nil after one of its writes failed,
// nothing is committed and that write's error is returned.
func (s *Store) ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	return s.inTx(ctx, "postgres: update chain", func(tx pgx.Tx) error {
		ch, locked, err := chainLock(ctx, tx, accountID)
		if err != nil {
			return mapErr("postgres: lock chain", err)
		}
		ct := &chainTx{tx: tx, chain: ch, locked: locked}
		if err := fn(ctx, ct); err != nil {
			return err
		}
		return ct.failed
	})
}

// LockIsShared reports that one account's chain lock holds only that account: ChainUpdate locks
// the account's chains row (chain.SharedLock).
func (s *Store) LockIsShared() bool { return false }
