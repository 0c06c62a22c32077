package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
)

func deviceListOptions(a *accountSetup, asJSON *bool) *optionSet {
	return newOptionSet("account device list", "Usage: taskgate account device list NAME [options]\n\n"+
		"List the device certificates taskgate issued for an account, revoked ones included, with when each was\n"+
		"last presented to the taskd listener.", a.options(jsonOption(asJSON))...)
}

func runDeviceList(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	var asJSON bool
	var name string
	if err := a.parse(env, deviceListOptions(a, &asJSON), args, &name); err != nil {
		return err
	}
	return callAndPrint(ctx, env, a, asJSON, func(ctx context.Context, svc accountService) ([]accounts.DeviceInfo, error) {
		return svc.Devices(ctx, name)
	}, func(w io.Writer, list []accounts.DeviceInfo) error { return printDevices(w, name, list) })
}

// printDevices prints device certificates as an aligned table.
func printDevices(w io.Writer, account string, list []accounts.DeviceInfo) error {
	if len(list) == 0 {
		fmt.Fprintf(w, "Account %q has no device certificates issued by taskgate.\n", account)
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DEVICE\tISSUED\tLAST SEEN\tREVOKED\tFINGERPRINT")
	for _, d := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", d.Device, d.IssuedAt.UTC().Format(time.RFC3339), timeColumn(d.LastSeen),
			timeColumn(d.RevokedAt), d.Fingerprint[:16])
	}
	return tw.Flush()
}

// timeColumn shows an optional time, "-" when unset.
func timeColumn(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

func deviceRevokeOptions(a *accountSetup) *optionSet {
	return newOptionSet("account device revoke", "Usage: taskgate account device revoke NAME DEVICE [options]\n\n"+
		"Revoke every certificate of a device of an account: the taskd listener refuses it (430) from then on, in\n"+
		"every taskgate process on the store within seconds. The account and its other devices are not touched.", a.options()...)
}

func runDeviceRevoke(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	set := deviceRevokeOptions(a)
	var names []string
	if err := a.parseN(env, set, args, []string{"NAME", "DEVICE"}, &names); err != nil {
		return err
	}
	ctx, svc, done, err := a.service(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	n, err := svc.DeviceRevoke(ctx, names[0], names[1])
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Revoked %d certificate(s) of device %q of account %q: taskd refuses them from now on.\n", n, names[1], names[0])
	return nil
}
