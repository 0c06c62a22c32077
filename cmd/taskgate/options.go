package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// option is one setting, settable by flag and by environment variables. Precedence: flag, then
// the first listed variable that is set (TASKGATE_* before the reference server's names), then
// the default already in the config. An option without a flag is read from the environment only
// (for secrets, which would show in ps on a command line).
type option struct {
	flag  string
	envs  []string
	arg   string // value placeholder in help; "" for a boolean switch
	usage string
	def   string
	list  bool // repeatable and comma-separated; a flag replaces the env/default list
	set   func(v string) error
}

// optionSet parses one subcommand's options and collects every problem instead of stopping at
// the first, so a bad configuration is reported in one message.
type optionSet struct {
	name string
	help string
	opts []option
	errs []error
	fs   *flag.FlagSet
}

func newOptionSet(name, help string, opts ...option) *optionSet {
	return &optionSet{name: name, help: help, opts: opts}
}

// parse applies environment then flags and returns the positional arguments, which may stand
// before, between or after the flags (taskgate account add NAME --plaintext); everything after
// "--" is positional. Bad values are not errors here; they are collected for problems.
func (o *optionSet) parse(args []string, getenv func(string) string, stderr io.Writer) ([]string, error) {
	o.applyEnv(getenv)
	o.fs = flag.NewFlagSet(o.name, flag.ContinueOnError)
	o.fs.SetOutput(stderr)
	o.fs.Usage = func() { o.usage(stderr) }
	for i := range o.opts {
		if o.opts[i].flag != "" {
			o.register(&o.opts[i])
		}
	}
	var positional []string
	for {
		if err := o.fs.Parse(args); err != nil {
			return nil, err
		}
		rest := o.fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if stopped := len(args) - len(rest); stopped > 0 && args[stopped-1] == "--" {
			return append(positional, rest...), nil
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
}

// problems joins every bad value seen in the environment and flags with the problems found by
// validate, so that one message lists them all.
func (o *optionSet) problems(validate error) error {
	err := errors.Join(append(o.errs, validate)...)
	if err == nil {
		return nil
	}
	return fmt.Errorf("invalid configuration:\n%w", err)
}

func (o *optionSet) applyEnv(getenv func(string) string) {
	for _, opt := range o.opts {
		for _, env := range opt.envs {
			if v := getenv(env); v != "" {
				if opt.list {
					_ = opt.set("") // the environment replaces the default list
				}
				o.apply(opt, v, env)
				break
			}
		}
	}
}

func (o *optionSet) register(opt *option) {
	seen := false
	fn := func(v string) error {
		if opt.list && !seen {
			seen = true
			_ = opt.set("") // a flag replaces the list from the environment or the default
		}
		o.apply(*opt, v, "--"+opt.flag)
		return nil
	}
	if opt.arg == "" {
		o.fs.BoolFunc(opt.flag, opt.usage, fn)
		return
	}
	o.fs.Func(opt.flag, opt.usage, fn)
}

func (o *optionSet) apply(opt option, v, source string) {
	values := []string{v}
	if opt.list {
		values = strings.Split(v, ",")
	}
	for _, item := range values {
		item = strings.TrimSpace(item)
		if opt.list && item == "" {
			continue
		}
		if err := opt.set(item); err != nil {
			o.errs = append(o.errs, fmt.Errorf("%s: %w", source, err))
		}
	}
}

func (o *optionSet) usage(w io.Writer) {
	fmt.Fprintf(w, "%s\n\nOptions:\n", o.help)
	for _, opt := range o.opts {
		fmt.Fprintf(w, "  %s\n      %s", opt.name(), opt.usage)
		if opt.def != "" {
			fmt.Fprintf(w, " (default %s)", opt.def)
		}
		if len(opt.envs) > 0 && opt.flag != "" {
			fmt.Fprintf(w, "\n      env: %s", strings.Join(opt.envs, ", "))
		}
		fmt.Fprintln(w)
	}
}

// name is how help shows the option: its flag with the value placeholder, or for an option
// read from the environment only, its variable.
func (opt option) name() string {
	if opt.flag == "" {
		return strings.Join(opt.envs, ", ") + " (environment only)"
	}
	if opt.arg == "" {
		return "--" + opt.flag
	}
	return "--" + opt.flag + " " + opt.arg
}

// osEnv is the real environment lookup.
func osEnv(k string) string { return os.Getenv(k) }
