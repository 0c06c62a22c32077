package main

import (
	"context"
	"fmt"

	"github.com/taskgate/taskgate/gateway"
)

func accountDeleteOptions(a *accountSetup) *optionSet {
	return newOptionSet("account delete", "Usage: taskgate account delete NAME [options]\n\n"+
		"Delete an account with all its data (versions, snapshot, tasks, client ids, key, taskd credentials) in one\n"+
		"transaction and revoke its device certificates. A sync under way finishes first; every later sync of its\n"+
		"devices is refused. Other accounts are not touched. This cannot be undone: back up first.", a.options()...)
}

func runAccountDelete(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	var name string
	if err := a.parse(env, accountDeleteOptions(a), args, &name); err != nil {
		return err
	}
	ctx, svc, done, err := a.service(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	if err := svc.Delete(ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Account %q is deleted with all its data; its device certificates are revoked.\n", name)
	return nil
}
