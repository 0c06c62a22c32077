package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

// accountColumns is the column list scanAccount reads, in order, for a query that names the
// accounts table a; accountReturning is the same list for a RETURNING clause.
const (
	accountColumns   = `a.id, a.name, a.mode, a.status, a.created_at`
	accountReturning = `id, name, mode, status, created_at`
)

// AccountCreate creates an account with its empty chain, its first TaskChampion client when
// p.ClientID is set, its server-held key when p.Key is set and its taskd credential when p.Taskd
// is set (plaintext accounts), all in one transaction. A taken name, client id, taskd key or taskd
// org and user is store.ErrConflict, and then nothing is created.
func (s *Store) AccountCreate(ctx context.Context, p store.AccountCreateParams) (store.Account, error) {
	if err := p.Validate(); err != nil {
		return store.Account{}, err
	}
	if p.Taskd != nil {
		if err := input.TaskdCredential(*p.Taskd); err != nil {
			return store.Account{}, err
		}
	}
	var a store.Account
	err := s.inTx(ctx, "sqlite: create account", func(r runner) error {
		var err error
		a, err = accountInsert(ctx, r, p, s.now(), false)
		return err
	})
	return a, err
}

// accountInsert inserts, through r, the account, its chain, and its optional client, key and
// taskd credential. With ignoreTaken, a taken name inserts nothing and returns store.ErrNotFound instead of
// store.ErrConflict.
func accountInsert(ctx context.Context, r runner, p store.AccountCreateParams, now time.Time, ignoreTaken bool) (store.Account, error) {
	q := `INSERT INTO accounts (name, mode, created_at) VALUES (?, ?, ?) RETURNING ` + accountReturning
	if ignoreTaken {
		q = `INSERT INTO accounts (name, mode, created_at) VALUES (?, ?, ?)
		     ON CONFLICT (name) DO NOTHING RETURNING ` + accountReturning
	}
	a, err := scanAccount(r.queryRow(ctx, q, p.Name, p.Mode, now.Unix()))
	if err != nil {
		return store.Account{}, mapErr("sqlite: insert account", err)
	}
	if _, err := r.exec(ctx, `INSERT INTO chains (account_id) VALUES (?)`, a.ID); err != nil {
		return store.Account{}, mapErr("sqlite: insert chain", err)
	}
	if err := accountAttach(ctx, r, a.ID, p, now); err != nil {
		return store.Account{}, err
	}
	return a, nil
}

// accountAttach inserts the optional client, key and taskd credential of a new account through
// r.
func accountAttach(ctx context.Context, r runner, accountID int64, p store.AccountCreateParams, now time.Time) error {
	if p.ClientID != uuid.Nil {
		_, err := r.exec(ctx,
			`INSERT INTO champion_clients (client_id, account_id, created_at) VALUES (?, ?, ?)`,
			p.ClientID.String(), accountID, now.Unix())
		if err != nil {
			return mapErr("sqlite: insert client", err)
		}
	}
	if p.Key != nil {
		if err := keyInsert(ctx, r, accountID, *p.Key, now); err != nil {
			return err
		}
	}
	if p.Taskd == nil {
		return nil
	}
	c := *p.Taskd
	c.AccountID = accountID
	return taskdCredentialInsert(ctx, r, c, now)
}

// AccountGet returns the account with id, or store.ErrNotFound.
func (s *Store) AccountGet(ctx context.Context, id int64) (store.Account, error) {
	a, err := scanAccount(s.read.QueryRowContext(ctx,
		accountGetSQL, id))
	return a, mapErr("sqlite: get account", err)
}

// AccountGetByName returns the account called name, or store.ErrNotFound.
func (s *Store) AccountGetByName(ctx context.Context, name string) (store.Account, error) {
	a, err := scanAccount(s.read.QueryRowContext(ctx,
		`SELECT `+accountColumns+` FROM accounts a WHERE a.name = ?`, name))
	return a, mapErr("sqlite: get account by name", err)
}

// AccountList returns every account ordered by name.
func (s *Store) AccountList(ctx context.Context) ([]store.Account, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+accountColumns+` FROM accounts a ORDER BY a.name`)
	if err != nil {
		return nil, mapErr("sqlite: list accounts", err)
	}
	defer rows.Close()
	list := []store.Account{}
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, mapErr("sqlite: list accounts", err)
		}
		list = append(list, a)
	}
	return list, mapErr("sqlite: list accounts", rows.Err())
}

// AccountSetStatus changes an account's status; an unknown id is store.ErrNotFound.
func (s *Store) AccountSetStatus(ctx context.Context, id int64, st store.Status) error {
	if !st.Valid() {
		return fmt.Errorf("sqlite: set account status: invalid status %q", st)
	}
	const op = "sqlite: set account status"
	return s.inTx(ctx, op, func(r runner) error {
		res, err := r.exec(ctx, `UPDATE accounts SET status = ? WHERE id = ?`, st, id)
		if err != nil {
			return mapErr(op, err)
		}
		return affectedOne(op, res)
	})
}

// AccountClients returns the TaskChampion client ids of an account in id order, an empty slice
// when it has none, and store.ErrNotFound when the account does not exist.
func (s *Store) AccountClients(ctx context.Context, accountID int64) ([]uuid.UUID, error) {
	rows, err := s.read.QueryContext(ctx, `
		SELECT c.client_id FROM accounts a
		LEFT JOIN champion_clients c ON c.account_id = a.id
		WHERE a.id = ? ORDER BY c.client_id`, accountID)
	if err != nil {
		return nil, mapErr("sqlite: list account clients", err)
	}
	defer rows.Close()
	return scanClientIDs(rows)
}

// scanClientIDs reads the rows of AccountClients: none means no account, one NULL means no
// clients.
func scanClientIDs(rows *sql.Rows) ([]uuid.UUID, error) {
	ids, seen := []uuid.UUID{}, false
	for rows.Next() {
		seen = true
		var id sql.NullString
		if err := rows.Scan(&id); err != nil {
			return nil, mapErr("sqlite: list account clients", err)
		}
		if !id.Valid {
			continue
		}
		u, err := uuid.Parse(id.String)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list account clients: %w", err)
		}
		ids = append(ids, u)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr("sqlite: list account clients", err)
	}
	if !seen {
		return nil, mapErr("sqlite: list account clients", sql.ErrNoRows)
	}
	return ids, nil
}

// accountGetSQL reads one account by id.
const accountGetSQL = `SELECT ` + accountColumns + ` FROM accounts a WHERE a.id = ?`

// scanAccount reads the accountColumns of one row.
func scanAccount(r rowScanner) (store.Account, error) {
	var a store.Account
	var created int64
	if err := r.Scan(&a.ID, &a.Name, &a.Mode, &a.Status, &created); err != nil {
		return store.Account{}, err
	}
	a.CreatedAt = time.Unix(created, 0).UTC()
	return a, nil
}

// affectedOne turns an UPDATE that matched no row into store.ErrNotFound.
func affectedOne(op string, res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return mapErr(op, err)
	}
	if n == 0 {
		return mapErr(op, sql.ErrNoRows)
	}
	return nil
}
