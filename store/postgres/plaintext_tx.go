package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

// plaintextGetSQL reads the locked account with its key and its UDA types (a JSON object, name
// to type); the key columns are empty for an encrypted account, which has none.
const plaintextGetSQL = `
	SELECT ` + accountColumns + `,
	  coalesce(k.client_id, '00000000-0000-0000-0000-000000000000'::uuid),
	  coalesce(k.sealed_key, ''::bytea), coalesce(k.sealed_secret, ''::bytea),
	  (SELECT coalesce(json_object_agg(u.name, u.type), '{}')::text FROM uda_types u WHERE u.account_id = a.id)
	FROM accounts a LEFT JOIN account_keys k ON k.account_id = a.id
	WHERE a.id = $1`

// lockedAccount is the locked account with its key, as one statement of the transaction read it.
type lockedAccount struct {
	store.PlaintextAccount
	// udaTypes are a plaintext account's UDA types as read with it, nil for an encrypted
	// account or once the transaction changed them.
	udaTypes map[string]string
}

// scanLocked reads a row of plaintextGetSQL.
func scanLocked(r pgx.Row) (*lockedAccount, error) {
	var a accountScan
	var k store.AccountKey
	var udas string
	if err := r.Scan(a.dest(&k.ClientID, &k.SealedKey, &k.SealedSecret, &udas)...); err != nil {
		return nil, err
	}
	locked := &lockedAccount{PlaintextAccount: store.PlaintextAccount{Account: a.account(), Key: k}}
	if locked.Mode == store.ModePlaintext {
		if err := json.Unmarshal([]byte(udas), &locked.udaTypes); err != nil {
			return nil, fmt.Errorf("UDA types: %w", err)
		}
	}
	return locked, nil
}

// Plaintext returns the locked account and its key, read through the transaction (with the
// lock, unless this transaction changed the account since), so a plaintext write never needs
// a second pooled connection while it holds the chain lock.
func (t *chainTx) Plaintext(ctx context.Context) (store.PlaintextTx, store.PlaintextAccount, error) {
	if t.locked == nil {
		locked, err := scanLocked(t.tx.QueryRow(ctx, plaintextGetSQL, t.chain.AccountID))
		if err != nil {
			return nil, store.PlaintextAccount{}, mapErr("postgres: get locked plaintext account", err)
		}
		t.locked = locked
	}
	pa := t.locked.PlaintextAccount
	if pa.Mode != store.ModePlaintext {
		pa.Key = store.AccountKey{}
		return nil, pa, fmt.Errorf("postgres: account %d is %s: %w", pa.ID, pa.Mode, store.ErrNotPlaintext)
	}
	return t, pa, nil
}

// TasksGetWithBase reads the tasks' current states and their states at seq in one round trip.
func (t *chainTx) TasksGetWithBase(ctx context.Context, ids []uuid.UUID, seq int64) (current, base map[uuid.UUID]store.TaskState, err error) {
	if ids == nil {
		ids = []uuid.UUID{}
	}
	b := &pgx.Batch{}
	b.Queue(tasksGetSQL, t.chain.AccountID, ids)
	b.Queue(tasksAtSQL, t.chain.AccountID, ids, seq)
	br := t.tx.SendBatch(ctx, b)
	defer func() {
		if cerr := br.Close(); err == nil && cerr != nil {
			err = mapErr("postgres: get tasks with base", cerr)
		}
	}()
	if current, err = batchTasks(br); err != nil {
		return nil, nil, err
	}
	if base, err = batchTasks(br); err != nil {
		return nil, nil, err
	}
	return current, base, nil
}

// batchTasks reads the next task read of a batch.
func batchTasks(br pgx.BatchResults) (map[uuid.UUID]store.TaskState, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, mapErr("postgres: get tasks with base", err)
	}
	defer rows.Close()
	tasks := map[uuid.UUID]store.TaskState{}
	err = scanEach(rows, func(t store.TaskState) bool {
		tasks[t.UUID] = t
		return true
	})
	if err != nil {
		return nil, mapErr("postgres: get tasks with base", err)
	}
	return tasks, nil
}

// VersionAppendWithTasks stores the task states and appends the version in one round trip; in
// two or more, through TasksPut and VersionAppend, when a value is large enough to be sent as it
// is (see largeValue).
func (t *chainTx) VersionAppendWithTasks(ctx context.Context, id, parent uuid.UUID, segment []byte, tasks []store.TaskState) (store.Version, error) {
	if len(tasks) == 0 || len(segment) >= largeValue || slices.ContainsFunc(tasks, isLarge) {
		if err := t.TasksPut(ctx, tasks); err != nil {
			return store.Version{}, err
		}
		return t.VersionAppend(ctx, id, parent, segment)
	}
	segment = nonNil(segment)
	c := taskColumns(input.LastStates(tasks))
	b := &pgx.Batch{}
	b.Queue(tasksPutSQL, t.chain.AccountID, c.ids, c.data, c.times, c.seqs, c.deleted)
	b.Queue(versionAppendSQL, t.chain.AccountID, id, parent, segment)
	br := t.tx.SendBatch(ctx, b)
	if _, err := br.Exec(); err != nil {
		_ = br.Close()
		return store.Version{}, t.fail(mapErr("postgres: put tasks", err))
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return t.appended(tag, err, id, parent, segment)
}
