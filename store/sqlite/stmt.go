package sqlite

import (
	"context"
	"database/sql"
	"errors"
)

// stmtCache holds the hot queries prepared once per pool, or on the writer connection:
// modernc.org/sqlite has no statement cache of its own, and parsing the SQL is most of the CPU a
// point lookup costs.
//
// A statement that joins compares an integer id with `+?`, not `?`: since SQLite 3.54 the plan
// of a join with a "column = ?" term depends on whether the bound value is 0 or 1, so a cached
// statement bound to account 1 and then to another account (or back) is parsed and planned again
// at its next step, which cost a sync about a twentieth of its CPU when syncs of account 1
// alternated with others'. The unary plus keeps the index lookup and takes the value out of the
// plan.
//
// All statements are prepared when the store opens. Once prepared on a pool, database/sql
// re-prepares a statement on any new connection by itself, using that connection. The map is
// never written after newStmtCache, so it needs no lock.
type stmtCache struct {
	db queryer // what runs the queries that are not cached
	m  map[string]*sql.Stmt
}

// queryer is what both a pool (*sql.DB) and the writer connection (*sql.Conn) offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// readQueries are the statements the reader pool prepares.
func readQueries() []string {
	return []string{
		clientGetSQL, clientChildSQL, chainGetSQL, versionChildSQL, versionGetSQL, snapshotGetSQL,
		accountKeyGetSQL, tasksAllSQL, tasksChangedSQL, taskdCredentialGetSQL, taskdOrgGetSQL, taskdLoginSQL,
	}
}

// writeQueries are the statements the writer connection prepares.
func writeQueries() []string {
	return []string{
		chainGetSQL, clientChainSQL, accountGetSQL, plaintextGetSQL, versionInsertSQL, chainAdvanceSQL, versionGetSQL, snapshotPutSQL, snapshotUsageSQL,
		tasksGetSQL, taskGetSQL, tasksAllSQL, tasksByParentSQL, taskPutSQL, historyPutSQL, taskPutChunkSQL, historyPutChunkSQL, tasksAtSQL, tasksChangedSQL,
		udaTypesSQL, udaTypePutSQL, udaTypeDeleteSQL, savepointSQL, releaseSQL, rollbackToSQL, beginSQL, commitSQL, rollbackSQL,
	}
}

// newStmtCache prepares queries on db.
func newStmtCache(ctx context.Context, db queryer, queries []string) (*stmtCache, error) {
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

// runner runs queries on a pool or on the writer connection, through the cached statement when
// there is one. On the writer connection, the statements run inside whatever transaction the
// holder of the connection has begun.
//
// A detached runner runs its statements without the caller's cancellation: a chain update's
// statements run inside a batch that other calls share, and a cancelled statement may make
// SQLite roll back the whole transaction; a hot point read is too short to be worth watching.
type runner struct {
	c      *stmtCache
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
	if st, ok := r.c.m[query]; ok {
		return st.QueryRowContext(ctx, args...)
	}
	return r.c.db.QueryRowContext(ctx, query, args...)
}

// exec runs a statement that returns no rows.
func (r runner) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = r.ctx(ctx)
	if st, ok := r.c.m[query]; ok {
		return st.ExecContext(ctx, args...)
	}
	return r.c.db.ExecContext(ctx, query, args...)
}

// query runs a query that returns any number of rows.
func (r runner) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = r.ctx(ctx)
	if st, ok := r.c.m[query]; ok {
		return st.QueryContext(ctx, args...)
	}
	return r.c.db.QueryContext(ctx, query, args...)
}

// stmt returns the cached statement for query, for a caller that runs it many times; the
// statement belongs to the cache and must not be closed. query must be cached: preparing it here
// would cost what the cache saves.
func (r runner) stmt(query string) (*sql.Stmt, error) {
	st, ok := r.c.m[query]
	if !ok {
		return nil, errors.New("sqlite: statement is not prepared at open")
	}
	return st, nil
}
