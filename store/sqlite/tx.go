package sqlite

import "context"

// rowScanner is what both *sql.Row and *sql.Rows offer.
type rowScanner interface {
	Scan(dest ...any) error
}

// inTx runs fn in a write transaction (BEGIN IMMEDIATE on the writer connection, once it is
// free). It commits when fn returns nil and rolls back otherwise, including when fn panics, so
// the writer connection is always handed on clean. fn's statements run with ctx; fn's error is
// returned as it is.
func (s *Store) inTx(ctx context.Context, op string, fn func(r runner) error) error {
	if err := s.wc.acquire(ctx); err != nil {
		return mapErr(op+": begin", err)
	}
	defer s.wc.release()
	if err := s.wc.begin(ctx); err != nil {
		return mapErr(op+": begin", err)
	}
	committed := false
	defer func() {
		if !committed {
			s.wc.rollback()
		}
	}()
	if err := fn(s.wc.runner()); err != nil {
		return err
	}
	if err := s.wc.commit(ctx); err != nil {
		return mapErr(op+": commit", err)
	}
	committed = true
	return nil
}
