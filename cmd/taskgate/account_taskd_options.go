package main

import (
	"errors"
	"fmt"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
)

// taskdListenEnv is the variable serve reads the taskd listen address from; the account
// subcommands derive taskd.server from it.
const taskdListenEnv = "TASKGATE_TASKD_LISTEN"

// taskdOptions are the options of the account subcommands that print Taskwarrior 2.x settings
// (the taskd server address) or issue device certificates (the PKI directory, as serve has it).
func (a *accountSetup) taskdOptions() []option {
	var opts []option
	if a.withTaskd {
		opts = append(opts, option{flag: "taskd-public-addr", envs: []string{"TASKGATE_TASKD_PUBLIC_ADDR"}, arg: "HOST:PORT",
			usage: "address Taskwarrior 2.x devices reach the taskd listener at, printed as taskd.server (default the " +
				taskdListenEnv + " address, else " + gateway.DefaultTaskdListen + ", with a wildcard host shown as localhost)",
			set: setString(&a.taskdServer)})
	}
	if a.withPKI {
		opts = append(opts, serveTaskdOption(&a.cfg, "pki-dir"))
	}
	return opts
}

// serveTaskdOption returns serve's taskd option with the given flag, so that both read the same
// setting in the same way.
func serveTaskdOption(cfg *gateway.Config, flag string) option {
	for _, o := range taskdOptions(cfg) {
		if o.flag == flag {
			return o
		}
	}
	panic("serve has no option --" + flag)
}

// resolveTaskdServer checks --taskd-public-addr or derives it from the taskd listen address. With
// the listener off it stays empty; requireTaskdServer refuses that where it is needed.
func (a *accountSetup) resolveTaskdServer(env *environment) error {
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
	listen := gateway.DefaultTaskdListen
	if v := env.getenv(taskdListenEnv); v != "" {
		listen = v
	}
	if listen == gateway.TaskdOff {
		return nil
	}
	s, err := accounts.TaskdServerFromListen(listen)
	if err != nil {
		return fmt.Errorf("--taskd-public-addr is not set and cannot be derived: %w", err)
	}
	a.taskdServer = s
	return nil
}

// requireTaskdServer reports a taskd server address that is unknown because the listener is off.
func (a *accountSetup) requireTaskdServer() error {
	if a.taskdServer == "" {
		return errors.New("the taskd listener is off (" + taskdListenEnv + "=off), so taskd.server cannot be derived: " +
			"set --taskd-public-addr to the HOST:PORT Taskwarrior 2.x devices reach taskd at")
	}
	return nil
}

// managerOptions configure the Manager with the taskd settings this subcommand read.
func (a *accountSetup) managerOptions(env *environment) []accounts.Option {
	if !a.withTaskd {
		return nil
	}
	return []accounts.Option{accounts.WithTaskd(accounts.TaskdSettings{
		Server: a.taskdServer,
		PKIDir: a.cfg.PKIDir(),
		CACreated: func(dir string) {
			fmt.Fprintf(env.stderr, "Created taskgate's CA in %s: serve trusts the device certificates it signs when it "+
				"uses the same --pki-dir (or data directory); back it up with the database.\n", dir)
		},
	})}
}
