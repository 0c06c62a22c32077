package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// Exit statuses.
const (
	exitOK       = 0
	exitFailed   = 1 // the run could not be done, or some of its requests failed
	exitBadUsage = 2
)

// cli runs the subcommand named by args[0] and returns the exit status.
func cli(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitBadUsage
	}
	if isHelp(args[0]) {
		usage(stdout)
		return exitOK
	}
	name, rest := args[0], args[1:]
	if name == "fake-champion" {
		return exitStatus(stderr, name, runFakeServer(ctx, rest, stdout, stderr))
	}
	for _, m := range loadModes() {
		if m.name == name {
			return exitStatus(stderr, name, runMode(ctx, m, rest, stdout, stderr))
		}
	}
	fmt.Fprintf(stderr, "taskgate-load: unknown command %q\n\n", name)
	usage(stderr)
	return exitBadUsage
}

// usageError is a problem with the command line rather than with the run.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "help" }

// exitStatus prints err, if any, and maps it to an exit status.
func exitStatus(stderr io.Writer, name string, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	fmt.Fprintf(stderr, "taskgate-load %s: %v\n", name, err)
	var usageErr *usageError
	if errors.As(err, &usageErr) {
		return exitBadUsage
	}
	return exitFailed
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "taskgate-load: measure a taskgate server under sync load")
	fmt.Fprintln(w, "\nUsage: taskgate-load COMMAND [options]\n\nCommands:")
	for _, m := range loadModes() {
		fmt.Fprintf(w, "  %-14s %s\n", m.name, m.summary)
	}
	fmt.Fprintf(w, "  %-14s %s\n", "fake-champion", "serve an in-memory TaskChampion server, the baseline")
	fmt.Fprintln(w, "\nRun taskgate-load COMMAND --help for the options of a command.")
}
