package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
)

// Copy writes a consistent copy of the database in dir to out, a file that must not exist yet.
// It runs VACUUM INTO over a read-only connection of its own: the copy is one snapshot of the
// last commit, taken while writers (this process's or a running server's) go on committing, and
// it holds no half-written transaction. Copy never creates a database in dir.
func Copy(ctx context.Context, dir, out string) error {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("sqlite: no database to copy: %w", err)
	}
	db, err := openReadOnly(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
		return fmt.Errorf("sqlite: copy %s to %s: %w", path, out, err)
	}
	return nil
}

// FileInfo is what Inspect finds in a database file.
type FileInfo struct {
	// SchemaVersion is the applied migration; Dirty says it failed part-way.
	SchemaVersion uint
	Dirty         bool
	// Accounts counts the accounts.
	Accounts int64
}

// Inspect checks the database file at path (PRAGMA quick_check) and reads its schema version
// and number of accounts. It only reads.
func Inspect(ctx context.Context, path string) (FileInfo, error) {
	if _, err := os.Stat(path); err != nil {
		return FileInfo{}, fmt.Errorf("sqlite: inspect: %w", err)
	}
	db, err := openReadOnly(ctx, path)
	if err != nil {
		return FileInfo{}, err
	}
	defer db.Close()
	if err := quickCheck(ctx, db); err != nil {
		return FileInfo{}, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	var info FileInfo
	if info.SchemaVersion, info.Dirty, err = schemaVersion(ctx, db); err != nil {
		return FileInfo{}, err
	}
	info.Accounts, err = countAccounts(ctx, db)
	return info, err
}

// openReadOnly opens one read-only connection to the database file at path.
func openReadOnly(ctx context.Context, path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	db, err := openDB(ctx, "file:"+(&url.URL{Path: path}).EscapedPath()+"?"+q.Encode(), 1)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s read-only: %w", path, err)
	}
	return db, nil
}

// quickCheck runs PRAGMA quick_check, which answers one row "ok" for a sound file.
func quickCheck(ctx context.Context, db *sql.DB) error {
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check(1)`).Scan(&result); err != nil {
		return fmt.Errorf("quick_check: %w", err)
	}
	if result != "ok" {
		return errors.New("damaged database: " + result)
	}
	return nil
}

// countAccounts counts the accounts; a database without the table has none.
func countAccounts(ctx context.Context, db *sql.DB) (int64, error) {
	exists, err := tableExists(ctx, db, "accounts")
	if err != nil || !exists {
		return 0, mapErr("sqlite: count accounts", err)
	}
	var n int64
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM accounts`).Scan(&n); err != nil {
		return 0, mapErr("sqlite: count accounts", err)
	}
	return n, nil
}
