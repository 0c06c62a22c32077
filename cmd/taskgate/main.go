// Command taskgate is a sync server for Taskwarrior: the TaskChampion HTTP protocol (3.x) and the
// taskd protocol (2.x) over one store. This package only turns flags, environment and the
// configuration file into configuration and calls the gateway.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// environment is what a subcommand may touch of the outside world.
type environment struct {
	getenv func(string) string
	stdout io.Writer
	stderr io.Writer
	// defaultConfig is the configuration file read when none is named and it exists; "" for none.
	defaultConfig string
	// signals reports signals through the command's logger once it has one; nil in tests.
	signals *signalWatcher
}

// parse reads o from the configuration file, the environment and args and reports every problem.
func (e *environment) parse(o *optionSet, args []string) error {
	if err := e.parseOnly(o, args); err != nil {
		return err
	}
	return o.problems(nil)
}

// parseOnly reads o but leaves bad values to o.problems, so callers can add their own checks.
func (e *environment) parseOnly(o *optionSet, args []string) error {
	rest, err := o.parse(args, e)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return o.usageError("unexpected arguments: %v", rest)
	}
	return nil
}

// command is a subcommand: its name, its line in the help and what runs it.
type command struct {
	name, summary string
	run           func(ctx context.Context, env *environment, args []string) error
}

var commands = []command{
	{"serve", "serve Taskwarrior sync", runServe},
	{"migrate", "apply pending schema migrations and exit", runMigrate},
	{"account", "manage accounts: add, list, show, export, uda, convert, suspend, resume, quota, delete, device, taskd, audit", runAccount},
	{"import", "import another sync server's accounts (taskd)", runImport},
	{"backup", "write a backup of the embedded store while taskgate runs", runBackup},
	{"restore", "restore a backup into a new data directory", runRestore},
	{"version", "print the version", runVersion},
}

func main() {
	env := &environment{getenv: osEnv, stdout: os.Stdout, stderr: os.Stderr, defaultConfig: defaultConfigPath}
	ctx, stop := watchSignals(context.Background(), env)
	code := run(ctx, env, os.Args[1:])
	stop()
	os.Exit(code)
}

// run dispatches to a subcommand and maps its error to an exit code: 0 for success and help, 2
// for a malformed command line, 1 for everything else.
func run(ctx context.Context, env *environment, args []string) int {
	if len(args) == 0 {
		usage(env.stderr)
		return 2
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(env.stdout)
		return 0
	case "help":
		if len(args) == 1 {
			usage(env.stdout)
			return 0
		}
		return run(ctx, env, slices.Concat(args[1:], []string{"--help"}))
	case "-version", "--version":
		args = []string{"version"}
	}
	for _, c := range commands {
		if c.name == args[0] {
			return exitCode(env.stderr, c.name, c.run(ctx, env, args[1:]))
		}
	}
	return exitCode(env.stderr, "", &usageError{err: unknownCommand(args[0])})
}

// unknownCommand names what was not understood.
func unknownCommand(arg string) error {
	if len(arg) > 0 && arg[0] == '-' {
		return fmt.Errorf("unknown flag %s (flags go after the command)", arg)
	}
	return fmt.Errorf("unknown command %q", arg)
}

// exitCode writes err, if any, and returns the exit status it stands for.
func exitCode(stderr io.Writer, name string, err error) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case writeUsageError(stderr, err):
		return 2
	}
	fmt.Fprintf(stderr, "taskgate %s: %v\n", name, err)
	return 1
}

// isHelp reports whether a is a request for help.
func isHelp(a string) bool { return a == "-h" || a == "-help" || a == "--help" || a == "help" }

// usage writes the list of commands.
func usage(w io.Writer) {
	fmt.Fprintln(w, "taskgate: sync server for Taskwarrior 2.x (taskd) and 3.x (TaskChampion)")
	fmt.Fprintln(w, "\nUsage: taskgate COMMAND [options]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'taskgate COMMAND --help' (or 'taskgate help COMMAND') for the options of a command;\n"+
		"'taskgate --version' prints the version.")
}
