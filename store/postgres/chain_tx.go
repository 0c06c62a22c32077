package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/taskgate/taskgate/store"
)

// versionAppendSQL moves the head, counts the version in the usage and inserts it in one
// statement. The head only moves when it is the parent or nil, and the insert takes its seq from
// the moved head, so a failed guard writes nothing and affects no row.
const versionAppendSQL = `
	WITH head AS (
		UPDATE chains SET latest_version_id = $2, latest_seq = latest_seq + 1,
		  stored_versions = stored_versions + 1, stored_bytes = stored_bytes + octet_length($4::bytea)
		WHERE account_id = $1 AND latest_version_id IN ($3, '00000000-0000-0000-0000-000000000000')
		RETURNING latest_seq
	)
	INSERT INTO versions (account_id, version_id, parent_version_id, seq, history_segment)
	SELECT $1, $2, $3, latest_seq, $4 FROM head`

// snapshotPutSQL upserts the snapshot of a version of this chain, taking its seq from the
// version, and counts its bytes, less those of the snapshot it replaces, in the usage (the CTE
// reads the old snapshot before the upsert replaces it); no row comes back when the version is
// not in the chain.
const snapshotPutSQL = `
	WITH v AS (
		SELECT account_id, version_id, seq FROM versions WHERE account_id = $1 AND version_id = $2
	), used AS (
		UPDATE chains SET stored_bytes = stored_bytes + octet_length($4::bytea) -
		  coalesce((SELECT octet_length(data) FROM snapshots WHERE account_id = $1), 0)
		WHERE account_id = (SELECT account_id FROM v)
		RETURNING stored_bytes
	)
	INSERT INTO snapshots (account_id, version_id, seq, created_at, data)
	SELECT account_id, version_id, seq, $3, $4 FROM v
	ON CONFLICT (account_id) DO UPDATE SET version_id = EXCLUDED.version_id,
	  seq = EXCLUDED.seq, created_at = EXCLUDED.created_at, data = EXCLUDED.data
	RETURNING seq, created_at, (SELECT stored_bytes FROM used)`

// chainTx is the store.ChainTx of ChainUpdate: the locked transaction plus the chain as it
// stands inside it.
type chainTx struct {
	tx     pgx.Tx
	chain  store.Chain
	locked *lockedAccount // the account as read with the lock; nil once this transaction changed it
	failed error          // the first failed write; ChainUpdate never commits after one
}

// Chain returns the chain read under the lock, updated by this transaction's writes.
func (t *chainTx) Chain() store.Chain {
	ch := t.chain
	if ch.Snapshot != nil {
		snap := *ch.Snapshot
		ch.Snapshot = &snap
	}
	return ch
}

// VersionAppend inserts the version after the head and moves the head to it, in one statement;
// a segment of largeValue or more is sent as it is (see execRaw).
func (t *chainTx) VersionAppend(ctx context.Context, id, parent uuid.UUID, segment []byte) (store.Version, error) {
	segment = nonNil(segment)
	if len(segment) >= largeValue {
		tag, err := t.execRaw(ctx, versionAppendSQL, int8Param(t.chain.AccountID), uuidParam(id), uuidParam(parent), byteaParam(segment))
		return t.appended(tag, err, id, parent, segment)
	}
	tag, err := t.tx.Exec(ctx, versionAppendSQL, t.chain.AccountID, id, parent, segment)
	return t.appended(tag, err, id, parent, segment)
}

// appended checks the result of versionAppendSQL and moves the head this transaction sees.
func (t *chainTx) appended(tag pgconn.CommandTag, err error, id, parent uuid.UUID, segment []byte) (store.Version, error) {
	if err == nil && tag.RowsAffected() != 1 {
		err = fmt.Errorf("postgres: append version: parent %s is not the chain head: %w", parent, store.ErrConflict)
	}
	if err != nil {
		return store.Version{}, t.fail(mapErr("postgres: append version", err))
	}
	t.chain.Latest = id
	t.chain.LatestSeq++
	t.chain.Usage.Versions++
	t.chain.Usage.Bytes += int64(len(segment))
	if t.chain.Snapshot != nil {
		t.chain.Snapshot.VersionsSince = t.chain.LatestSeq - t.chain.Snapshot.Seq
	}
	return store.Version{ID: id, Parent: parent, Seq: t.chain.LatestSeq, Segment: segment}, nil
}

// Account returns the locked account, as read with the lock unless this transaction changed it.
func (t *chainTx) Account(ctx context.Context) (store.Account, error) {
	if t.locked != nil {
		return t.locked.Account, nil
	}
	a, err := scanAccount(t.tx.QueryRow(ctx, accountGetSQL, t.chain.AccountID))
	return a, mapErr("postgres: get locked account", err)
}

// VersionGet returns one version of the locked account, or store.ErrNotFound.
func (t *chainTx) VersionGet(ctx context.Context, id uuid.UUID) (store.Version, error) {
	v, err := versionGet(ctx, t.tx, t.chain.AccountID, id)
	return v, mapErr("postgres: get version", err)
}

// SnapshotPut replaces the account's snapshot. The snapshot's seq is taken from the stored
// version s.VersionID (s.Seq is not trusted); a version not in this chain is store.ErrNotFound.
// A zero s.CreatedAt means now.
func (t *chainTx) SnapshotPut(ctx context.Context, s store.SnapshotMeta, data []byte) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = time.Now()
	}
	err := t.tx.QueryRow(ctx, snapshotPutSQL, t.chain.AccountID, s.VersionID, s.CreatedAt, nonNil(data)).
		Scan(&s.Seq, &s.CreatedAt, &t.chain.Usage.Bytes)
	if err != nil {
		return t.fail(mapErr("postgres: put snapshot", err))
	}
	s.CreatedAt = s.CreatedAt.UTC()
	s.VersionsSince = t.chain.LatestSeq - s.Seq
	t.chain.Snapshot = &s
	return nil
}

// fail records the first failed write, which keeps ChainUpdate from committing, and returns err.
func (t *chainTx) fail(err error) error {
	if err != nil && t.failed == nil {
		t.failed = err
	}
	return err
}

// nonNil returns b, or an empty slice for nil, because the columns are NOT NULL and pgx sends a
// nil slice as NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
