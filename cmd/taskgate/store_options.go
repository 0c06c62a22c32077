package main

import "github.com/taskgate/taskgate/gateway"

// storeOptions are shared by every subcommand that opens the store.
func storeOptions(cfg *gateway.Config) []option {
	db := option{flag: "db", envs: []string{"TASKGATE_DB", "CONNECTION"}, arg: "URL",
		usage: "PostgreSQL URL (postgres://user@host/db); when unset the embedded SQLite store is used", set: setString(&cfg.DB)}
	return []option{
		{flag: "data-dir", envs: []string{"TASKGATE_DATA_DIR", "DATA_DIR"}, arg: "DIR", def: gateway.DefaultDataDir,
			usage: "directory of the embedded SQLite database, generated files and large uploads' temporary files", set: setString(&cfg.DataDir)},
		db,
		secretFileOption(db),
		{flag: "no-migrate", envs: []string{"TASKGATE_NO_MIGRATE"},
			usage: "do not apply schema migrations at start; refuse to start if the schema is behind", set: setNegatedBool(&cfg.Migrate)},
	}
}
