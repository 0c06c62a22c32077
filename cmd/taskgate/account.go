package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// accountCommands are the subcommands of taskgate account.
var accountCommands = []command{
	{"add", "create an account and print its .taskrc lines", runAccountAdd},
	{"list", "list every account with its mode and status", runAccountList},
	{"show", "show an account and its .taskrc lines again", runAccountShow},
	{"device", "Taskwarrior 2.x device certificates: device add, list, revoke", runAccountDevice},
	{"taskd", "Taskwarrior 2.x logins of plaintext accounts: taskd add, rotate", runAccountTaskd},
	{"export", "export the tasks of a plaintext account as task export JSON", runAccountExport},
	{"uda", "declare the types of a plaintext account's UDAs: set, list, unset", runAccountUDA},
	{"convert", "convert an encrypted account to plaintext with its encryption secret", runAccountConvert},
	{"suspend", "refuse every sync of an account until it is resumed", runAccountSuspend},
	{"resume", "let a suspended account sync again", runAccountResume},
	{"quota", "show or change an account's quota: quota show, set, unset", runAccountQuota},
	{"delete", "delete an account with all its data and revoke its devices", runAccountDelete},
	{"audit", "show the audit log: admin actions and failed taskd logins", runAccountAudit},
}

// group is a command made of subcommands, such as account or import.
type group struct {
	name string // "account", "account device"
	help string
	noun string // what the first argument names: "SUBCOMMAND", "SOURCE"
	list string // the heading of the list of subcommands: "Subcommands", "Sources"
	cmds []command
}

// accountGroup is taskgate account.
var accountGroup = group{name: "account", help: "Manage accounts.", noun: "SUBCOMMAND", list: "Subcommands",
	cmds: accountCommands}

// runAccount dispatches taskgate account SUBCOMMAND.
func runAccount(ctx context.Context, env *environment, args []string) error {
	return accountGroup.dispatch(ctx, env, args)
}

// dispatch runs the subcommand named by args[0], prefixing its errors with the subcommand's name.
// A missing or unknown subcommand is a usage error; help goes to standard output.
func (g group) dispatch(ctx context.Context, env *environment, args []string) error {
	if len(args) == 0 {
		return &usageError{cmd: g.name, err: fmt.Errorf("missing %s", strings.ToLower(g.noun))}
	}
	if isHelp(args[0]) {
		g.usage(env.stdout)
		return flag.ErrHelp
	}
	for _, c := range g.cmds {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			if err != nil && !errors.Is(err, flag.ErrHelp) {
				return fmt.Errorf("%s: %w", c.name, err)
			}
			return err
		}
	}
	return &usageError{cmd: g.name, err: fmt.Errorf("unknown %s %q", strings.ToLower(g.noun), args[0])}
}

// usage lists the group's subcommands.
func (g group) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: taskgate %s %s [options]\n\n%s %s:\n", g.name, g.noun, g.help, g.list)
	for _, c := range g.cmds {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'taskgate %s %s --help' for its options.\n", g.name, g.noun)
}
