// Command taskgate is a sync server for Taskwarrior: the TaskChampion HTTP protocol (3.x) and the
// taskd protocol (2.x) over one store. This package only turns flags and environment into
// configuration and calls the gateway.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// environment is what a subcommand may touch of the outside world.
type environment struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
}

// parse reads o from the environment and args and reports every problem.
func (e *environment) parse(o *optionSet, args []string) error {
	if err := e.parseOnly(o, args); err != nil {
		return err
	}
	return o.problems(nil)
}

// parseOnly reads o but leaves bad values to o.problems, so callers can add their own checks.
func (e *environment) parseOnly(o *optionSet, args []string) error {
	rest, err := o.parse(args, e.getenv, e.stderr)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("unexpected arguments: %v (see taskgate %s --help)", rest, o.name)
	}
	return nil
}

type command struct {
	name, summary string
	run           func(ctx context.Context, env *environment, args []string) error
}

var commands = []command{
	{"serve", "serve Taskwarrior sync", runServe},
	{"migrate", "apply pending schema migrations and exit", runMigrate},
	{"account", "manage accounts: add, list, show, export, convert, suspend, resume", runAccount},
	{"import", "import another sync server's accounts (taskd)", runImport},
	{"backup", "write a backup of the embedded store while taskgate runs", runBackup},
	{"restore", "restore a backup into a new data directory", runRestore},
	{"version", "print the version", runVersion},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	env := &environment{getenv: osEnv, stdout: os.Stdout, stderr: os.Stderr}
	code := run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and maps its error to an exit code.
func run(ctx context.Context, env *environment, args []string) int {
	if len(args) == 0 || isHelp(args[0]) {
		usage(env.stdout)
		return boolToCode(len(args) == 0)
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(ctx, env, args[1:])
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			if err != nil {
				fmt.Fprintf(env.stderr, "taskgate %s: %v\n", c.name, err)
				return 1
			}
			return 0
		}
	}
	fmt.Fprintf(env.stderr, "taskgate: unknown command %q\n\n", args[0])
	usage(env.stderr)
	return 2
}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "help" }

func boolToCode(failed bool) int {
	if failed {
		return 2
	}
	return 0
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "taskgate: sync server for Taskwarrior 2.x (taskd) and 3.x (TaskChampion)")
	fmt.Fprintln(w, "\nUsage: taskgate COMMAND [options]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun taskgate COMMAND --help for the options of a command.")
}
