package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/gateway"
)

func accountExportOptions(a *accountSetup, out *string, udas map[string]convert.Type) *optionSet {
	return newOptionSet("account export", "Usage: taskgate account export NAME [options]\n\n"+
		"Write the tasks of a plaintext account as the JSON array `task export` prints; `task import` reads it "+
		"on Taskwarrior 2.6 and 3.x. Encrypted accounts cannot be exported by the server.",
		a.options(
			option{flag: "out", arg: "FILE", usage: "write to FILE (created with mode 0600) instead of standard output",
				set: setString(out)},
			option{flag: "uda", arg: "NAME=TYPE", list: true,
				usage: "a UDA's type as in uda.NAME.type (string, numeric, date, duration), so it is written as Taskwarrior writes it " +
					"(repeatable, comma-separated; overrides the types declared with taskgate account uda)",
				set: setUDAType(udas)},
		)...)
}

// setUDAType records NAME=TYPE; an empty value resets the list.
func setUDAType(udas map[string]convert.Type) func(string) error {
	return func(v string) error {
		if v == "" {
			clear(udas)
			return nil
		}
		name, typ, ok := strings.Cut(v, "=")
		t, err := convert.ParseType(typ)
		if !ok || name == "" || err != nil {
			return fmt.Errorf("%q is not NAME=TYPE with TYPE string, numeric, date or duration", v)
		}
		udas[name] = t
		return nil
	}
}

func runAccountExport(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	var out, name string
	udas := map[string]convert.Type{}
	if err := a.parse(env, accountExportOptions(a, &out, udas), args, &name, a.localOnly); err != nil {
		return err
	}
	m, done, err := a.open(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	data, err := m.Export(ctx, name, udas)
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
