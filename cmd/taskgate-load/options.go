package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// options are the flags every load mode shares.
type options struct {
	url         string
	addr        string // host:port of a mode whose target is not a URL (see mode.defaultAddr)
	clients     int
	workers     int
	duration    time.Duration
	warmup      time.Duration
	requests    int64
	timeout     time.Duration
	json        bool
	serverPID   int
	alsoPIDs    []int    // --also-pid: processes whose CPU time counts as the database's
	alsoPgrep   []string // --also-pgrep: names (/proc/PID/comm) of such processes
	allowRemote bool
}

// register declares the shared flags of m on fs: --url and --clients for a URL mode, --addr for a
// mode whose target is host:port (whose accounts come from its own flags).
func (o *options) register(fs *flag.FlagSet, m mode) {
	if m.defaultAddr != "" {
		fs.StringVar(&o.addr, "addr", m.defaultAddr, "server to load, host:port; must be a loopback address unless --allow-remote")
	} else {
		fs.StringVar(&o.url, "url", m.defaultURL, "server to load; must be a loopback address unless --allow-remote")
		fs.IntVar(&o.clients, "clients", 50, "distinct client ids (accounts), split among the workers; at least one per worker")
	}
	fs.IntVar(&o.workers, "workers", 4, "concurrent workers, each doing one unit of work at a time")
	fs.DurationVar(&o.duration, "duration", 20*time.Second, "how long to measure, after the warm-up")
	fs.DurationVar(&o.warmup, "warmup", 0, "load to apply first without measuring it")
	fs.Int64Var(&o.requests, "requests", 0, "stop after this many measured units of work, if before --duration; 0: no bound")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "limit for one request")
	fs.BoolVar(&o.json, "json", false, "print one JSON object instead of a table")
	fs.IntVar(&o.serverPID, "server-pid", 0, "server process whose resident memory (VmRSS) is read before and after the run, and its CPU time over the measured window")
	fs.Func("also-pid", "other server-side process (e.g. a database backend) by `PID`, repeatable or comma-separated: its CPU time over the measured window is reported as the database's", o.addAlsoPIDs)
	fs.Func("also-pgrep", "like --also-pid for every process whose /proc/PID/comm is `NAME` (e.g. postgres) when the measured window opens; processes started later are not counted. Repeatable or comma-separated", o.addAlsoPgrep)
	fs.BoolVar(&o.allowRemote, "allow-remote", false, "allow a target (--url or --addr) that is not a loopback address")
}

// validate checks the shared flags and returns the parsed target URL.
func (o *options) validate() (*url.URL, error) {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(o.workers >= 1, "--workers must be at least 1, got %d", o.workers)
	check(o.duration > 0, "--duration must be positive, got %s", o.duration)
	check(o.warmup >= 0, "--warmup must not be negative, got %s", o.warmup)
	check(o.requests >= 0, "--requests must not be negative, got %d", o.requests)
	check(o.timeout > 0, "--timeout must be positive, got %s", o.timeout)
	check(o.serverPID >= 0, "--server-pid must not be negative, got %d", o.serverPID)
	for _, name := range o.alsoPgrep {
		check(len(name) <= maxCommLen, "--also-pgrep %q is longer than the %d bytes the kernel keeps of a process name", name, maxCommLen)
	}
	target, err := o.target()
	if err != nil {
		errs = append(errs, err)
	}
	return target, errors.Join(errs...)
}

// target parses --addr (as a taskd:// URL, for the report) or else --url.
func (o *options) target() (*url.URL, error) {
	if o.addr != "" {
		return parseAddr(o.addr, o.allowRemote)
	}
	return parseTarget(o.url, o.allowRemote)
}

// plan returns the bounds of the run.
func (o *options) plan() plan {
	return plan{workers: o.workers, warmup: o.warmup, duration: o.duration, maxUnits: o.requests}
}

// maxCommLen is the length of the longest name /proc/PID/comm shows (TASK_COMM_LEN - 1).
const maxCommLen = 15

// addAlsoPIDs parses one --also-pid value, a comma-separated list of positive process ids.
func (o *options) addAlsoPIDs(v string) error {
	for _, s := range strings.Split(v, ",") {
		pid, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || pid <= 0 {
			return fmt.Errorf("not a process id: %q", s)
		}
		o.alsoPIDs = append(o.alsoPIDs, pid)
	}
	return nil
}

// addAlsoPgrep parses one --also-pgrep value, a comma-separated list of process names.
func (o *options) addAlsoPgrep(v string) error {
	for _, s := range strings.Split(v, ",") {
		name := strings.TrimSpace(s)
		if name == "" {
			return fmt.Errorf("empty process name in %q", v)
		}
		o.alsoPgrep = append(o.alsoPgrep, name)
	}
	return nil
}
