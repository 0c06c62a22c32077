package sqlite

import (
	"context"
	"database/sql"
	"errors"
)

// stmtCache holds the hot queries prepared once per pool: modernc.org/sqlite has no statement
// cache of its own, and parsing the SQL is most of the CPU a point lookup costs.
//
// All statements are prepared when the store opens. Preparing later would need a free
// connection, and the writer pool's only connection is busy whenever a transaction runs; once
// prepared, database/sql re-prepares a statement on any new connection by itself, using that
// connection. The map is never written after newStmtCache, so it needs no lock.
type stmtCache struct {
	db *sql.DB
	m  map[string]*sql.Stmt
}

// readQueries are the statements the reader pool prepares.
func readQueries() []string {
	return []string{
		clientGetSQL, clientChildSQL, chainGetSQL, versionChildSQL, versionGetSQL, snapshotGetSQL,
		accountKeyGetSQL, tasksAllSQL, tasksChangedSQL, taskdCredentialGetSQL, taskdOrgGetSQL,
	}
}

// writeQueries are the statements the writer prepares, used inside ChainUpdate.
func writeQueries() []string {
	return []string{
		chainGetSQL, clientChainSQL, accountGetSQL, plaintextGetSQL, versionInsertSQL, chainAdvanceSQL, versionGetSQL, snapshotPutSQL,
		tasksGetSQL, tasksAllSQL, taskPutSQL, historyPutSQL, tasksAtSQL, tasksChangedSQL,
		udaTypesSQL, udaTypePutSQL, savepointSQL, releaseSQL, rollbackToSQL,
	}
}

// newStmtCache prepares queries on db.
func newStmtCache(ctx context.Context, db *sql.DB, queries []string) (*stmtCache, error) {
	c := &stmtCache{db: db, m: make(map[string]*sql.Stmt, len(queries))}
	for _, q := range queries {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			return nil, errors.Join(err, c.close())
		}
		c.m[q] = st
	}
	return c, nil
}

// close closes every prepared statement.
func (c *stmtCache) close() error {
	var errs []error
	for _, st := range c.m {
		errs = append(errs, st.Close())
	}
	return errors.Join(errs...)
}

// runner runs queries on a pool, or inside tx when tx is set, through the cached statement
// when there is one (database/sql reuses the statement already prepared on the transaction's
// connection).
//
// A detached runner runs its statements without the caller's cancellation: a chain update's
// statements run inside a batch that other calls share, and a cancelled statement may make
// SQLite roll back the whole transaction; a hot point read is too short to be worth watching.
type runner struct {
	c      *stmtCache
	tx     *sql.Tx
	detach bool
}

// detached returns r running its statements detached from their callers' cancellation.
func (r runner) detached() runner {
	r.detach = true
	return r
}

// ctx returns the context statements run with: ctx itself, or ctx without its cancellation
// and deadline when r is detached.
func (r runner) ctx(ctx context.Context) context.Context {
	if r.detach {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// queryRow runs a query that returns at most one row.
func (r runner) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = r.ctx(ctx)
	st, ok := r.c.m[query]
	switch {
	case ok && r.tx != nil:
		return r.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	case ok:
		return st.QueryRowContext(ctx, args...)
	case r.tx != nil:
		return r.tx.QueryRowContext(ctx, query, args...)
	}
	return r.c.db.QueryRowContext(ctx, query, args...)
}

// exec runs a statement that returns no rows.
func (r runner) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = r.ctx(ctx)
	st, ok := r.c.m[query]
	switch {
	case ok && r.tx != nil:
		return r.tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	case ok:
		return st.ExecContext(ctx, args...)
	case r.tx != nil:
		return r.tx.ExecContext(ctx, query, args...)
	}
	return r.c.db.ExecContext(ctx, query, args...)
}

// query runs a query that returns any number of rows.
func (r runner) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = r.ctx(ctx)
	st, ok := r.c.m[query]
	switch {
	case ok && r.tx != nil:
		return r.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	case ok:
		return st.QueryContext(ctx, args...)
	case r.tx != nil:
		return r.tx.QueryContext(ctx, query, args...)
	}
	return r.c.db.QueryContext(ctx, query, args...)
}

// txStmt returns the cached statement for query bound to the transaction, for a caller that
// runs it many times and closes it when done. query must be cached (preparing it here could wait
// for the connection the transaction holds) and the runner must have a transaction.
func (r runner) txStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	ctx = r.ctx(ctx)
	st, ok := r.c.m[query]
	if !ok || r.tx == nil {
		return nil, errors.New("sqlite: statement is not prepared at open or runs outside a transaction")
	}
	return r.tx.StmtContext(ctx, st), nil
}
