package main

import (
	"context"
	"fmt"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
)

// taskdCommands are the subcommands of taskgate account taskd.
var taskdCommands = []command{
	{"add", "give a plaintext account a Taskwarrior 2.x login (ORG/USER with a new key)", runTaskdAdd},
	{"rotate", "give an account's Taskwarrior 2.x login a new key", runTaskdRotate},
}

// taskdGroup is taskgate account taskd.
var taskdGroup = group{name: "account taskd", help: "Manage the Taskwarrior 2.x logins of plaintext accounts.",
	noun: "SUBCOMMAND", list: "Subcommands", cmds: taskdCommands}

func runAccountTaskd(ctx context.Context, env *environment, args []string) error {
	return taskdGroup.dispatch(ctx, env, args)
}

// taskdLoginCommand is taskd add or taskd rotate.
type taskdLoginCommand struct {
	name, help, done string
	apply            func(s accountService, ctx context.Context, name string, l accounts.TaskdLogin) (map[string]string, error)
}

var (
	taskdAddCommand = taskdLoginCommand{name: "add",
		help: "Give a plaintext account a Taskwarrior 2.x login ORG/USER with a new random key and print the taskd.server\n" +
			"and taskd.credentials lines its devices share; issue their certificates with taskgate account device add.\n" +
			"An encrypted account is refused: make it plaintext first with taskgate account convert.",
		done: "Account %q has the taskd login %s:\n\n", apply: accountService.TaskdAdd}
	taskdRotateCommand = taskdLoginCommand{name: "rotate",
		help: "Give an account's Taskwarrior 2.x login ORG/USER a new random key: devices with the old key are refused\n" +
			"(430) until their taskd.credentials line is updated. Their certificates stay valid.",
		done: "Account %q's taskd login %s has a new key:\n\n", apply: accountService.TaskdRotate}
)

func (c taskdLoginCommand) options(a *accountSetup) *optionSet {
	return newOptionSet("account taskd "+c.name, "Usage: taskgate account taskd "+c.name+" NAME ORG/USER [options]\n\n"+c.help, a.options()...)
}

func (c taskdLoginCommand) run(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig(), withTaskd: true}
	set := c.options(a)
	var pos []string
	if err := a.parseN(env, set, args, []string{"NAME", "ORG/USER"}, &pos); err != nil {
		return err
	}
	login, err := accounts.ParseTaskdLogin(pos[1])
	if err != nil {
		return set.problems(err)
	}
	ctx, svc, done, err := a.service(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	rc, err := c.apply(svc, ctx, pos[0], login)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, c.done, pos[0], login)
	for _, k := range []string{accounts.TaskrcTaskdServer, accounts.TaskrcTaskdCredentials} {
		if v, ok := rc[k]; ok {
			fmt.Fprintf(env.stdout, "%s=%s\n", k, v)
		}
	}
	return nil
}

func runTaskdAdd(ctx context.Context, env *environment, args []string) error {
	return taskdAddCommand.run(ctx, env, args)
}

func runTaskdRotate(ctx context.Context, env *environment, args []string) error {
	return taskdRotateCommand.run(ctx, env, args)
}
