package main

import (
	"fmt"
	"strings"
)

// The sources of option values, applied from the lowest precedence to the highest: each one
// overwrites what the ones before it set.

// readFile reads the configuration file: --config, else TASKGATE_CONFIG, else the default path
// when a file exists there.
func (o *optionSet) readFile(env *environment) {
	if !o.usesConfig() {
		return
	}
	path, explicit := o.config, true
	if path == "" {
		path = env.getenv(configEnv)
	}
	if path == "" {
		path, explicit = env.defaultConfig, false
	}
	f, errs := readConfigFile(path, explicit, isConfigKey)
	o.file = f
	o.errs = append(o.errs, errs...)
}

// applyFile applies the configuration file's values.
func (o *optionSet) applyFile() {
	if o.file == nil {
		return
	}
	layer := map[string]string{}
	for i := range o.opts {
		opt := &o.opts[i]
		e, ok := o.file.entries[opt.flag]
		if !ok || !opt.fileKey() {
			continue
		}
		where := o.file.where(opt.flag)
		if e.isList && !opt.list {
			o.errs = append(o.errs, fmt.Errorf("%s: takes one value, not a list", where))
			continue
		}
		o.replace(opt, e.values, where)
		layer[opt.flag] = fmt.Sprintf("%s (line %d)", opt.flag, e.line)
	}
	o.checkExclusive(o.file.path+": ", layer)
}

// applyEnv applies, for each option, the first of its variables that is set.
func (o *optionSet) applyEnv(getenv func(string) string) {
	layer := map[string]string{}
	for i := range o.opts {
		opt := &o.opts[i]
		for _, env := range opt.envs {
			if v := getenv(env); v != "" {
				o.replace(opt, []string{v}, env)
				layer[opt.flag] = env
				break
			}
		}
	}
	o.checkExclusive("", layer)
}

// applyFlags applies the command line's values in their order: a repeated flag adds to a list
// and overwrites a single value.
func (o *optionSet) applyFlags() {
	layer := map[string]string{}
	for _, g := range o.given {
		name := "--" + g.opt.flag
		if _, seen := layer[g.opt.flag]; !seen && g.opt.list {
			_ = g.opt.set("") // the command line replaces the list of the file or environment
		}
		layer[g.opt.flag] = name
		o.sources[g.opt.flag] = name
		o.apply(g.opt, g.value, name)
	}
	o.checkExclusive("", layer)
}

// replace sets an option from one source; for a list, the source's values replace the list.
func (o *optionSet) replace(opt *option, values []string, source string) {
	if opt.list {
		_ = opt.set("")
	}
	for _, v := range values {
		o.apply(opt, v, source)
	}
	if opt.flag != "" {
		o.sources[opt.flag] = source
	}
}

// apply sets one value (for a list, its comma-separated items) and keeps a bad value's error,
// prefixed with its source.
func (o *optionSet) apply(opt *option, v, source string) {
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

// checkExclusive reports options that one source set together with the option they exclude.
// layer maps the flag names the source set to how it names them.
func (o *optionSet) checkExclusive(prefix string, layer map[string]string) {
	for _, opt := range o.opts {
		a, b := layer[opt.excludes], layer[opt.flag]
		if opt.excludes != "" && a != "" && b != "" {
			o.errs = append(o.errs, fmt.Errorf("%s%s and %s are both set; give only one", prefix, a, b))
		}
	}
}
