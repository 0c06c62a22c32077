package postgres

import (
	"context"
	"fmt"
	"maps"

	"github.com/jackc/pgx/v5"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

const (
	// udaTypesSQL reads an account's UDA types, left-joined to its accounts row like the task
	// reads: no row is no account, its mode tells an encrypted one, NULLs mean no types.
	udaTypesSQL = `
		SELECT a.mode, u.name, u.type FROM accounts a LEFT JOIN uda_types u ON u.account_id = a.id
		WHERE a.id = $1`
	// udaTypesPutSQL inserts or replaces UDA types given as parallel arrays, in one statement;
	// its foreign key only accepts a plaintext account.
	udaTypesPutSQL = `
		INSERT INTO uda_types (account_id, name, type)
		SELECT $1, * FROM unnest($2::text[], $3::text[])
		ON CONFLICT (account_id, name) DO UPDATE SET type = EXCLUDED.type`
	// udaTypesDeleteSQL forgets the UDA types of the names in an array, in one statement.
	udaTypesDeleteSQL = `DELETE FROM uda_types WHERE account_id = $1 AND name = ANY($2::text[])`
)

// UDATypes returns the UDA types declared for the locked account, name to type: those read with
// the account when the lock was taken, unless this transaction changed them since. An encrypted
// account is store.ErrNotPlaintext.
func (t *chainTx) UDATypes(ctx context.Context) (map[string]string, error) {
	const op = "postgres: get UDA types"
	if t.locked != nil && t.locked.udaTypes != nil {
		return maps.Clone(t.locked.udaTypes), nil
	}
	rows, err := t.tx.Query(ctx, udaTypesSQL, t.chain.AccountID)
	if err != nil {
		return nil, mapErr(op, err)
	}
	defer rows.Close()
	types, err := scanUDATypes(rows)
	return types, mapErr(op, err)
}

// scanUDATypes reads the rows of udaTypesSQL.
func scanUDATypes(rows pgx.Rows) (map[string]string, error) {
	types, seen := map[string]string{}, false
	for rows.Next() {
		seen = true
		var mode store.Mode
		var name, typ *string
		if err := rows.Scan(&mode, &name, &typ); err != nil {
			return nil, err
		}
		if mode != store.ModePlaintext {
			return nil, fmt.Errorf("the account is %s: %w", mode, store.ErrNotPlaintext)
		}
		if name != nil {
			types[*name] = *typ
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !seen {
		return nil, pgx.ErrNoRows
	}
	return types, nil
}

// UDATypesPut records UDA types, inserting or replacing, in one statement. A type other than
// string, date, numeric or duration is refused before anything is written; an encrypted account
// is store.ErrNotPlaintext, and nothing the transaction wrote is committed.
func (t *chainTx) UDATypesPut(ctx context.Context, types map[string]string) error {
	if err := input.UDATypes(types); err != nil || len(types) == 0 {
		return t.fail(err)
	}
	t.forgetUDATypes()
	names, typs := make([]string, 0, len(types)), make([]string, 0, len(types))
	for name, typ := range types {
		names, typs = append(names, name), append(typs, typ)
	}
	_, err := t.tx.Exec(ctx, udaTypesPutSQL, t.chain.AccountID, names, typs)
	return t.fail(mapErr("postgres: put UDA types", err))
}

// UDATypesDelete forgets the types of the named UDAs, in one statement.
func (t *chainTx) UDATypesDelete(ctx context.Context, names []string) error {
	if len(names) == 0 {
		return nil
	}
	t.forgetUDATypes()
	_, err := t.tx.Exec(ctx, udaTypesDeleteSQL, t.chain.AccountID, names)
	return t.fail(mapErr("postgres: delete UDA types", err))
}

// forgetUDATypes drops the UDA types read with the account, before the transaction changes them.
func (t *chainTx) forgetUDATypes() {
	if t.locked != nil {
		t.locked.udaTypes = nil
	}
}
