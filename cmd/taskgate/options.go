package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// option is one setting. Its value comes from, in rising precedence: the default already in the
// config, the configuration file (under the option's flag name), the environment (the first
// listed variable that is set: TASKGATE_* before the reference server's names) and the command
// line. An option without environment variables is command line only, and no file key; one
// without a flag is read from the environment only (for secrets, which would show in ps on a
// command line).
type option struct {
	flag  string
	envs  []string
	arg   string // value placeholder in help; "" for a boolean switch
	usage string
	def   string
	list  bool // repeatable and comma-separated; each source replaces the list of the one below
	// hidden options are read from the file and the environment but are neither a flag of this
	// command nor in its help: server settings an admin command derives a default from.
	hidden bool
	// excludes is the flag of another option that one source must not set too (db, db-file).
	excludes string
	set      func(v string) error
}

// fileKey reports whether the configuration file may set the option.
func (opt option) fileKey() bool { return opt.flag != "" && len(opt.envs) > 0 }

// optionSet parses one subcommand's options and collects every problem instead of stopping at
// the first, so a bad configuration is reported in one message.
type optionSet struct {
	name    string
	help    string
	opts    []option
	errs    []error
	given   []flagValue       // the command line's values, applied after the file and environment
	config  string            // --config
	file    *configFile       // the configuration file read; nil when none was
	sources map[string]string // flag name → where the option's value came from
}

// flagValue is one option given on the command line.
type flagValue struct {
	opt   *option
	value string
}

// newOptionSet returns the options of the command name, with its help text.
func newOptionSet(name, help string, opts ...option) *optionSet {
	return &optionSet{name: name, help: help, opts: opts, sources: map[string]string{}}
}

// parse reads the command line, then applies the configuration file, the environment and the
// command line's values in that order, and returns the positional arguments, which may stand
// before, between or after the flags (taskgate account add NAME --plaintext); everything after
// "--" is positional. Bad values are not errors here; they are collected for problems. --help
// writes the help to env.stdout and returns flag.ErrHelp; a malformed command line is a
// *usageError.
func (o *optionSet) parse(args []string, env *environment) ([]string, error) {
	positional, err := o.parseFlags(args, env)
	if err != nil {
		return nil, err
	}
	o.readFile(env)
	o.applyFile()
	o.applyEnv(env.getenv)
	o.applyFlags()
	return positional, nil
}

// parseFlags records the flags' values without applying them and returns the positional arguments.
func (o *optionSet) parseFlags(args []string, env *environment) ([]string, error) {
	fs := o.flagSet()
	var positional []string
	for {
		if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
			o.usage(env.stdout, env.defaultConfig)
			return nil, err
		} else if err != nil {
			return nil, o.usageError("%s", flagMessage(err))
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		if stopped := len(args) - len(rest); stopped > 0 && args[stopped-1] == "--" {
			return append(positional, rest...), nil
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
}

// flagSet registers --config and every visible option with a flag; their values are recorded
// in o.given. The flag package prints nothing: help and errors are written by the caller.
func (o *optionSet) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet(o.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if o.usesConfig() {
		fs.StringVar(&o.config, "config", "", "")
	}
	for i := range o.opts {
		opt := &o.opts[i]
		if opt.flag == "" || opt.hidden {
			continue
		}
		record := func(v string) error {
			o.given = append(o.given, flagValue{opt: opt, value: v})
			return nil
		}
		if opt.arg == "" {
			fs.BoolFunc(opt.flag, opt.usage, record)
		} else {
			fs.Func(opt.flag, opt.usage, record)
		}
	}
	return fs
}

// usesConfig reports whether any option can come from the configuration file; a command without
// one (version) reads no file.
func (o *optionSet) usesConfig() bool {
	for _, opt := range o.opts {
		if opt.fileKey() {
			return true
		}
	}
	return false
}

// problems joins every bad value seen in the file, environment and flags with the problems found
// by validate, so that one message lists them all.
func (o *optionSet) problems(validate error) error {
	err := errors.Join(append(o.errs, validate)...)
	if err == nil {
		return nil
	}
	return fmt.Errorf("invalid configuration:\n%w", err)
}

// source says where an option's value came from: a flag, a variable, a line of the
// configuration file, or "default".
func (o *optionSet) source(flag string) string {
	if s, ok := o.sources[flag]; ok {
		return s
	}
	return "default"
}

// osEnv is the real environment lookup.
func osEnv(k string) string { return os.Getenv(k) }

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
