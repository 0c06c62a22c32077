package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/taskgate/taskgate/gateway/accounts"
)

// taskrc2Order is the order the Taskwarrior 2.x .taskrc lines are printed in.
var taskrc2Order = []string{accounts.TaskrcTaskdServer, accounts.TaskrcTaskdCredentials,
	accounts.TaskrcTaskdCA, accounts.TaskrcTaskdCertificate, accounts.TaskrcTaskdKey}

// printLogins prints the taskd logins of an account in its summary.
func printLogins(w io.Writer, logins []accounts.TaskdLogin) {
	for _, l := range logins {
		fmt.Fprintf(w, "  taskd:      %s\n", l)
	}
}

// loginsColumn is the TASKD column of account list: ORG/USER, or - for none.
func loginsColumn(logins []accounts.TaskdLogin) string {
	if len(logins) == 0 {
		return "-"
	}
	parts := make([]string, len(logins))
	for i, l := range logins {
		parts[i] = l.String()
	}
	return strings.Join(parts, ",")
}

// printDevice prints what device add issued.
func printDevice(w io.Writer, d accounts.Device) {
	fmt.Fprintf(w, "Issued a certificate for device %q of account %q.\n", d.Device, d.Account)
	printDeviceTaskrc(w, d.Account, d.Device, d.Taskrc2)
}

// printDeviceTaskrc prints the .taskrc lines of the 2.x device whose certificate was just issued.
func printDeviceTaskrc(w io.Writer, account, device string, rc map[string]string) {
	fmt.Fprintf(w, "\nAdd these lines to the .taskrc of the Taskwarrior 2.x device %q:\n\n", device)
	printTaskrc2Lines(w, rc)
	key := rc[accounts.TaskrcTaskdKey]
	fmt.Fprintf(w, "\nThe device's files are in %s; on another machine, copy them along and change the three paths.\n"+
		"Keep %s and the taskd.credentials key private: together they let a device sync this account.\n"+
		"For another 2.x device: taskgate account device add %s --device NAME\n", filepath.Dir(key), filepath.Base(key), account)
}

// printSharedTaskrc2 prints the 2.x lines every device of the account shares, and how to get
// the others.
func printSharedTaskrc2(w io.Writer, account string, rc map[string]string) {
	fmt.Fprintln(w, "\nAdd these lines to the .taskrc of every Taskwarrior 2.x device of this account:")
	fmt.Fprintln(w)
	printTaskrc2Lines(w, rc)
	if _, ok := rc[accounts.TaskrcTaskdServer]; !ok {
		fmt.Fprintf(w, "(no taskd.server: the taskd listener is off; give --taskd-public-addr to print it)\n")
	}
	fmt.Fprintf(w, "\nEach 2.x device also needs taskd.ca, taskd.certificate and taskd.key: issue its certificate and "+
		"print them with\n  taskgate account device add %s --device NAME\n", account)
}

// printTaskrc2Lines prints the settings of rc in taskrc2Order.
func printTaskrc2Lines(w io.Writer, rc map[string]string) {
	for _, k := range taskrc2Order {
		if v, ok := rc[k]; ok {
			fmt.Fprintf(w, "%s=%s\n", k, v)
		}
	}
}
