// Package schema applies and checks the embedded migrations (package migrations) for both store
// engines, so that the rules for "schema behind", "schema newer" and "dirty" live in one place.
// Each engine supplies a golang-migrate database driver and reads its own version row.
package schema

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/golang-migrate/migrate/v4"
	"github.com/golang-migrate/migrate/v4/database"
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/migrations"
	"github.com/taskgate/taskgate/store"
)

// Table is the migration bookkeeping table golang-migrate keeps in each database.
const Table = "schema_migrations"

// Latest returns the highest migration number in dir ("postgres" or "sqlite") of migrations.FS.
func Latest(dir string) (uint, error) {
	src, err := iofs.New(migrations.FS, dir)
	if err != nil {
		return 0, fmt.Errorf("schema: open embedded %s migrations: %w", dir, err)
	}
	defer src.Close()
	v, err := src.First()
	if err != nil {
		return 0, fmt.Errorf("schema: first %s migration: %w", dir, err)
	}
	for {
		next, err := src.Next(v)
		if errors.Is(err, fs.ErrNotExist) {
			return v, nil
		}
		if err != nil {
			return 0, fmt.Errorf("schema: next %s migration after %d: %w", dir, v, err)
		}
		v = next
	}
}

// Up applies every pending migration of dir through drv, which it closes (and with it the
// connection drv was built on). name is the golang-migrate driver name. golang-migrate holds its
// lock (a PostgreSQL advisory lock) while it reads the version and migrates, so processes that
// start together migrate once.
func Up(dir, name string, drv database.Driver, log *zap.Logger) error {
	m, err := newMigrate(dir, name, drv, log)
	if err != nil {
		return errors.Join(err, drv.Close())
	}
	from, _, _ := m.Version()
	upErr := m.Up()
	to, dirty, _ := m.Version()
	srcErr, dbErr := m.Close()
	if err := upError(dir, to, dirty, upErr); err != nil {
		return err
	}
	if to != from {
		log.Info("applied database migrations", zap.String("engine", dir), zap.Uint("from", from), zap.Uint("to", to))
	}
	return errors.Join(srcErr, dbErr)
}

// upError explains the result of golang-migrate's Up: nil when there was nothing to do, the
// operator's instructions when the schema is dirty.
func upError(dir string, version uint, dirty bool, err error) error {
	var dirtyErr migrate.ErrDirty
	switch {
	case err == nil, errors.Is(err, migrate.ErrNoChange):
		return nil
	case errors.As(err, &dirtyErr):
		return Check(uint(max(dirtyErr.Version, 0)), true, 0)
	}
	return fmt.Errorf("schema: apply %s migrations (now at version %d, dirty %t): %w", dir, version, dirty, err)
}

// newMigrate builds a golang-migrate instance over the embedded files of dir.
func newMigrate(dir, name string, drv database.Driver, log *zap.Logger) (*migrate.Migrate, error) {
	src, err := iofs.New(migrations.FS, dir)
	if err != nil {
		return nil, fmt.Errorf("schema: open embedded %s migrations: %w", dir, err)
	}
	m, err := migrate.NewWithInstance("iofs", src, name, drv)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("schema: prepare %s migrations: %w", dir, err), src.Close())
	}
	m.Log = zapLogger{log: log}
	return m, nil
}

// Check returns nil when the database at version (dirty or not) matches latest, and otherwise an
// error wrapping store.ErrSchemaVersion that tells the operator what to do.
func Check(version uint, dirty bool, latest uint) error {
	switch {
	case dirty:
		return fmt.Errorf("%w: migration %d failed part-way and left the schema dirty; repair the "+
			"database by hand, mark it clean (UPDATE %s SET version = <last good version>, dirty = false), "+
			"then run `taskgate migrate`", store.ErrSchemaVersion, version, Table)
	case version < latest:
		return fmt.Errorf("%w: database schema is at version %d, this taskgate needs %d; "+
			"run `taskgate migrate` (or enable automatic migration)", store.ErrSchemaVersion, version, latest)
	case version > latest:
		return fmt.Errorf("%w: database schema is at version %d, newer than this taskgate knows (%d); "+
			"upgrade taskgate", store.ErrSchemaVersion, version, latest)
	}
	return nil
}

// zapLogger adapts zap to golang-migrate's logger.
type zapLogger struct{ log *zap.Logger }

// Printf logs one migration step at debug level.
func (l zapLogger) Printf(format string, v ...any) {
	l.log.Debug(fmt.Sprintf(format, v...))
}

// Verbose asks golang-migrate for per-step messages; they go to debug level.
func (l zapLogger) Verbose() bool { return true }
