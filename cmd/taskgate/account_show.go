package main

import (
	"context"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
)

func accountShowOptions(a *accountSetup, asJSON *bool) *optionSet {
	return newOptionSet("account show", "Usage: taskgate account show NAME [options]\n\n"+
		"Show an account and the .taskrc lines of its Taskwarrior 3 devices (for a plaintext account, "+
		"with its encryption secret) and, when it has taskd credentials, the taskd.server and taskd.credentials "+
		"lines of its Taskwarrior 2.x devices.", a.options(jsonOption(asJSON))...)
}

func runAccountShow(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig(), withKey: true, withTaskd: true}
	var asJSON bool
	var name string
	if err := a.parse(env, accountShowOptions(a, &asJSON), args, &name); err != nil {
		return err
	}
	return callAndPrint(ctx, env, a, asJSON, func(ctx context.Context, m accountService) (accounts.Details, error) {
		return m.Show(ctx, name)
	}, printed(printDetails))
}
