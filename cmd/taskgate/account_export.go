package main

import (
	"context"
	"fmt"
	"os"

	"github.com/taskgate/taskgate/gateway"
)

func accountExportOptions(a *accountSetup, out *string) *optionSet {
	return newOptionSet("account export", "Usage: taskgate account export NAME [options]\n\n"+
		"Write the tasks of a plaintext account as the JSON array `task export` prints; `task import` reads it "+
		"on Taskwarrior 2.6 and 3.x. Encrypted accounts cannot be exported by the server.",
		a.options(option{flag: "out", arg: "FILE", usage: "write to FILE (created with mode 0600) instead of standard output",
			set: setString(out)})...)
}

func runAccountExport(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	var out, name string
	if err := a.parse(env, accountExportOptions(a, &out), args, &name); err != nil {
		return err
	}
	m, done, err := a.open(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	data, err := m.Export(ctx, name)
	if err != nil {
		return err
	}
	if out == "" {
		_, err = env.stdout.Write(data)
		return err
	}
	if err := os.WriteFile(out, data, 0o600); err != nil {
		return fmt.Errorf("writing the export: %w", err)
	}
	fmt.Fprintf(env.stdout, "Exported account %q to %s.\n", name, out)
	return nil
}
