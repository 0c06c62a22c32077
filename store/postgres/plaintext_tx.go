package postgres

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/taskgate/taskgate/store"
)

// plaintextGetSQL reads the locked account with its key; the key columns are empty for an
// encrypted account, which has none.
const plaintextGetSQL = `
	SELECT ` + accountColumns + `,
	  coalesce(k.client_id, '00000000-0000-0000-0000-000000000000'::uuid),
	  coalesce(k.sealed_key, ''::bytea), coalesce(k.sealed_secret, ''::bytea)
	FROM accounts a LEFT JOIN account_keys k ON k.account_id = a.id
	WHERE a.id = $1`

// Plaintext reads the locked account and its key through the transaction, so a plaintext write
// never needs a second pooled connection while it holds the chain lock.
func (t *chainTx) Plaintext(ctx context.Context) (store.PlaintextTx, store.PlaintextAccount, error) {
	var a accountScan
	var k store.AccountKey
	err := t.tx.QueryRow(ctx, plaintextGetSQL, t.chain.AccountID).Scan(a.dest(&k.ClientID, &k.SealedKey, &k.SealedSecret)...)
	if err != nil {
		return nil, store.PlaintextAccount{}, mapErr("postgres: get locked plaintext account", err)
	}
	pa := store.PlaintextAccount{Account: a.account(), Key: k}
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
	tasks, err := scanTasks(rows)
	if err != nil {
		return nil, mapErr("postgres: get tasks with base", err)
	}
	return byUUID(tasks), nil
}
