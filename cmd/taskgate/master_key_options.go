package main

import "github.com/taskgate/taskgate/gateway"

// masterKeyOptions say where the master key that seals the keys of plaintext accounts comes
// from. The key itself is read from the environment only: a value on a command line shows in ps.
func masterKeyOptions(cfg *gateway.Config) []option {
	return []option{
		{flag: "master-key-file", envs: []string{"TASKGATE_MASTER_KEY_FILE"}, arg: "PATH",
			usage: "file holding the master key (64 hex digits) that seals the keys of plaintext accounts; with neither " +
				"this nor TASKGATE_MASTER_KEY, the embedded store generates DATA-DIR/master.key (back it up) and a " +
				"PostgreSQL store has no plaintext accounts", set: setString(&cfg.MasterKeyFile)},
		{envs: []string{"TASKGATE_MASTER_KEY"},
			usage: "the master key itself (64 hex digits); wins over --master-key-file", set: setString(&cfg.MasterKey)},
	}
}
