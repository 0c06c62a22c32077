package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// accountCommands are the subcommands of taskgate account.
var accountCommands = []command{
	{"add", "create an account and print its .taskrc lines", runAccountAdd},
	{"list", "list every account with its mode and status", runAccountList},
	{"show", "show an account and its .taskrc lines again", runAccountShow},
	{"export", "export the tasks of a plaintext account as task export JSON", runAccountExport},
	{"convert", "convert an encrypted account to plaintext with its encryption secret", runAccountConvert},
	{"suspend", "refuse every sync of an account until it is resumed", runAccountSuspend},
	{"resume", "let a suspended account sync again", runAccountResume},
}

// runAccount dispatches taskgate account SUBCOMMAND.
func runAccount(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 {
		accountUsage(env.stderr)
		return errors.New("missing subcommand")
	}
	if isHelp(args[0]) {
		accountUsage(env.stdout)
		return flag.ErrHelp
	}
	for _, c := range accountCommands {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			if err != nil && !errors.Is(err, flag.ErrHelp) {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			return err
		}
	}
	accountUsage(env.stderr)
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func accountUsage(w io.Writer) {
	fmt.Fprintln(w, "Usage: taskgate account SUBCOMMAND [options]\n\nManage accounts. Subcommands:")
	for _, c := range accountCommands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun taskgate account SUBCOMMAND --help for its options.")
}
