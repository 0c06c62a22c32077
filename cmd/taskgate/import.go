package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// importCommands are the subcommands of taskgate import: one per kind of server imported from.
var importCommands = []command{
	{"taskd", "import a whole taskd (Taskserver) installation: accounts, histories, certificates", runImportTaskd},
}

// runImport dispatches taskgate import SOURCE.
func runImport(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 {
		importUsage(env.stderr)
		return errors.New("missing what to import from")
	}
	if isHelp(args[0]) {
		importUsage(env.stdout)
		return flag.ErrHelp
	}
	for _, c := range importCommands {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			if err != nil && !errors.Is(err, flag.ErrHelp) {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			return err
		}
	}
	importUsage(env.stderr)
	return fmt.Errorf("unknown source %q", args[0])
}

func importUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: taskgate import SOURCE [options]\n\nImport the accounts of another sync server. Sources:")
	for _, c := range importCommands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun taskgate import SOURCE --help for its options.")
}
