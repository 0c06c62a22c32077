package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
)

// errFailures reports that the run finished but some units of work failed; the report is
// printed anyway.
var errFailures = errors.New("some requests failed, see the errors in the report")

// buildDriver makes a mode's driver once all flags are parsed; target is the checked --url (or
// --addr, as taskd://host:port).
type buildDriver func(o *options, target *url.URL) (driver, error)

// mode is one load subcommand. Adding a protocol means adding a mode whose flags function
// declares its own flags and returns a buildDriver.
type mode struct {
	name       string
	summary    string
	defaultURL string // for a mode loading a URL (--url)
	// defaultAddr, if set, makes the target a host:port (--addr) instead, with no --url and no
	// --clients: such a mode names its accounts with its own flags.
	defaultAddr string
	flags       func(fs *flag.FlagSet) buildDriver
}

// loadModes lists the load subcommands.
func loadModes() []mode {
	return []mode{championMode(), taskdMode()}
}

// runMode parses args for m, runs the load and prints the report to stdout.
func runMode(ctx context.Context, m mode, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("taskgate-load "+m.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	o.register(fs, m)
	build := m.flags(fs)
	if err := fs.Parse(args); err != nil {
		return &usageError{err}
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Errorf("unexpected arguments: %v", fs.Args())}
	}
	target, err := o.validate()
	if err != nil {
		return &usageError{err}
	}
	d, err := build(&o, target)
	if err != nil {
		return &usageError{err}
	}
	return measure(ctx, m.name, &o, target, d, stdout)
}

// measure runs d, sampling the server's memory around the run and CPU times over the measured
// window, and prints the report.
func measure(ctx context.Context, name string, o *options, target *url.URL, d driver, stdout io.Writer) error {
	var idle memSample
	if o.serverPID > 0 {
		var err error
		if idle, err = readMem(o.serverPID); err != nil {
			return err
		}
	}
	meter := newCPUMeter(o)
	if err := meter.check(); err != nil {
		return err
	}
	p := o.plan()
	p.probe = meter
	res, err := run(ctx, p, d)
	if err != nil {
		return err
	}
	rep := newReport(name, target.Redacted(), o, d, res)
	rep.CPUFigures = meter.figures(rep.Units)
	after := errors.Join(rep.addServerMemory(o.serverPID, idle), meter.err())
	if err := printReport(&rep, o.json, stdout); err != nil || after == nil {
		return err
	}
	return after
}

// addServerMemory samples the memory of server pid after the run, if any, into rep.
func (rep *report) addServerMemory(pid int, idle memSample) error {
	if pid <= 0 {
		return nil
	}
	after, err := readMem(pid)
	if err != nil {
		return fmt.Errorf("after the run (did the server exit?): %w", err)
	}
	rep.Server = &serverMemory{PID: pid, IdleRSSKiB: idle.rssKiB, AfterRSSKiB: after.rssKiB, PeakRSSKiB: after.peakKiB}
	return nil
}

// printReport writes rep as JSON or as a table, then returns errFailures if any request failed.
func printReport(rep *report, asJSON bool, w io.Writer) error {
	var err error
	if asJSON {
		err = rep.writeJSON(w)
	} else {
		err = rep.writeTable(w)
	}
	if err != nil {
		return err
	}
	if rep.FailedUnits > 0 || rep.errorCount() > 0 {
		return errFailures
	}
	return nil
}
