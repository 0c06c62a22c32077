package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/keys"
)

// accountSetup is what every account subcommand reads before it runs: the store options and,
// for the subcommands that print or seal credentials, the master key and the public URL; for
// those that print Taskwarrior 2.x settings, the taskd server address (withTaskd), and for those
// that issue device certificates, the PKI directory and the master key that opens the CA in the
// store (withPKI). mayCreate lets the subcommand create a store that does not exist yet.
type accountSetup struct {
	cfg         gateway.Config
	withKey     bool
	withTaskd   bool
	withPKI     bool
	mayCreate   bool
	publicURL   string
	taskdServer string
	// server and token are --server and its token: the command then runs on that server.
	server, token string
	set           *optionSet // the parsed options, for where the data directory came from
}

// options returns the subcommand's own options followed by the shared ones.
func (a *accountSetup) options(own ...option) []option {
	opts := slices.Concat(own, storeOptions(&a.cfg), a.remoteOptions())
	if a.withKey || a.withPKI {
		opts = append(opts, masterKeyOptions(&a.cfg)...)
	}
	if a.withKey {
		opts = append(opts, option{flag: "public-url", envs: []string{"TASKGATE_PUBLIC_URL"}, arg: "URL",
			usage: "URL Taskwarrior devices reach the TaskChampion listener at, printed as sync.server.url " +
				"(default http://HOST:PORT of serve's first http-listen address, from the configuration file or " +
				"TASKGATE_HTTP_LISTEN or LISTEN, else " + gateway.DefaultHTTPListen + ", with a wildcard host shown as localhost)",
			set: setString(&a.publicURL)})
		opts = append(opts, hiddenServeOption(&a.cfg, "http-listen"))
	}
	return append(opts, a.taskdOptions()...)
}

// hiddenServeOption is serve's option with the given flag, read from the configuration file and
// the environment but not a flag of this command: a server setting it derives a default from.
func hiddenServeOption(cfg *gateway.Config, flag string) option {
	o := serveOption(cfg, flag)
	o.hidden = true
	return o
}

// serveOption returns serve's option with the given flag, bound to cfg, so that a command
// sharing a server setting reads it in the same way.
func serveOption(cfg *gateway.Config, flag string) option {
	var lc logConfig
	for _, o := range serveOptions(cfg, &lc).opts {
		if o.flag == flag {
			return o
		}
	}
	panic("serve has no option --" + flag)
}

// parse reads the options and the subcommand's one positional NAME (none when name is nil)
// and reports every problem at once, those found by the optional checks included.
func (a *accountSetup) parse(env *environment, set *optionSet, args []string, name *string, checks ...func() error) error {
	_, err := a.parseArgs(env, set, args, func(rest []string) error {
		switch {
		case name == nil && len(rest) > 0:
			return set.usageError("unexpected arguments: %v", rest)
		case name != nil && len(rest) != 1:
			return set.usageError("expected one account NAME, got %d arguments", len(rest))
		case name != nil:
			*name = rest[0]
		}
		return nil
	}, checks...)
	return err
}

// parseArgs is parse for a command whose arguments positional checks (a usage error when they
// are wrong); it returns them.
func (a *accountSetup) parseArgs(env *environment, set *optionSet, args []string, positional func([]string) error,
	checks ...func() error) ([]string, error) {
	a.set = set
	rest, err := set.parse(args, env)
	if err != nil {
		return nil, err
	}
	if err := positional(rest); err != nil {
		return nil, err
	}
	problems := []error{a.cfg.Validate(), a.cfg.Preflight(), a.resolvePublicURL(), a.resolveTaskdServer()}
	for _, check := range checks {
		problems = append(problems, check())
	}
	return rest, set.problems(errors.Join(problems...))
}

// parseN is parse for a subcommand with several positional arguments, named by want.
func (a *accountSetup) parseN(env *environment, set *optionSet, args []string, want []string, got *[]string) error {
	rest, err := a.parseArgs(env, set, args, func(rest []string) error {
		if len(rest) != len(want) {
			return set.usageError("expected %s, got %d arguments", strings.Join(want, " "), len(rest))
		}
		return nil
	})
	*got = rest
	return err
}

// resolvePublicURL checks --public-url or derives it from serve's first HTTP listen address.
func (a *accountSetup) resolvePublicURL() error {
	if !a.withKey {
		return nil
	}
	if a.publicURL != "" {
		return accounts.CheckPublicURL(a.publicURL)
	}
	if len(a.cfg.HTTPListen) == 0 {
		return nil // Validate reports it
	}
	u, err := accounts.PublicURLFromListen(a.cfg.HTTPListen[0])
	if err != nil {
		return fmt.Errorf("--public-url is not set and cannot be derived: %w", err)
	}
	a.publicURL = u
	return nil
}

// open opens the store and, when the subcommand needs it, loads the master key (generating it
// for the embedded store, as serve does). done releases the store. A missing embedded store is
// refused unless the subcommand may create it.
func (a *accountSetup) open(ctx context.Context, env *environment) (m *accounts.Manager, done func(), err error) {
	announce, err := prepareStore(env, a.cfg, a.set, a.mayCreate)
	if err != nil {
		return nil, nil, err
	}
	st, err := gateway.OpenAdminStore(ctx, a.cfg, cliLogger(env.stderr))
	if err != nil {
		return nil, nil, err
	}
	announce()
	done = func() { _ = st.Close() }
	var key keys.MasterKey
	if a.withKey || a.withPKI {
		var generated string
		key, generated, err = gateway.LoadMasterKey(ctx, a.cfg, st)
		if err != nil {
			done()
			return nil, nil, err
		}
		if generated != "" {
			fmt.Fprintf(env.stderr, "Generated a new master key in %s: back it up with the database; "+
				"plaintext accounts cannot be read without it.\n", generated)
		}
	}
	opts, err := a.managerOptions(ctx, env, st, key)
	if err != nil {
		done()
		return nil, nil, err
	}
	return accounts.New(st, key, a.publicURL, opts...), done, nil
}
