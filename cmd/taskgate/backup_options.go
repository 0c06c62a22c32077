package main

import (
	"errors"
	"slices"

	"github.com/taskgate/taskgate/gateway"
)

// backupSetup is what taskgate backup and taskgate restore read: the archive, and where the
// store, the PKI directory and the master key are, as serve has them.
type backupSetup struct {
	cfg   gateway.Config
	file  string
	force bool
}

// options returns the subcommand's own options followed by the shared ones.
func (b *backupSetup) options(own ...option) []option {
	return slices.Concat(own, pickOptions(storeOptions(&b.cfg), "data-dir", "db"),
		[]option{serveOption(&b.cfg, "pki-dir")}, masterKeyOptions(&b.cfg))
}

// parse reads the options and reports every problem at once.
func (b *backupSetup) parse(env *environment, set *optionSet, args []string, fileFlag string) error {
	if err := env.parseOnly(set, args); err != nil {
		return err
	}
	var problems []error
	if b.file == "" {
		problems = append(problems, errors.New("--"+fileFlag+" FILE is required"))
	}
	if b.cfg.DB != "" {
		problems = append(problems, errors.New("--db is set: this copies the embedded SQLite store only; back up and "+
			"restore a PostgreSQL store with pg_dump and pg_restore (README: Backup and restore)"))
	}
	if b.cfg.DataDir == "" {
		problems = append(problems, errors.New("--data-dir must not be empty"))
	}
	return set.problems(errors.Join(problems...))
}

// pickOptions returns the options of opts with the given flags, in that order.
func pickOptions(opts []option, flags ...string) []option {
	var out []option
	for _, f := range flags {
		i := slices.IndexFunc(opts, func(o option) bool { return o.flag == f })
		if i < 0 {
			panic("no option --" + f)
		}
		out = append(out, opts[i])
	}
	return out
}
