package main

import (
	"context"
	"fmt"
	"io"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/backup"
)

const restoreHelp = `Usage: taskgate restore --in FILE [options]

Restore a backup made by taskgate backup into the data directory (and PKI directory) given by
the options, with taskgate stopped. The whole archive is checked before anything is written, and
no existing file is overwritten: restore into a new data directory, or move the old one away
first. Then start taskgate on it; it applies newer schema migrations at start.`

func runRestore(ctx context.Context, env *environment, args []string) error {
	b := &backupSetup{cfg: gateway.DefaultConfig()}
	set := newOptionSet("restore", restoreHelp, b.options(
		option{flag: "in", arg: "FILE", usage: "the archive taskgate backup wrote", set: setString(&b.file)},
	)...)
	if err := b.parse(env, set, args, "in"); err != nil {
		return err
	}
	report, err := backup.Restore(ctx, backup.RestoreOptions{Archive: b.file, DataDir: b.cfg.DataDir, PKIDir: b.cfg.Taskd.PKIDir})
	if err != nil {
		return err
	}
	printRestore(env.stdout, b.cfg, report)
	return nil
}

// printRestore lists the files written and what to do before starting taskgate.
func printRestore(w io.Writer, cfg gateway.Config, r backup.Report) {
	m := r.Manifest
	fmt.Fprintf(w, "Restored %s (made %s by taskgate %s; schema version %d, %s):\n",
		r.Archive, m.Created.Format("2006-01-02 15:04:05 MST"), m.Version, m.SchemaVersion, plural(m.Accounts, "account"))
	for _, p := range r.Written {
		fmt.Fprintf(w, "  %s\n", p)
	}
	if note := backup.RestoredKeyNote(m, cfg.DataDir, cfg.MasterKeySource()); note != "" {
		fmt.Fprintln(w, note)
	}
	fmt.Fprintf(w, "The files belong to the user who ran this; if taskgate runs as another (the systemd unit's is "+
		"taskgate), give them to it: chown -R taskgate: %s\n", cfg.DataDir)
	fmt.Fprintf(w, "Then start taskgate with --data-dir %s; it applies newer schema migrations at start.\n", cfg.DataDir)
}
