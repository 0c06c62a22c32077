package main

import (
	"context"
	"errors"
	"io"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

// addFlags are the values of account add's own options.
type addFlags struct {
	plain, enc, asJSON bool
	taskd              *accounts.TaskdLogin
	device             accounts.DeviceParams
}

// accountAddOptions are the options of account add.
func accountAddOptions(a *accountSetup, f *addFlags) *optionSet {
	opts := a.options(
		option{flag: "plaintext", usage: "the server holds the account's key and can read its tasks " +
			"(Taskwarrior 2.x devices, server-side export); a secret is generated", set: setBool(&f.plain)},
		option{flag: "encrypted", usage: "end-to-end encrypted: only the account's devices can read its tasks; " +
			"its owner chooses the secret", set: setBool(&f.enc)},
		option{flag: "taskd", arg: "ORG/USER", usage: "also create taskd credentials (a new random key) for Taskwarrior " +
			"2.x devices and issue a first device certificate; plaintext accounts only", set: setTaskdLogin(&f.taskd)},
		deviceOption(&f.device, "with --taskd, name of the first device: its certificate's CN and file names"),
		outOption(&f.device),
		jsonOption(&f.asJSON),
	)
	return newOptionSet("account add", "Usage: taskgate account add NAME --plaintext|--encrypted [--taskd ORG/USER] [options]\n\n"+
		"Create an account with a new client id and print the .taskrc lines of its Taskwarrior 3 devices. With --taskd,\n"+
		"also create its Taskwarrior 2.x login, write ca.cert.pem, DEVICE.cert.pem and DEVICE.key.pem (signed by\n"+
		"taskgate's CA) into --out, and print the .taskrc lines of that 2.x device. An embedded store that does not\n"+
		"exist yet is created (and said so): the first account is how a new installation starts.", opts...)
}

func runAccountAdd(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig(), withKey: true, withTaskd: true, withPKI: true, mayCreate: true}
	var f addFlags
	var name string
	if err := a.parse(env, accountAddOptions(a, &f), args, &name, func() error { return a.addProblems(f) }); err != nil {
		return err
	}
	return callAndPrint(ctx, env, a, f.asJSON, func(ctx context.Context, m accountService) (accounts.Created, error) {
		return accounts.AddWithFiles(ctx, m, f.params(name))
	}, func(w io.Writer, d accounts.Created) error {
		printCreated(w, d, f.deviceName(name))
		return nil
	})
}

// params turns the flags into what the Manager creates.
func (f addFlags) params(name string) accounts.AddParams {
	p := accounts.AddParams{Name: name, Mode: store.ModeEncrypted}
	if f.plain {
		p.Mode = store.ModePlaintext
	}
	if f.taskd != nil {
		p.Taskd = &accounts.TaskdParams{Login: *f.taskd, Device: f.device}
	}
	return p
}

// deviceName is the name of the device --taskd issues a certificate for.
func (f addFlags) deviceName(account string) string {
	if f.device.Name == "" {
		return account
	}
	return f.device.Name
}

// addProblems checks the mode and the options that only go with --taskd.
func (a *accountSetup) addProblems(f addFlags) error {
	errs := []error{modeProblem(f.plain, f.enc)}
	switch {
	case f.taskd != nil:
		errs = append(errs, a.requireTaskdServer())
	case f.device != accounts.DeviceParams{}:
		errs = append(errs, errors.New("--device and --out name the device of --taskd; give --taskd ORG/USER too"))
	}
	return errors.Join(errs...)
}

// modeProblem requires exactly one of --plaintext and --encrypted.
func modeProblem(plain, enc bool) error {
	if plain == enc {
		return errors.New("give exactly one of --plaintext and --encrypted")
	}
	return nil
}
