package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"maps"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

const (
	// udaTypesSQL reads an account's UDA types, left-joined to its accounts row like the task
	// reads: no row is no account, its mode tells an encrypted one, NULLs mean no types.
	udaTypesSQL = `
		SELECT a.mode, u.name, u.type FROM accounts a LEFT JOIN uda_types u ON u.account_id = a.id
		WHERE a.id = +?`
	// udaTypePutSQL inserts or replaces one UDA type; its foreign key only accepts a plaintext
	// account.
	udaTypePutSQL = `
		INSERT INTO uda_types (account_id, name, type) VALUES (?, ?, ?)
		ON CONFLICT (account_id, name) DO UPDATE SET type = excluded.type`
	// udaTypeDeleteSQL forgets one UDA type.
	udaTypeDeleteSQL = `DELETE FROM uda_types WHERE account_id = ? AND name = ?`
)

// UDATypes returns the UDA types declared for the locked account, name to type: those Plaintext
// read with the account, unless this transaction changed them since. An encrypted account is
// store.ErrNotPlaintext.
func (t *chainTx) UDATypes(ctx context.Context) (map[string]string, error) {
	const op = "sqlite: get UDA types"
	if t.udaTypes != nil {
		return maps.Clone(t.udaTypes), nil
	}
	rows, err := t.r.query(ctx, udaTypesSQL, t.chain.AccountID)
	if err != nil {
		return nil, mapErr(op, err)
	}
	defer rows.Close()
	types, err := scanUDATypes(rows)
	return types, mapErr(op, err)
}

// scanUDATypes reads the rows of udaTypesSQL.
func scanUDATypes(rows *sql.Rows) (map[string]string, error) {
	types, seen := map[string]string{}, false
	for rows.Next() {
		seen = true
		var mode store.Mode
		var name, typ sql.NullString
		if err := rows.Scan(&mode, &name, &typ); err != nil {
			return nil, err
		}
		if mode != store.ModePlaintext {
			return nil, fmt.Errorf("the account is %s: %w", mode, store.ErrNotPlaintext)
		}
		if name.Valid {
			types[name.String] = typ.String
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if !seen {
		return nil, sql.ErrNoRows
	}
	return types, nil
}

// UDATypesPut records UDA types, inserting or replacing one cached statement run per name. A
// type other than string, date, numeric or duration is refused before anything is written; an
// encrypted account is store.ErrNotPlaintext, and nothing the transaction wrote is committed.
func (t *chainTx) UDATypesPut(ctx context.Context, types map[string]string) error {
	if t.failed != nil {
		return t.failed
	}
	t.udaTypes = nil
	return t.fail(t.udaTypesPut(ctx, types))
}

// udaTypesPut runs the upsert of UDATypesPut for each type.
func (t *chainTx) udaTypesPut(ctx context.Context, types map[string]string) error {
	if err := input.UDATypes(types); err != nil {
		return err
	}
	rows := make([][]any, 0, len(types))
	for name, typ := range types {
		rows = append(rows, []any{t.chain.AccountID, name, typ})
	}
	return t.execEach(ctx, "sqlite: put UDA types", udaTypePutSQL, rows)
}

// UDATypesDelete forgets the types of the named UDAs, one cached statement run per name.
func (t *chainTx) UDATypesDelete(ctx context.Context, names []string) error {
	if t.failed != nil {
		return t.failed
	}
	t.udaTypes = nil
	rows := make([][]any, 0, len(names))
	for _, name := range names {
		rows = append(rows, []any{t.chain.AccountID, name})
	}
	return t.fail(t.execEach(ctx, "sqlite: delete UDA types", udaTypeDeleteSQL, rows))
}

// execEach runs the cached statement query once per row of arguments; op names it in errors.
func (t *chainTx) execEach(ctx context.Context, op, query string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	st, err := t.r.stmt(query)
	if err != nil {
		return mapErr(op, err)
	}
	ctx = t.r.ctx(ctx)
	for _, args := range rows {
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return mapErr(op, err)
		}
	}
	return nil
}
