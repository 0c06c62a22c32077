package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

const (
	// clientChildSQL reads a client's account, its chain head and the child of a parent in one
	// statement.
	clientChildSQL = `
		SELECT ` + accountColumns + `, ch.latest_version_id, v.version_id, v.seq, v.history_segment
		FROM champion_clients c
		JOIN accounts a ON a.id = c.account_id
		LEFT JOIN chains ch ON ch.account_id = a.id
		LEFT JOIN versions v ON v.account_id = a.id AND v.parent_version_id = ?
		WHERE c.client_id = ?`
	// clientChainSQL reads a client's account with its chain head and snapshot.
	clientChainSQL = `
		SELECT ` + accountColumns + `, c.latest_version_id, c.latest_seq, ` + usageColumns + `, s.version_id, s.seq, s.created_at
		FROM champion_clients cl
		JOIN accounts a ON a.id = cl.account_id
		JOIN chains c ON c.account_id = a.id
		LEFT JOIN snapshots s ON s.account_id = a.id
		WHERE cl.client_id = ?`
)

// ClientVersionChild reads, in one statement, the client's account, its chain head and the child
// of parent; store.ErrNotFound means the client is unknown. The statement, a few index lookups,
// runs detached from ctx once ctx is checked: with a context that can end, database/sql and the
// driver each start a goroutine per query to watch it, which cost this read about a third of
// its time.
func (s *Store) ClientVersionChild(ctx context.Context, clientID, parent uuid.UUID) (store.ClientChild, error) {
	var r store.ClientChild
	var latest, childID sql.NullString
	var seq sql.NullInt64
	var seg []byte
	var created int64
	a := &r.Account
	err := ctx.Err()
	if err == nil {
		err = s.reader().detached().queryRow(ctx, clientChildSQL, parent.String(), clientID.String()).
			Scan(&a.ID, &a.Name, &a.Mode, &a.Status, &created, &latest, &childID, &seq, &seg)
	}
	if err == nil {
		a.CreatedAt = time.Unix(created, 0).UTC()
		err = fillChild(&r, parent, latest, childID, seq.Int64, seg)
	}
	if err != nil {
		return store.ClientChild{}, mapErr("sqlite: get client and child version", err)
	}
	return r, nil
}

// fillChild parses the head and the child (when there is one) of ClientVersionChild's row.
func fillChild(r *store.ClientChild, parent uuid.UUID, latest, childID sql.NullString, seq int64, seg []byte) error {
	var err error
	if latest.Valid {
		if r.Latest, err = uuid.Parse(latest.String); err != nil {
			return err
		}
	}
	if !childID.Valid {
		return nil
	}
	id, err := uuid.Parse(childID.String)
	if err != nil {
		return err
	}
	r.Child = store.Version{ID: id, Parent: parent, Seq: seq, Segment: seg}
	r.Found = true
	return nil
}

// ClientAppendEncrypted is add-version's hot path: the writer goroutine itself reads the client's
// account and chain and, when the account is an active encrypted one, parent is the head or the
// chain is empty and the version fits the account's quota (its override of def), appends segment
// as version id, within a group commit (see batcher). It returns once the version is durable.
// Otherwise nothing is written and Appended is false. store.ErrNotFound means the client is
// unknown (or its account has no chain).
func (s *Store) ClientAppendEncrypted(ctx context.Context, clientID, parent, id uuid.UUID, segment []byte, def store.Quota) (store.ClientAppend, error) {
	var res store.ClientAppend
	err := s.direct(ctx, func(ctx context.Context, r runner) error {
		var err error
		res, err = s.clientAppend(ctx, r, appendArgs{clientID, parent, id, nonNil(segment), def})
		return err
	})
	if err != nil {
		return store.ClientAppend{}, err
	}
	return res, nil
}

// appendArgs are the arguments of ClientAppendEncrypted.
type appendArgs struct {
	clientID, parent, id uuid.UUID
	segment              []byte
	def                  store.Quota
}

// clientAppend does ClientAppendEncrypted's statements inside the writer's transaction.
func (s *Store) clientAppend(ctx context.Context, r runner, p appendArgs) (store.ClientAppend, error) {
	a, ch, err := clientChainRead(ctx, r, p.clientID)
	if err != nil {
		return store.ClientAppend{}, mapErr("sqlite: read client chain", err)
	}
	res := store.ClientAppend{Account: a}
	if !store.Appendable(a) || !store.ParentAccepted(ch.Latest, p.parent) ||
		ch.Quota.Over(p.def).Exceeded(ch.Usage, int64(len(p.segment)), 1) != "" {
		return res, nil
	}
	t := &chainTx{r: r, chain: ch, now: s.now}
	before := t.Chain() // a copy: the append advances t's snapshot counters
	if res.Version, err = t.versionAppend(ctx, p.id, p.parent, p.segment); err != nil {
		return store.ClientAppend{}, err
	}
	res.Appended, res.Before = true, before
	return res, nil
}

// clientChainRead reads a client's account and chain through r; errors are the driver's.
func clientChainRead(ctx context.Context, r runner, clientID uuid.UUID) (store.Account, store.Chain, error) {
	var a store.Account
	var ch store.Chain
	var created int64
	var snap snapshotCols
	var use usageCols
	err := r.queryRow(ctx, clientChainSQL, clientID.String()).
		Scan(append([]any{&a.ID, &a.Name, &a.Mode, &a.Status, &created, &ch.Latest, &ch.LatestSeq},
			use.dest(&snap.id, &snap.seq, &snap.at)...)...)
	if err != nil {
		return a, ch, err
	}
	a.CreatedAt = time.Unix(created, 0).UTC()
	ch.AccountID = a.ID
	use.setOn(&ch)
	return a, ch, snap.setOn(&ch)
}
