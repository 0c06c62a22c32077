package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

const (
	// versionInsertSQL inserts a version after the head, guarded: it inserts nothing unless the
	// head is the parent or nil.
	versionInsertSQL = `
		INSERT INTO versions (account_id, version_id, parent_version_id, seq, history_segment, created_at)
		SELECT account_id, ?, ?, latest_seq + 1, ?, ? FROM chains
		WHERE account_id = ? AND latest_version_id IN (?, ?)`
	// chainAdvanceSQL moves the head to the version just inserted and counts it in the usage.
	chainAdvanceSQL = `
		UPDATE chains SET latest_version_id = ?, latest_seq = latest_seq + 1,
		  stored_versions = stored_versions + 1, stored_bytes = stored_bytes + ?
		WHERE account_id = ?`
	// snapshotUsageSQL counts a snapshot of ? bytes that replaces the stored one (if any) in the
	// usage; it runs before the snapshot is written.
	snapshotUsageSQL = `
		UPDATE chains SET stored_bytes = stored_bytes + ? -
		  coalesce((SELECT length(data) FROM snapshots WHERE account_id = ?), 0)
		WHERE account_id = ?
		RETURNING stored_bytes`
	// snapshotPutSQL upserts the snapshot of a version of this chain, taking its seq from the
	// version; no row comes back when the version is not in the chain.
	snapshotPutSQL = `
		INSERT INTO snapshots (account_id, version_id, seq, created_at, data)
		SELECT account_id, version_id, seq, ?, ? FROM versions
		WHERE account_id = ? AND version_id = ?
		ON CONFLICT (account_id) DO UPDATE SET version_id = excluded.version_id,
		  seq = excluded.seq, created_at = excluded.created_at, data = excluded.data
		RETURNING seq`
)

// chainTx is the store.ChainTx of ChainUpdate: the write transaction plus the chain as it stands
// inside it.
type chainTx struct {
	r      runner // the write transaction
	chain  store.Chain
	now    func() time.Time
	failed error // the first failed write; ChainUpdate never commits after one, and no write runs after it
	// udaTypes are the account's UDA types as Plaintext read them, nil when unknown or changed
	// by this transaction since.
	udaTypes map[string]string
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

// VersionAppend inserts the version after the head and moves the head to it. The insert is
// guarded in SQL (the head must be parent or nil), so it writes nothing when the guard fails.
func (t *chainTx) VersionAppend(ctx context.Context, id, parent uuid.UUID, segment []byte) (store.Version, error) {
	if t.failed != nil {
		return store.Version{}, t.failed
	}
	v, err := t.versionAppend(ctx, id, parent, nonNil(segment))
	return v, t.fail(err)
}

// versionAppend does the two statements of VersionAppend.
func (t *chainTx) versionAppend(ctx context.Context, id, parent uuid.UUID, segment []byte) (store.Version, error) {
	res, err := t.r.exec(ctx, versionInsertSQL,
		id.String(), parent.String(), segment, t.now().Unix(), t.chain.AccountID, parent.String(), store.NilVersion.String())
	if err != nil {
		return store.Version{}, mapErr("sqlite: append version", err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return store.Version{}, appendGuardErr(err, parent)
	}
	_, err = t.r.exec(ctx, chainAdvanceSQL, id.String(), len(segment), t.chain.AccountID)
	if err != nil {
		return store.Version{}, mapErr("sqlite: move chain head", err)
	}
	t.advance(id)
	t.chain.Usage.Versions++
	t.chain.Usage.Bytes += int64(len(segment))
	return store.Version{ID: id, Parent: parent, Seq: t.chain.LatestSeq, Segment: segment}, nil
}

// appendGuardErr explains an insert that matched no chain row.
func appendGuardErr(err error, parent uuid.UUID) error {
	if err != nil {
		return mapErr("sqlite: append version", err)
	}
	return fmt.Errorf("sqlite: append version: parent %s is not the chain head: %w", parent, store.ErrConflict)
}

// advance records a new head in the in-memory chain.
func (t *chainTx) advance(id uuid.UUID) {
	t.chain.Latest = id
	t.chain.LatestSeq++
	if t.chain.Snapshot != nil {
		t.chain.Snapshot.VersionsSince = t.chain.LatestSeq - t.chain.Snapshot.Seq
	}
}

// Account reads the locked account inside the transaction.
func (t *chainTx) Account(ctx context.Context) (store.Account, error) {
	a, err := scanAccount(t.r.queryRow(ctx, accountGetSQL, t.chain.AccountID))
	return a, mapErr("sqlite: get locked account", err)
}

// VersionGet returns one version of the locked account, or store.ErrNotFound.
func (t *chainTx) VersionGet(ctx context.Context, id uuid.UUID) (store.Version, error) {
	v, err := versionGet(ctx, t.r, t.chain.AccountID, id)
	return v, mapErr("sqlite: get version", err)
}

// SnapshotPut replaces the account's snapshot. The snapshot's seq is taken from the stored
// version s.VersionID (s.Seq is not trusted); a version not in this chain is store.ErrNotFound.
// A zero s.CreatedAt means now.
func (t *chainTx) SnapshotPut(ctx context.Context, s store.SnapshotMeta, data []byte) error {
	if t.failed != nil {
		return t.failed
	}
	return t.fail(t.snapshotPut(ctx, s, nonNil(data)))
}

// fail records the first failed write, which keeps ChainUpdate from committing, and returns err.
// Every write method refuses to run after one (returning it again), so that nothing is written
// behind a statement error that may have ended the transaction.
func (t *chainTx) fail(err error) error {
	if err != nil && t.failed == nil {
		t.failed = err
	}
	return err
}

// snapshotPut upserts the snapshot row in one statement.
func (t *chainTx) snapshotPut(ctx context.Context, s store.SnapshotMeta, data []byte) error {
	if s.CreatedAt.IsZero() {
		s.CreatedAt = t.now()
	}
	created := s.CreatedAt.Unix()
	err := t.r.queryRow(ctx, snapshotUsageSQL, len(data), t.chain.AccountID, t.chain.AccountID).Scan(&t.chain.Usage.Bytes)
	if err != nil {
		return mapErr("sqlite: count snapshot usage", err)
	}
	err = t.r.queryRow(ctx, snapshotPutSQL, created, data, t.chain.AccountID, s.VersionID.String()).Scan(&s.Seq)
	if err != nil {
		return mapErr("sqlite: put snapshot", err)
	}
	s.CreatedAt = time.Unix(created, 0).UTC()
	s.VersionsSince = t.chain.LatestSeq - s.Seq
	t.chain.Snapshot = &s
	return nil
}

// nonNil returns b, or an empty slice for nil, because the columns are NOT NULL and the driver
// stores a nil slice as NULL.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
