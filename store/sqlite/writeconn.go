package sqlite

import (
	"context"
	"database/sql"
	"errors"
)

// The statements that open and end the writer's transactions.
const (
	beginSQL    = `BEGIN IMMEDIATE`
	commitSQL   = `COMMIT`
	rollbackSQL = `ROLLBACK`
)

// writeConn is the writer connection, taken out of its pool for the life of the store. Its
// transactions are BEGIN IMMEDIATE and COMMIT statements of its own rather than database/sql
// transactions: database/sql starts a goroutine for every transaction, and one for every query
// inside it, to watch their contexts, and binds a copy of every cached statement to it, which on
// the group commit's hot path cost about a tenth of an append's CPU. One user holds the
// connection at a time (acquire, release): the batcher for a batch, or inTx for a transaction of
// its own.
type writeConn struct {
	conn  *sql.Conn
	stmts *stmtCache    // prepared on conn
	held  chan struct{} // full while a user holds conn
}

// openWriteConn takes the connection of db, a pool of one, and prepares the writer's statements
// on it.
func openWriteConn(ctx context.Context, db *sql.DB) (*writeConn, error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	stmts, err := newStmtCache(ctx, conn, writeQueries())
	if err != nil {
		return nil, errors.Join(err, conn.Close())
	}
	return &writeConn{conn: conn, stmts: stmts, held: make(chan struct{}, 1)}, nil
}

// acquire waits until the connection is free and holds it, or returns ctx's error. Users waiting
// get it in turn.
func (w *writeConn) acquire(ctx context.Context) error {
	select {
	case w.held <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release hands the connection to the next user.
func (w *writeConn) release() { <-w.held }

// runner runs statements on the connection, which the caller holds.
func (w *writeConn) runner() runner { return runner{c: w.stmts} }

// begin starts a write transaction; ctx is checked first and then not watched.
func (w *writeConn) begin(ctx context.Context) error { return w.run(ctx, beginSQL) }

// commit commits the transaction; ctx is checked first and then not watched, so that a COMMIT
// is never interrupted half-way.
func (w *writeConn) commit(ctx context.Context) error { return w.run(ctx, commitSQL) }

// rollback rolls back the transaction, if one is open. Its error is expected when there is
// nothing left to roll back (a failed statement may have ended the transaction), and ignored.
func (w *writeConn) rollback() { _, _ = w.runner().exec(context.Background(), rollbackSQL) }

// run runs a statement detached from ctx once ctx is checked.
func (w *writeConn) run(ctx context.Context, query string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	_, err := w.runner().detached().exec(ctx, query)
	return err
}

// close closes the statements and returns the connection to its pool. Closing again does
// nothing.
func (w *writeConn) close() error {
	err := w.conn.Close()
	if errors.Is(err, sql.ErrConnDone) {
		err = nil
	}
	return errors.Join(w.stmts.close(), err)
}
