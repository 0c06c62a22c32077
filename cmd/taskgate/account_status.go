package main

import (
	"context"
	"fmt"

	"github.com/taskgate/taskgate/gateway"
)

// statusCommand describes suspend or resume.
type statusCommand struct {
	name, help, done string
	apply            func(m accountService, ctx context.Context, name string) error
}

var (
	suspendCommand = statusCommand{name: "suspend",
		help:  "Refuse every sync of an account until taskgate account resume; its data is kept.",
		done:  "Account %q is suspended: every sync is refused until `taskgate account resume %[1]s`.\n",
		apply: accountService.Suspend}
	resumeCommand = statusCommand{name: "resume",
		help: "Let a suspended account sync again.",
		done: "Account %q is active again.\n", apply: accountService.Resume}
)

func (c statusCommand) options(a *accountSetup) *optionSet {
	return newOptionSet("account "+c.name, "Usage: taskgate account "+c.name+" NAME [options]\n\n"+c.help, a.options()...)
}

func (c statusCommand) run(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	var name string
	if err := a.parse(env, c.options(a), args, &name); err != nil {
		return err
	}
	ctx, m, done, err := a.service(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	if err := c.apply(m, ctx, name); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, c.done, name)
	return nil
}

func runAccountSuspend(ctx context.Context, env *environment, args []string) error {
	return suspendCommand.run(ctx, env, args)
}

func runAccountResume(ctx context.Context, env *environment, args []string) error {
	return resumeCommand.run(ctx, env, args)
}
