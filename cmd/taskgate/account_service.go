package main

import (
	"context"
	"fmt"
	"io"
	"os/user"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/adminapi"
	"github.com/taskgate/taskgate/store"
)

// accountService is what the account commands call: the accounts.Manager over the local store,
// or, with --server, the admin API of a remote taskgate (adminapi.Client), which runs the same
// Manager there.
type accountService interface {
	accounts.Issuer
	ListPage(ctx context.Context, after string, limit int) (accounts.Page, error)
	Show(ctx context.Context, name string) (accounts.Details, error)
	Suspend(ctx context.Context, name string) error
	Resume(ctx context.Context, name string) error
	Convert(ctx context.Context, name string, secret []byte) error
	Devices(ctx context.Context, name string) ([]accounts.DeviceInfo, error)
	DeviceRevoke(ctx context.Context, name, device string) (int, error)
	Audit(ctx context.Context, account string, beforeID int64, limit int) ([]accounts.AuditEntry, error)
	TaskdAdd(ctx context.Context, name string, l accounts.TaskdLogin) (map[string]string, error)
	TaskdRotate(ctx context.Context, name string, l accounts.TaskdLogin) (map[string]string, error)
	Clients(ctx context.Context, name string) ([]uuid.UUID, error)
	UDATypes(ctx context.Context, name string) (map[string]convert.Type, error)
	SetUDATypes(ctx context.Context, name string, types map[string]convert.Type) error
	UnsetUDATypes(ctx context.Context, name string, udas []string) error
	QuotaGet(ctx context.Context, name string) (accounts.QuotaInfo, error)
	QuotaSet(ctx context.Context, name string, own store.QuotaOverride) error
}

var (
	_ accountService = (*accounts.Manager)(nil)
	_ accountService = (*adminapi.Client)(nil)
)

// remoteOptions let an account command drive a remote server through its admin API.
func (a *accountSetup) remoteOptions() []option {
	return []option{
		{flag: "server", envs: []string{"TASKGATE_SERVER"}, arg: "URL",
			usage: "run the command on the taskgate whose admin listener is at URL (e.g. http://10.0.0.5:8081) through " +
				"its admin API, instead of on a local store", set: setString(&a.server)},
		{flag: "token-file", envs: []string{"TASKGATE_TOKEN_FILE"}, arg: "FILE",
			usage: "file holding the admin API token, with --server (a trailing line break is ignored)",
			set:   readSecretInto(setString(&a.token))},
		{envs: []string{"TASKGATE_TOKEN"}, usage: "the admin API token itself, with --server", set: setString(&a.token)},
	}
}

// service returns the account service: the remote server's API with --server, else the Manager
// over the local store (see open), acting as "cli:USER" in the audit log. done releases it.
func (a *accountSetup) service(ctx context.Context, env *environment) (context.Context, accountService, func(), error) {
	if a.server != "" {
		c, err := adminapi.NewClient(a.server, a.token)
		if err != nil {
			return ctx, nil, nil, err
		}
		return ctx, c, func() {}, nil
	}
	m, done, err := a.open(ctx, env)
	if err != nil {
		return ctx, nil, nil, err
	}
	return accounts.WithActor(ctx, cliActor()), m, done, nil
}

// cliActor names the local user for the audit log.
func cliActor() string {
	u, err := user.Current()
	if err != nil {
		return "cli"
	}
	return fmt.Sprintf("cli:%s", u.Username)
}

// localOnly refuses --server for a command the admin API does not offer.
func (a *accountSetup) localOnly() error {
	if a.server != "" {
		return fmt.Errorf("--server: this command works on a local store only (the admin API does not offer it)")
	}
	return nil
}

// withService runs fn with the account service (see accountSetup.service) and releases it.
func withService(ctx context.Context, env *environment, a *accountSetup, fn func(ctx context.Context, m accountService) error) error {
	ctx, m, done, err := a.service(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	return fn(ctx, m)
}

// callAndPrint calls the account service (see withService) and prints what the call returned:
// as JSON with --json (asJSON), else with print.
func callAndPrint[T any](ctx context.Context, env *environment, a *accountSetup, asJSON bool,
	call func(context.Context, accountService) (T, error), print func(io.Writer, T) error) error {
	return withService(ctx, env, a, func(ctx context.Context, m accountService) error {
		v, err := call(ctx, m)
		if err != nil {
			return err
		}
		if asJSON {
			return writeJSON(env.stdout, v)
		}
		return print(env.stdout, v)
	})
}

// printed adapts a printer that cannot fail to callAndPrint.
func printed[T any](print func(io.Writer, T)) func(io.Writer, T) error {
	return func(w io.Writer, v T) error {
		print(w, v)
		return nil
	}
}
