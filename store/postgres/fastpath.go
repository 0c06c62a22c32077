package postgres

import (
	"context"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/taskgate/taskgate/store"
)

// clientChildSQL reads a client's account, its chain head and the child of a parent ($2) in one
// statement.
const clientChildSQL = `
	SELECT ` + accountColumns + `, ch.latest_version_id, v.version_id, v.seq, v.history_segment
	FROM champion_clients c
	JOIN accounts a ON a.id = c.account_id
	LEFT JOIN chains ch ON ch.account_id = a.id
	LEFT JOIN versions v ON v.account_id = a.id AND v.parent_version_id = $2
	WHERE c.client_id = $1`

// clientLockSQL takes the chain lock of a client's account. It runs first in the batch of
// ClientAppendEncrypted, so that the append statement, which takes a new snapshot after the lock
// is granted, sees every change committed under the lock before it (a conversion to plaintext, a
// suspension recorded with a chain update, a snapshot).
const clientLockSQL = `
	SELECT latest_seq FROM chains
	WHERE account_id = (SELECT account_id FROM champion_clients WHERE client_id = $1)
	FOR UPDATE`

// clientAppendSQL appends a version ($2, parent $3, segment $4) to the chain of the client's
// ($1) account when the account is an active encrypted one and the parent is the head (or the
// chain is empty: store.Appendable and store.ParentAccepted, with $5 and $6 the appendable
// mode and status), and returns the account, the new seq (NULL when nothing was written) and the
// snapshot metadata.
const clientAppendSQL = `
	WITH a AS (
		SELECT ` + accountColumns + ` FROM champion_clients c
		JOIN accounts a ON a.id = c.account_id
		WHERE c.client_id = $1
	), head AS (
		UPDATE chains SET latest_version_id = $2, latest_seq = latest_seq + 1,
		       version_bytes = version_bytes + octet_length($4::bytea)
		WHERE account_id = (SELECT id FROM a WHERE mode = $5 AND status = $6)
		  AND latest_version_id IN ($3, '00000000-0000-0000-0000-000000000000')
		RETURNING account_id, latest_seq
	), v AS (
		INSERT INTO versions (account_id, version_id, parent_version_id, seq, history_segment)
		SELECT account_id, $2, $3, latest_seq, $4 FROM head
		RETURNING seq
	)
	SELECT a.id, a.name, a.mode, a.status, a.created_at, (SELECT seq FROM v),
	       s.version_id, s.seq, s.created_at
	FROM a LEFT JOIN snapshots s ON s.account_id = a.id`

// ClientVersionChild reads, in one statement, the client's account, its chain head and the child
// of parent; store.ErrNotFound means the client is unknown.
func (s *Store) ClientVersionChild(ctx context.Context, clientID, parent uuid.UUID) (store.ClientChild, error) {
	var a accountScan
	var latest, childID pgtype.UUID
	var seq pgtype.Int8
	var seg []byte
	err := s.pool.QueryRow(ctx, clientChildSQL, clientID, parent).Scan(a.dest(&latest, &childID, &seq, &seg)...)
	if err != nil {
		return store.ClientChild{}, mapErr("postgres: get client and child version", err)
	}
	r := store.ClientChild{Account: a.account(), Latest: latest.Bytes} // all zero, the nil version, when NULL
	if childID.Valid {
		r.Child = store.Version{ID: childID.Bytes, Parent: parent, Seq: seq.Int64, Segment: seg}
		r.Found = true
	}
	return r, nil
}

// ClientAppendEncrypted is add-version's hot path: in one round trip (one implicit transaction of
// two statements: the chain lock, then the guarded append), it appends segment as version id
// after parent to the chain of the client's account, when that account is an active encrypted
// one and parent is the head or the chain is empty. Otherwise nothing is written and Appended is
// false. store.ErrNotFound means the client is unknown.
func (s *Store) ClientAppendEncrypted(ctx context.Context, clientID, parent, id uuid.UUID, segment []byte) (store.ClientAppend, error) {
	segment = nonNil(segment)
	b := &pgx.Batch{}
	b.Queue(clientLockSQL, clientID)
	b.Queue(clientAppendSQL, clientID, id, parent, segment, string(store.AppendableMode), string(store.AppendableStatus))
	br := s.pool.SendBatch(ctx, b)
	r, err := scanClientAppend(br)
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return store.ClientAppend{}, mapErr("postgres: append version for client", err)
	}
	if r.Appended {
		r.Version = store.Version{ID: id, Parent: parent, Seq: r.Before.LatestSeq + 1, Segment: segment}
		r.Before.Latest = headBefore(r.Version)
	}
	return r, nil
}

// scanClientAppend reads the two results of ClientAppendEncrypted's batch. The lock statement
// finds no row for an unknown client; the append statement then finds none either.
func scanClientAppend(br pgx.BatchResults) (store.ClientAppend, error) {
	var lockedSeq int64
	if err := br.QueryRow().Scan(&lockedSeq); err != nil && !isNoRows(err) {
		return store.ClientAppend{}, err
	}
	var a accountScan
	var seq, snapSeq pgtype.Int8
	var snapID pgtype.UUID
	var snapAt pgtype.Timestamptz
	if err := br.QueryRow().Scan(a.dest(&seq, &snapID, &snapSeq, &snapAt)...); err != nil {
		return store.ClientAppend{}, err
	}
	r := store.ClientAppend{Account: a.account()}
	if !seq.Valid {
		return r, nil
	}
	r.Appended = true
	r.Before = store.Chain{AccountID: a.id, LatestSeq: seq.Int64 - 1}
	if snapID.Valid {
		r.Before.Snapshot = &store.SnapshotMeta{
			VersionID: snapID.Bytes, Seq: snapSeq.Int64, CreatedAt: snapAt.Time.UTC(), VersionsSince: seq.Int64 - 1 - snapSeq.Int64,
		}
	}
	return r, nil
}

// headBefore returns the chain head just before v was appended: v's parent, or NilVersion when v
// is the first version (the nil rule lets a first version name any parent).
func headBefore(v store.Version) uuid.UUID {
	if v.Seq <= 1 {
		return store.NilVersion
	}
	return v.Parent
}
