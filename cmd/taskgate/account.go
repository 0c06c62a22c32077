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
	{"device", "issue Taskwarrior 2.x device certificates: device add", runAccountDevice},
	{"export", "export the tasks of a plaintext account as task export JSON", runAccountExport},
	{"convert", "convert an encrypted account to plaintext with its encryption secret", runAccountConvert},
	{"suspend", "refuse every sync of an account until it is resumed", runAccountSuspend},
	{"resume", "let a suspended account sync again", runAccountResume},
}

// runAccount dispatches taskgate account SUBCOMMAND.
func runAccount(ctx context.Context, env *environment, args []string) error {
	return dispatch(ctx, env, "account", "Manage accounts.", accountCommands, args)
}

// dispatch runs the subcommand of group (such as "account") named by args[0], prefixing its
// errors with the subcommand's name.
func dispatch(ctx context.Context, env *environment, group, help string, cmds []command, args []string) error {
	if len(args) == 0 {
		groupUsage(env.stderr, group, help, cmds)
		return errors.New("missing subcommand")
	}
	if isHelp(args[0]) {
		groupUsage(env.stdout, group, help, cmds)
		return flag.ErrHelp
	}
	for _, c := range cmds {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			if err != nil && !errors.Is(err, flag.ErrHelp) {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			return err
		}
	}
	groupUsage(env.stderr, group, help, cmds)
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func groupUsage(w io.Writer, group, help string, cmds []command) {
	fmt.Fprintf(w, "Usage: taskgate %s SUBCOMMAND [options]\n\n%s Subcommands:\n", group, help)
	for _, c := range cmds {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun taskgate %s SUBCOMMAND --help for its options.\n", group)
}
