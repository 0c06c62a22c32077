package main

import (
	"context"

	"github.com/taskgate/taskgate/gateway"
)

func accountListOptions(a *accountSetup, asJSON *bool) *optionSet {
	return newOptionSet("account list", "Usage: taskgate account list [options]\n\n"+
		"List every account with its mode, status, number of client ids, taskd login (ORG/USER) and creation time.", a.options(jsonOption(asJSON))...)
}

func runAccountList(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	var asJSON bool
	if err := a.parse(env, accountListOptions(a, &asJSON), args, nil); err != nil {
		return err
	}
	m, done, err := a.open(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	list, err := m.List(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.stdout, list)
	}
	return printList(env.stdout, list)
}
