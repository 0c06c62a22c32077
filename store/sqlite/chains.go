package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

const (
	// chainGetSQL reads a chain head with its snapshot, if any.
	chainGetSQL = `
		SELECT c.latest_version_id, c.latest_seq, ` + usageColumns + `, s.version_id, s.seq, s.created_at
		FROM chains c LEFT JOIN snapshots s ON s.account_id = c.account_id
		WHERE c.account_id = +?`
	// usageColumns are the usage counters and quota overrides of a chain row aliased c, in the
	// order usageCols scans them.
	usageColumns = `c.stored_bytes, c.stored_versions, c.quota_bytes, c.quota_versions`
	// versionChildSQL reads the head and the child of a parent in one statement.
	versionChildSQL = `
		SELECT c.latest_version_id, v.version_id, v.seq, v.history_segment
		FROM chains c LEFT JOIN versions v
		  ON v.account_id = c.account_id AND v.parent_version_id = ?
		WHERE c.account_id = +?`
)

// ChainGet returns the account's chain without taking its lock, or store.ErrNotFound.
func (s *Store) ChainGet(ctx context.Context, accountID int64) (store.Chain, error) {
	ch, err := chainRead(ctx, s.reader(), accountID)
	return ch, mapErr("sqlite: get chain", err)
}

// chainRead reads the chain of accountID through r; errors are the driver's.
func chainRead(ctx context.Context, r runner, accountID int64) (store.Chain, error) {
	ch := store.Chain{AccountID: accountID}
	var snap snapshotCols
	var use usageCols
	err := r.queryRow(ctx, chainGetSQL, accountID).Scan(append([]any{&ch.Latest, &ch.LatestSeq}, use.dest(&snap.id, &snap.seq, &snap.at)...)...)
	if err != nil {
		return ch, err
	}
	use.setOn(&ch)
	err = snap.setOn(&ch) // before ch is returned: Go leaves unspecified whether "return ch, snap.setOn(&ch)" reads ch first
	return ch, err
}

// usageCols are the usage and quota columns of a chain read (usageColumns).
type usageCols struct {
	bytes, versions         int64
	quotaBytes, quotaVersns sql.NullInt64
}

// dest returns the scan destinations of usageColumns followed by more.
func (u *usageCols) dest(more ...any) []any {
	return append([]any{&u.bytes, &u.versions, &u.quotaBytes, &u.quotaVersns}, more...)
}

// setOn sets ch's usage and quota override from the columns.
func (u usageCols) setOn(ch *store.Chain) {
	ch.Usage = store.Usage{Bytes: u.bytes, Versions: u.versions}
	ch.Quota = store.QuotaOverride{Bytes: nullInt(u.quotaBytes), Versions: nullInt(u.quotaVersns)}
}

// nullInt returns a pointer to n's value, or nil for NULL.
func nullInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// snapshotCols are the nullable snapshot columns of a chain read (a LEFT JOIN of snapshots).
type snapshotCols struct {
	id      sql.NullString
	seq, at sql.NullInt64
}

// setOn sets ch.Snapshot from the columns, leaving it nil when the chain has no snapshot.
func (c snapshotCols) setOn(ch *store.Chain) error {
	if !c.id.Valid {
		return nil
	}
	id, err := uuid.Parse(c.id.String)
	if err != nil {
		return err
	}
	ch.Snapshot = &store.SnapshotMeta{
		VersionID:     id,
		Seq:           c.seq.Int64,
		CreatedAt:     time.Unix(c.at.Int64, 0).UTC(),
		VersionsSince: ch.LatestSeq - c.seq.Int64,
	}
	return nil
}

// VersionChild reads, in one statement and so from one consistent state, the chain head and
// the version whose parent is parent. found is false when parent has no child; store.ErrNotFound
// means the account has no chain.
func (s *Store) VersionChild(ctx context.Context, accountID int64, parent uuid.UUID) (latest uuid.UUID, child store.Version, found bool, err error) {
	var id sql.NullString
	var seq sql.NullInt64
	var seg []byte
	err = s.reader().queryRow(ctx, versionChildSQL, parent.String(), accountID).Scan(&latest, &id, &seq, &seg)
	if err != nil || !id.Valid {
		return latest, store.Version{}, false, mapErr("sqlite: get child version", err)
	}
	vid, err := uuid.Parse(id.String)
	if err != nil {
		return latest, store.Version{}, false, mapErr("sqlite: get child version", err)
	}
	return latest, store.Version{ID: vid, Parent: parent, Seq: seq.Int64, Segment: seg}, true, nil
}

// ChainUpdate runs fn holding the account's chain lock, as one call of a group commit (see
// batcher): the call is queued to the writer goroutine, which runs it inside the batch's
// BEGIN IMMEDIATE transaction under a savepoint of its own, reading the chain first
// (store.ErrNotFound when the account has none). fn runs in the caller's goroutine. When fn
// returns an error, panics, or returns nil after one of its writes failed, only its savepoint is
// rolled back: fn's error (or the failed write's) is returned, and a panic is raised again here.
// Otherwise its writes commit with the batch, and ChainUpdate returns once that COMMIT is
// durable; a failed COMMIT fails every call of the batch. A call still queued when ctx ends
// returns ctx.Err() without running; a running fn is not interrupted (its statements ignore
// ctx), but a call whose ctx ended by the time fn returns is rolled back with ctx.Err().
//
// fn must not call write methods of the Store itself: they wait for the writer connection fn's
// batch holds.
func (s *Store) ChainUpdate(ctx context.Context, accountID int64, fn func(ctx context.Context, tx store.ChainTx) error) error {
	c := newChainCall(accountID, fn)
	t, err := s.submit(ctx, c)
	if err != nil {
		return err
	}
	return c.run(ctx, t.tx)
}

// submit queues c to the writer goroutine and waits for its turn; an error means c did not run.
func (s *Store) submit(ctx context.Context, c *chainCall) (turn, error) {
	if err := s.batch.enqueue(ctx, c); err != nil {
		return turn{}, err
	}
	t, err := s.batch.await(ctx, c)
	if err != nil {
		return turn{}, err
	}
	return t, t.err
}

// direct runs work on the writer goroutine as one call of a group commit, under a savepoint of
// its own, and returns its error once the batch has committed (or the batch's error). It is
// ChainUpdate without the hand-off of the transaction to the caller's goroutine, for short
// statements that need no callback; its caller waits only for that result. A call still queued
// when ctx ends returns ctx.Err() without running. work must not keep r.
func (s *Store) direct(ctx context.Context, work func(ctx context.Context, r runner) error) error {
	c := newDirectCall(work)
	if err := s.batch.enqueue(ctx, c); err != nil {
		return err
	}
	return s.batch.awaitResult(ctx, c)
}

// LockIsShared reports that one account's chain lock holds every account's writes: ChainUpdate
// runs in the single writer's turn (chain.SharedLock).
func (s *Store) LockIsShared() bool { return true }
