package main

import (
	"context"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
)

// deviceCommands are the subcommands of taskgate account device.
var deviceCommands = []command{
	{"add", "issue a Taskwarrior 2.x device certificate for an account and print its .taskrc lines", runDeviceAdd},
	{"list", "list the device certificates of an account, with when each was last seen", runDeviceList},
	{"revoke", "revoke the certificates of a device: taskd refuses them from then on", runDeviceRevoke},
}

// deviceGroup is taskgate account device.
var deviceGroup = group{name: "account device", help: "Manage the Taskwarrior 2.x device certificates of accounts.",
	noun: "SUBCOMMAND", list: "Subcommands", cmds: deviceCommands}

// runAccountDevice dispatches taskgate account device SUBCOMMAND.
func runAccountDevice(ctx context.Context, env *environment, args []string) error {
	return deviceGroup.dispatch(ctx, env, args)
}

// deviceAddOptions are the options of account device add.
func deviceAddOptions(a *accountSetup, dev *accounts.DeviceParams, asJSON *bool) *optionSet {
	return newOptionSet("account device add", "Usage: taskgate account device add NAME [--device DEVICE] [--out DIR] [options]\n\n"+
		"Issue another device certificate, signed by taskgate's CA, for an account with taskd credentials; write\n"+
		"ca.cert.pem, DEVICE.cert.pem and DEVICE.key.pem into --out and print the .taskrc lines of that\n"+
		"Taskwarrior 2.x device (the account's taskd credentials with the new certificate).",
		a.options(
			deviceOption(dev, "name of the device: its certificate's CN and file names"),
			outOption(dev),
			jsonOption(asJSON),
		)...)
}

func runDeviceAdd(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig(), withTaskd: true, withPKI: true}
	var dev accounts.DeviceParams
	var asJSON bool
	var name string
	if err := a.parse(env, deviceAddOptions(a, &dev, &asJSON), args, &name, a.requireTaskdServer); err != nil {
		return err
	}
	return callAndPrint(ctx, env, a, asJSON, func(ctx context.Context, m accountService) (accounts.Device, error) {
		return accounts.DeviceAddWithFiles(ctx, m, name, dev)
	}, printed(printDevice))
}

// deviceOption sets the device name.
func deviceOption(dev *accounts.DeviceParams, usage string) option {
	return option{flag: "device", arg: "DEVICE", def: "NAME", usage: usage, set: setString(&dev.Name)}
}

// outOption sets the directory of the device files.
func outOption(dev *accounts.DeviceParams) option {
	return option{flag: "out", arg: "DIR", usage: "directory for ca.cert.pem, DEVICE.cert.pem and DEVICE.key.pem, " +
		"created with mode 0700 if missing; the key file gets mode 0600 and existing files are never replaced",
		def: "the current directory", set: setString(&dev.Dir)}
}

// setTaskdLogin parses ORG/USER.
func setTaskdLogin(dst **accounts.TaskdLogin) func(string) error {
	return func(v string) error {
		l, err := accounts.ParseTaskdLogin(v)
		if err != nil {
			return err
		}
		*dst = &l
		return nil
	}
}
