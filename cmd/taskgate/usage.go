package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// usageError is a malformed command line (an unknown flag, a missing value, a wrong number of
// arguments). It is answered in two lines, the error and where help is, with exit status 2.
type usageError struct {
	cmd string // the command whose help to point at: "serve", "account add"
	err error
}

// Error is the mistake, without the command.
func (e *usageError) Error() string { return e.err.Error() }

// Unwrap returns the mistake.
func (e *usageError) Unwrap() error { return e.err }

// usageError returns a usage error of this command.
func (o *optionSet) usageError(format string, args ...any) error {
	return &usageError{cmd: o.name, err: fmt.Errorf(format, args...)}
}

// flagMessage rewords the flag package's errors in the double-dash spelling help uses.
func flagMessage(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return "unknown flag --" + strings.TrimLeft(name, "-")
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return "--" + strings.TrimLeft(name, "-") + " needs a value"
	}
	return msg
}

// writeUsageError writes a usage error in two lines.
func writeUsageError(w io.Writer, err error) bool {
	var ue *usageError
	if !errors.As(err, &ue) {
		return false
	}
	prefix := strings.TrimSpace("taskgate " + ue.cmd)
	fmt.Fprintf(w, "%s: %v\nRun '%s --help' for usage.\n", prefix, ue.err, prefix)
	return true
}

// usage writes the command's help: its text, its options and the configuration file.
func (o *optionSet) usage(w io.Writer, defaultConfig string) {
	fmt.Fprintln(w, o.help)
	if len(o.opts) == 0 {
		return
	}
	fmt.Fprint(w, "\nOptions:\n")
	for _, opt := range o.opts {
		if opt.hidden {
			continue
		}
		fmt.Fprintf(w, "  %s\n      %s", opt.name(), opt.usage)
		if opt.def != "" {
			fmt.Fprintf(w, " (default %s)", opt.def)
		}
		if len(opt.envs) > 0 && opt.flag != "" {
			fmt.Fprintf(w, "\n      env: %s", strings.Join(opt.envs, ", "))
		}
		fmt.Fprintln(w)
	}
	if o.usesConfig() {
		writeConfigHelp(w, defaultConfig)
	}
}

// writeConfigHelp describes --config and the order in which sources win.
func writeConfigHelp(w io.Writer, defaultConfig string) {
	def := "none"
	if defaultConfig != "" {
		def = defaultConfig + ", read only when it exists"
	}
	fmt.Fprintf(w, "  --config FILE\n"+
		"      configuration file (YAML) shared by serve and the admin commands: the options with an env: line, under\n"+
		"      their flag names, e.g. \"data-dir: /var/lib/taskgate\" (default %s)\n"+
		"      env: %s\n\n"+
		"A flag beats its environment variable, which beats the configuration file, which beats the default.\n", def, configEnv)
}
