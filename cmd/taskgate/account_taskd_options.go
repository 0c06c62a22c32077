package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/keys"
)

// taskdOptions are the options of the account subcommands that print Taskwarrior 2.x settings
// (the taskd server address, derived from serve's taskd-listen and taskd-hostname unless given)
// or issue device certificates (the PKI directory, as serve has it).
func (a *accountSetup) taskdOptions() []option {
	var opts []option
	if a.withTaskd {
		opts = append(opts, option{flag: "taskd-public-addr", envs: []string{"TASKGATE_TASKD_PUBLIC_ADDR"}, arg: "HOST:PORT",
			usage: "address Taskwarrior 2.x devices reach the taskd listener at, printed as taskd.server (default: serve's " +
				"first taskd-hostname, else the host of its taskd-listen address (a wildcard shown as localhost), with " +
				"the port of taskd-listen, both from the configuration file or environment, else " + gateway.DefaultTaskdListen + ")",
			set: setString(&a.taskdServer)},
			hiddenServeOption(&a.cfg, "taskd-listen"), hiddenServeOption(&a.cfg, "taskd-hostname"))
	}
	if a.withPKI {
		opts = append(opts, serveOption(&a.cfg, "pki-dir"))
	}
	return opts
}

// resolveTaskdServer checks --taskd-public-addr or derives it from serve's taskd settings. With
// the listener off it stays empty; requireTaskdServer refuses that where it is needed.
func (a *accountSetup) resolveTaskdServer() error {
	if !a.withTaskd {
		return nil
	}
	if a.taskdServer != "" {
		s, err := accounts.CheckTaskdServer(a.taskdServer)
		if err != nil {
			return fmt.Errorf("--taskd-public-addr: %w", err)
		}
		a.taskdServer = s
		return nil
	}
	if !a.cfg.Taskd.Enabled() {
		return nil
	}
	s, err := taskdServerOf(a.cfg.Taskd)
	if err != nil {
		return fmt.Errorf("--taskd-public-addr is not set and cannot be derived: %w", err)
	}
	a.taskdServer = s
	return nil
}

// taskdServerOf is the taskd.server of a taskd listener: its first host name (one the server
// certificate carries) or else its listen host, with its listen port.
func taskdServerOf(tc gateway.TaskdConfig) (string, error) {
	return gateway.Config{Taskd: tc}.TaskdPublicAddr()
}

// requireTaskdServer reports a taskd server address that is unknown because the listener is off.
func (a *accountSetup) requireTaskdServer() error {
	if a.taskdServer == "" {
		return errors.New("the taskd listener is off (taskd-listen: off), so taskd.server cannot be derived: " +
			"set --taskd-public-addr to the HOST:PORT Taskwarrior 2.x devices reach taskd at")
	}
	return nil
}

// managerOptions configure the Manager with the default quota, the taskd settings this
// subcommand read and the PKI in the store (taking over the PKI directory, as serve does).
func (a *accountSetup) managerOptions(ctx context.Context, env *environment, st gateway.AdminStore, key keys.MasterKey) ([]accounts.Option, error) {
	opts := []accounts.Option{accounts.WithDefaultQuota(a.cfg.Limits.Quota)}
	if !a.withTaskd {
		return opts, nil
	}
	keeper, err := gateway.OpenPKI(ctx, a.cfg, st, key, cliLogger(env.stderr))
	if err != nil {
		return nil, err
	}
	return append(opts, accounts.WithTaskd(accounts.TaskdSettings{
		Server: a.taskdServer,
		PKI:    keeper,
		CACreated: func() {
			fmt.Fprintln(env.stderr, "Created taskgate's CA in the store: every taskgate serve on this store trusts the "+
				"device certificates it signs; back the store up with its master key.")
		},
	})), nil
}
