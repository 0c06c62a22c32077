package postgres

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/internal/input"
)

// accountColumns is the column list scanAccount reads, in order, for a query that names the
// accounts table (or CTE) a.
const accountColumns = `a.id, a.name, a.mode, a.status, a.created_at`

// accountGetSQL reads one account by id.
const accountGetSQL = `SELECT ` + accountColumns + ` FROM accounts a WHERE a.id = $1`

// accountInsertSQL creates an account, its chain, its optional client ($3, NULL for none), its
// optional key ($4-$6, NULL for none) and its optional taskd credential ($7-$9, NULL for none) in
// one statement, and so in one transaction. %s is an optional ON CONFLICT clause.
const accountInsertSQL = `
	WITH a AS (
		INSERT INTO accounts (name, mode) VALUES ($1, $2) %s
		RETURNING id, name, mode, status, created_at
	), chain AS (
		INSERT INTO chains (account_id) SELECT id FROM a
	), client AS (
		INSERT INTO champion_clients (client_id, account_id)
		SELECT $3::uuid, id FROM a WHERE $3::uuid IS NOT NULL
	), account_key AS (
		INSERT INTO account_keys (account_id, client_id, sealed_key, sealed_secret)
		SELECT id, $4::uuid, $5::bytea, $6::bytea FROM a WHERE $4::uuid IS NOT NULL
	), taskd AS (
		INSERT INTO taskd_credentials (account_id, org, user_name, key)
		SELECT id, $7::text, $8::text, $9::uuid FROM a WHERE $9::uuid IS NOT NULL
	)
	SELECT ` + accountColumns + ` FROM a`

var (
	// accountCreateSQL fails with a unique violation when the name is taken.
	accountCreateSQL = fmt.Sprintf(accountInsertSQL, "")
	// accountCreateIgnoreSQL inserts nothing and returns no row when the name is taken.
	accountCreateIgnoreSQL = fmt.Sprintf(accountInsertSQL, "ON CONFLICT (name) DO NOTHING")
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
	a, err := scanAccount(s.pool.QueryRow(ctx, accountCreateSQL, accountArgs(p)...))
	return a, mapErr("postgres: create account", err)
}

// accountArgs returns the parameters of accountInsertSQL: NULLs for what p leaves out.
func accountArgs(p store.AccountCreateParams) []any {
	args := []any{p.Name, p.Mode, nullUUID(p.ClientID), nil, nil, nil, nil, nil, nil}
	if k := p.Key; k != nil {
		args[3], args[4], args[5] = k.ClientID, k.SealedKey, k.SealedSecret
	}
	if c := p.Taskd; c != nil {
		args[6], args[7], args[8] = c.Org, c.User, c.Key
	}
	return args
}

// AccountGet returns the account with id, or store.ErrNotFound.
func (s *Store) AccountGet(ctx context.Context, id int64) (store.Account, error) {
	a, err := scanAccount(s.pool.QueryRow(ctx,
		accountGetSQL, id))
	return a, mapErr("postgres: get account", err)
}

// AccountGetByName returns the account called name, or store.ErrNotFound.
func (s *Store) AccountGetByName(ctx context.Context, name string) (store.Account, error) {
	a, err := scanAccount(s.pool.QueryRow(ctx,
		`SELECT `+accountColumns+` FROM accounts a WHERE a.name = $1`, name))
	return a, mapErr("postgres: get account by name", err)
}

// AccountList returns every account ordered by name.
func (s *Store) AccountList(ctx context.Context) ([]store.Account, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+accountColumns+` FROM accounts a ORDER BY a.name COLLATE "C"`)
	if err != nil {
		return nil, mapErr("postgres: list accounts", err)
	}
	list, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Account, error) { return scanAccount(r) })
	if err != nil {
		return nil, mapErr("postgres: list accounts", err)
	}
	if list == nil {
		list = []store.Account{}
	}
	return list, nil
}

// AccountSetStatus changes an account's status; an unknown id is store.ErrNotFound.
func (s *Store) AccountSetStatus(ctx context.Context, id int64, st store.Status) error {
	if !st.Valid() {
		return fmt.Errorf("postgres: set account status: invalid status %q", st)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE accounts SET status = $1 WHERE id = $2`, st, id)
	if err != nil {
		return mapErr("postgres: set account status", err)
	}
	if tag.RowsAffected() == 0 {
		return mapErr("postgres: set account status", pgx.ErrNoRows)
	}
	return nil
}

// AccountClients returns the TaskChampion client ids of an account in id order, an empty slice
// when it has none, and store.ErrNotFound when the account does not exist.
func (s *Store) AccountClients(ctx context.Context, accountID int64) ([]uuid.UUID, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT c.client_id FROM accounts a
		LEFT JOIN champion_clients c ON c.account_id = a.id
		WHERE a.id = $1 ORDER BY c.client_id`, accountID)
	if err != nil {
		return nil, mapErr("postgres: list account clients", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[*uuid.UUID])
	if err != nil {
		return nil, mapErr("postgres: list account clients", err)
	}
	if len(ids) == 0 {
		return nil, mapErr("postgres: list account clients", pgx.ErrNoRows)
	}
	out := []uuid.UUID{}
	for _, id := range ids {
		if id != nil {
			out = append(out, *id)
		}
	}
	return out, nil
}

// scanAccount reads the accountColumns of one row.
func scanAccount(r pgx.Row) (store.Account, error) {
	var a accountScan
	if err := r.Scan(a.dest()...); err != nil {
		return store.Account{}, err
	}
	return a.account(), nil
}

// accountScan receives the accountColumns of a row in types pgx scans directly. Scanned straight
// into a store.Account, the named string types and time.Time send pgx through reflection to plan
// every column of every row.
type accountScan struct {
	id                 int64
	name, mode, status string
	created            pgtype.Timestamptz
}

// dest returns the scan targets of the accountColumns, in order, followed by more.
func (s *accountScan) dest(more ...any) []any {
	return append([]any{&s.id, &s.name, &s.mode, &s.status, &s.created}, more...)
}

// account returns what was scanned.
func (s *accountScan) account() store.Account {
	return store.Account{
		ID: s.id, Name: s.name, Mode: store.Mode(s.mode), Status: store.Status(s.status), CreatedAt: s.created.Time.UTC(),
	}
}

// nullUUID returns id, or nil (SQL NULL) for uuid.Nil.
func nullUUID(id uuid.UUID) any {
	if id == uuid.Nil {
		return nil
	}
	return id
}
