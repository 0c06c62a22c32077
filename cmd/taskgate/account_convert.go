package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/store"
)

// accountConvertOptions are the options of account convert.
func accountConvertOptions(a *accountSetup, to, secretFile *string) *optionSet {
	return newOptionSet("account convert", "Usage: taskgate account convert NAME --to plaintext --secret-file FILE [options]\n\n"+
		"Convert an encrypted account to a plaintext one, so the server can read its tasks (for Taskwarrior 2.x\n"+
		"devices and server-side export). Every version the server holds must open with the secret, else nothing\n"+
		"changes. Its devices keep their settings. The account must have exactly one client id. Give it\n"+
		"Taskwarrior 2.x credentials afterwards with taskgate account taskd add NAME ORG/USER.",
		a.options(
			option{flag: "to", arg: "MODE", usage: "the mode to convert to; only plaintext is supported", set: setString(to)},
			option{flag: "secret-file", arg: "FILE", usage: "file holding the account's sync.encryption_secret " +
				"(a trailing line break is ignored)", set: setString(secretFile)},
		)...)
}

func runAccountConvert(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig(), withKey: true}
	var to, secretFile, name string
	var secret []byte
	check := func() (err error) {
		secret, err = convertProblems(to, secretFile)
		return err
	}
	if err := a.parse(env, accountConvertOptions(a, &to, &secretFile), args, &name, check); err != nil {
		return err
	}
	ctx, m, done, err := a.service(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	if err := m.Convert(ctx, name, secret); err != nil {
		return err
	}
	d, err := m.Show(ctx, name)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Account %q is now plaintext. Its devices keep their settings.\n\n", name)
	printDetails(env.stdout, d)
	return nil
}

// convertProblems checks --to and reads --secret-file.
func convertProblems(to, secretFile string) ([]byte, error) {
	var errs []error
	if to != string(store.ModePlaintext) {
		errs = append(errs, fmt.Errorf("--to must be plaintext (got %q); converting back to encrypted is not supported", to))
	}
	var secret []byte
	if secretFile == "" {
		errs = append(errs, errors.New("--secret-file is required"))
	} else {
		var err error
		secret, err = readSecret(secretFile)
		errs = append(errs, err)
	}
	return secret, errors.Join(errs...)
}

// readSecret reads the encryption secret from path, without a trailing line break.
func readSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("--secret-file: %w", err)
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r")), nil
}
