package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// plaintextGetSQL reads the locked account with its key and its UDA types (a JSON object, name
// to type); the key columns are empty for an encrypted account, which has none.
const plaintextGetSQL = `
	SELECT ` + accountColumns + `, coalesce(k.client_id, ''), coalesce(k.sealed_key, x''), coalesce(k.sealed_secret, x''),
	  (SELECT json_group_object(u.name, u.type) FROM uda_types u WHERE u.account_id = a.id)
	FROM accounts a LEFT JOIN account_keys k ON k.account_id = a.id
	WHERE a.id = +?`

// Plaintext reads the locked account, its key and its UDA types inside the write transaction,
// in one statement; UDATypes answers from what it read until the transaction changes them.
func (t *chainTx) Plaintext(ctx context.Context) (store.PlaintextTx, store.PlaintextAccount, error) {
	var pa store.PlaintextAccount
	var created int64
	var clientID, udas string
	t.udaTypes = nil
	err := t.r.queryRow(ctx, plaintextGetSQL, t.chain.AccountID).Scan(&pa.ID, &pa.Name, &pa.Mode, &pa.Status, &created,
		&clientID, &pa.Key.SealedKey, &pa.Key.SealedSecret, &udas)
	if err != nil {
		return nil, store.PlaintextAccount{}, mapErr("sqlite: get locked plaintext account", err)
	}
	pa.CreatedAt = time.Unix(created, 0).UTC()
	if pa.Mode != store.ModePlaintext {
		pa.Key = store.AccountKey{}
		return nil, pa, fmt.Errorf("sqlite: account %d is %s: %w", pa.ID, pa.Mode, store.ErrNotPlaintext)
	}
	if pa.Key.ClientID, err = uuid.Parse(clientID); err != nil {
		return nil, store.PlaintextAccount{}, fmt.Errorf("sqlite: account %d: stored key client id: %w", pa.ID, err)
	}
	if err := json.Unmarshal([]byte(udas), &t.udaTypes); err != nil {
		return nil, store.PlaintextAccount{}, fmt.Errorf("sqlite: account %d: UDA types: %w", pa.ID, err)
	}
	return t, pa, nil
}

// TasksGetWithBase reads the tasks' current states and their states at seq; in-process, two
// statements cost no more than one.
func (t *chainTx) TasksGetWithBase(ctx context.Context, ids []uuid.UUID, seq int64) (current, base map[uuid.UUID]store.TaskState, err error) {
	if current, err = t.TasksGet(ctx, ids); err != nil {
		return nil, nil, err
	}
	if base, err = t.TasksAt(ctx, ids, seq); err != nil {
		return nil, nil, err
	}
	return current, base, nil
}

// VersionAppendWithTasks stores the task states, then appends the version; in-process, one
// call more costs nothing.
func (t *chainTx) VersionAppendWithTasks(ctx context.Context, id, parent uuid.UUID, segment []byte, tasks []store.TaskState) (store.Version, error) {
	if err := t.TasksPut(ctx, tasks); err != nil {
		return store.Version{}, err
	}
	return t.VersionAppend(ctx, id, parent, segment)
}
