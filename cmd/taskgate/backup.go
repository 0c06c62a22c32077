package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/backup"
	"github.com/taskgate/taskgate/gateway/pki"
)

const backupHelp = `Usage: taskgate backup --out FILE [options]

Write a backup of the embedded SQLite store to FILE, a tar archive, while taskgate runs: a
consistent copy of the database (which holds taskgate's CA and taskd server certificates), the
master key when the data directory holds it, and the PKI directory's files if there are any
(those of an earlier taskgate or a taskd import). FILE gets mode 0600 and is never
overwritten unless --force is given. Restore it with taskgate restore. A PostgreSQL store is
backed up with pg_dump instead (see the README).`

func runBackup(ctx context.Context, env *environment, args []string) error {
	b := &backupSetup{cfg: gateway.DefaultConfig()}
	set := newOptionSet("backup", backupHelp, b.options(
		option{flag: "out", arg: "FILE", usage: "the archive to write", set: setString(&b.file)},
		option{flag: "force", usage: "replace FILE if it exists", set: setBool(&b.force)},
	)...)
	if err := b.parse(env, set, args, "out"); err != nil {
		return err
	}
	report, err := backup.Create(ctx, backup.Options{DataDir: b.cfg.DataDir, PKIDir: b.cfg.Taskd.PKIDir,
		MasterKey: b.cfg.MasterKeySource(), Out: b.file, Force: b.force, Version: version})
	if err != nil {
		return err
	}
	printBackup(env.stdout, b.cfg.DataDir, report)
	return nil
}

// printBackup says what the archive holds and what to keep besides it.
func printBackup(w io.Writer, dataDir string, r backup.Report) {
	fmt.Fprintf(w, "Backed up %s to %s (%s):\n", dataDir, r.Archive, humanSize(r.Size))
	printFiles(w, r.Manifest)
	if secrets := secretsIn(r.Manifest); secrets != "" {
		fmt.Fprintf(w, "It holds %s: keep it as private as the server itself.\n", secrets)
	}
	if note := backup.CreatedKeyNote(r.Manifest); note != "" {
		fmt.Fprintln(w, note)
	}
}

// secretsIn names the secrets an archive holds, "" when none.
func secretsIn(m backup.Manifest) string {
	var names []string
	for _, f := range m.Files {
		switch f.Name {
		case backup.MasterKeyName:
			names = append(names, "the master key")
		case backup.PKIDirName + "/" + pki.CAKeyFile:
			names = append(names, "the private key of taskgate's CA")
		}
	}
	return strings.Join(names, " and ")
}

// printFiles lists the files of an archive, with the database's schema version and accounts.
func printFiles(w io.Writer, m backup.Manifest) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range m.Files {
		fmt.Fprintf(tw, "  %s\t%s", f.Name, humanSize(f.Size))
		if f.Name == backup.DatabaseName {
			fmt.Fprintf(tw, ", schema version %d, %s", m.SchemaVersion, plural(m.Accounts, "account"))
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush()
}

// plural writes a count of things.
func plural(n int64, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// humanSize writes a byte count the way people read it.
func humanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	value, suffix := float64(n)/unit, "KiB"
	for _, s := range []string{"MiB", "GiB", "TiB"} {
		if value < unit {
			break
		}
		value, suffix = value/unit, s
	}
	return fmt.Sprintf("%.1f %s", value, suffix)
}
