package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/taskgate/taskgate/gateway"
)

// prepareStore applies the rule for an embedded store whose database does not exist: a command
// that creates things (account add, import taskd, migrate: mayCreate) creates it and says so
// through the returned announce, which the caller runs once the store is open; every other admin
// command refuses with a message naming the path it looked at, and creates nothing. A PostgreSQL
// database is never created by taskgate, so there is nothing to check.
func prepareStore(env *environment, cfg gateway.Config, set *optionSet, mayCreate bool) (announce func(), err error) {
	db := cfg.EmbeddedDatabase()
	if db == "" || fileExists(db) {
		return func() {}, nil
	}
	abs := absPath(db)
	if !mayCreate {
		return nil, missingStore(env, abs, set)
	}
	return func() {
		fmt.Fprintf(env.stderr, "Created a new store: %s. taskgate serve uses it when it runs with the same "+
			"data directory (--data-dir or data-dir: in its configuration file).\n", abs)
	}, nil
}

// missingStore explains that there is no database at path, where the data directory came from,
// and how to point the command at the server's store.
func missingStore(env *environment, path string, set *optionSet) error {
	return fmt.Errorf("no store at %s (the data directory is %s; %s); nothing was created.\n"+
		"Point this command at the server's store with --data-dir DIR or --db URL, or with the configuration file "+
		"serve reads (--config FILE or %s). Only account add, import taskd and migrate create a new store.",
		path, dataDirOrigin(set), configOrigin(env, set), configEnv)
}

// dataDirOrigin says where the data directory setting came from.
func dataDirOrigin(set *optionSet) string {
	from := set.source("data-dir")
	if from == "default" {
		return "the default, " + gateway.DefaultDataDir
	}
	return "set by " + from
}

// configOrigin says which configuration file was read, if any.
func configOrigin(env *environment, set *optionSet) string {
	switch {
	case set.file != nil:
		return "configuration file " + set.file.path + " read"
	case env.defaultConfig != "":
		return "no configuration file at " + env.defaultConfig
	}
	return "no configuration file"
}

// absPath returns path made absolute, or path itself when that fails.
func absPath(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// fileExists reports whether path exists (an unreadable path counts as existing).
func fileExists(path string) bool {
	_, err := os.Stat(path)
	return !errors.Is(err, fs.ErrNotExist)
}
