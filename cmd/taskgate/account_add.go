package main

import (
	"context"
	"errors"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/store"
)

func accountAddOptions(a *accountSetup, plain, enc, asJSON *bool) *optionSet {
	opts := a.options(
		option{flag: "plaintext", usage: "the server holds the account's key and can read its tasks " +
			"(Taskwarrior 2.x devices, server-side export); a secret is generated", set: setBool(plain)},
		option{flag: "encrypted", usage: "end-to-end encrypted: only the account's devices can read its tasks; " +
			"its owner chooses the secret", set: setBool(enc)},
		jsonOption(asJSON),
	)
	return newOptionSet("account add", "Usage: taskgate account add NAME --plaintext|--encrypted [options]\n\n"+
		"Create an account with a new client id and print the .taskrc lines of its Taskwarrior 3 devices.", opts...)
}

func runAccountAdd(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig(), withKey: true}
	var plain, enc, asJSON bool
	var name string
	set := accountAddOptions(a, &plain, &enc, &asJSON)
	check := func() error { return modeProblem(plain, enc) }
	if err := a.parse(env, set, args, &name, check); err != nil {
		return err
	}
	m, done, err := a.open(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	mode := store.ModeEncrypted
	if plain {
		mode = store.ModePlaintext
	}
	d, err := m.Add(ctx, name, mode)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(env.stdout, d)
	}
	printCreated(env.stdout, d)
	return nil
}

// modeProblem requires exactly one of --plaintext and --encrypted.
func modeProblem(plain, enc bool) error {
	if plain == enc {
		return errors.New("give exactly one of --plaintext and --encrypted")
	}
	return nil
}
