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
// that issue device certificates, the PKI directory (withPKI).
type accountSetup struct {
	cfg         gateway.Config
	withKey     bool
	withTaskd   bool
	withPKI     bool
	publicURL   string
	taskdServer string
}

// options returns the subcommand's own options followed by the shared ones.
func (a *accountSetup) options(own ...option) []option {
	opts := slices.Concat(own, storeOptions(&a.cfg))
	if a.withKey {
		opts = append(opts, masterKeyOptions(&a.cfg)...)
		opts = append(opts, option{flag: "public-url", envs: []string{"TASKGATE_PUBLIC_URL"}, arg: "URL",
			usage: "URL Taskwarrior devices reach the TaskChampion listener at, printed as sync.server.url " +
				"(default http://HOST:PORT of TASKGATE_HTTP_LISTEN or LISTEN, else " + gateway.DefaultHTTPListen +
				", with a wildcard host shown as localhost)", set: setString(&a.publicURL)})
	}
	return append(opts, a.taskdOptions()...)
}

// parse reads the options and the subcommand's one positional NAME (none when name is nil)
// and reports every problem at once, those found by the optional checks included.
func (a *accountSetup) parse(env *environment, set *optionSet, args []string, name *string, checks ...func() error) error {
	rest, err := set.parse(args, env.getenv, env.stderr)
	if err != nil {
		return err
	}
	problems := []error{a.cfg.Validate(), a.resolvePublicURL(env), a.resolveTaskdServer(env)}
	for _, check := range checks {
		problems = append(problems, check())
	}
	switch {
	case name == nil && len(rest) > 0:
		return fmt.Errorf("unexpected arguments: %v (see taskgate %s --help)", rest, set.name)
	case name != nil && len(rest) != 1:
		return fmt.Errorf("expected one account NAME, got %d arguments (see taskgate %s --help)", len(rest), set.name)
	case name != nil:
		*name = rest[0]
	}
	return set.problems(errors.Join(problems...))
}

// resolvePublicURL checks --public-url or derives it from the HTTP listen address.
func (a *accountSetup) resolvePublicURL(env *environment) error {
	if !a.withKey {
		return nil
	}
	if a.publicURL != "" {
		return accounts.CheckPublicURL(a.publicURL)
	}
	listen := gateway.DefaultHTTPListen
	for _, k := range []string{"TASKGATE_HTTP_LISTEN", "LISTEN"} {
		if v := env.getenv(k); v != "" {
			listen = strings.TrimSpace(strings.Split(v, ",")[0])
			break
		}
	}
	u, err := accounts.PublicURLFromListen(listen)
	if err != nil {
		return fmt.Errorf("--public-url is not set and cannot be derived: %w", err)
	}
	a.publicURL = u
	return nil
}

// open opens the store and, when the subcommand needs it, loads the master key (generating it
// for the embedded store, as serve does). done releases the store.
func (a *accountSetup) open(ctx context.Context, env *environment) (m *accounts.Manager, done func(), err error) {
	st, err := gateway.OpenAdminStore(ctx, a.cfg, cliLogger(env.stderr))
	if err != nil {
		return nil, nil, err
	}
	done = func() { _ = st.Close() }
	var key keys.MasterKey
	if a.withKey {
		var generated string
		key, generated, err = keys.Load(a.cfg.MasterKeySource())
		if err != nil {
			done()
			return nil, nil, fmt.Errorf("loading the master key: %w", err)
		}
		if generated != "" {
			fmt.Fprintf(env.stderr, "Generated a new master key in %s: back it up with the database; "+
				"plaintext accounts cannot be read without it.\n", generated)
		}
	}
	return accounts.New(st, key, a.publicURL, a.managerOptions(env)...), done, nil
}
