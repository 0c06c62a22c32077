package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

// taskrcOrder is the order the .taskrc lines are printed in.
var taskrcOrder = []string{accounts.TaskrcServerURL, accounts.TaskrcClientID, accounts.TaskrcEncryptionSecret}

// chooseSecret stands in the printed .taskrc of an encrypted account for the secret its owner picks.
const chooseSecret = "<choose a secret and use it on every device of this account>"

// modeMeaning says in one sentence what an account mode means.
func modeMeaning(m store.Mode) string {
	switch m {
	case store.ModePlaintext:
		return "the server holds the key and can read the tasks, as Taskwarrior 2.x devices and server-side export need"
	case store.ModeEncrypted:
		return "only the devices can read the tasks; the server never learns the secret"
	}
	return "unknown mode"
}

func jsonOption(dst *bool) option {
	return option{flag: "json", usage: "print JSON instead of text", set: setBool(dst)}
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printCreated prints what add made: a short summary, then the .taskrc lines (for a taskd
// login, also those of the 2.x device it issued a certificate for).
func printCreated(w io.Writer, d accounts.Created, device string) {
	fmt.Fprintf(w, "Created account %q.\n", d.Name)
	fmt.Fprintf(w, "  mode:       %s: %s\n", d.Mode, modeMeaning(d.Mode))
	for _, id := range d.ClientIDs {
		fmt.Fprintf(w, "  client id:  %s\n", id)
	}
	printLogins(w, d.Taskd)
	printTaskrc(w, d)
	if d.Taskrc2 != nil {
		printDeviceTaskrc(w, d.Name, device, d.Taskrc2)
	}
}

// printDetails prints what show found: a summary, then the .taskrc lines.
func printDetails(w io.Writer, d accounts.Details) {
	fmt.Fprintf(w, "Account %q\n", d.Name)
	fmt.Fprintf(w, "  mode:       %s: %s\n", d.Mode, modeMeaning(d.Mode))
	fmt.Fprintf(w, "  status:     %s\n", d.Status)
	fmt.Fprintf(w, "  created:    %s\n", d.CreatedAt.UTC().Format(time.RFC3339))
	for _, id := range d.ClientIDs {
		fmt.Fprintf(w, "  client id:  %s\n", id)
	}
	printLogins(w, d.Taskd)
	printTaskrc(w, d)
	if d.Taskrc2 != nil {
		printSharedTaskrc2(w, d.Name, d.Taskrc2)
	}
}

// printTaskrc prints the ready-to-paste .taskrc lines of a Taskwarrior 3 device.
func printTaskrc(w io.Writer, d accounts.Details) {
	fmt.Fprintln(w, "\nAdd these lines to the .taskrc of every Taskwarrior 3 device of this account:")
	fmt.Fprintln(w)
	for _, k := range taskrcOrder {
		if v, ok := d.Taskrc3[k]; ok {
			fmt.Fprintf(w, "%s=%s\n", k, v)
		}
	}
	if _, ok := d.Taskrc3[accounts.TaskrcEncryptionSecret]; ok {
		fmt.Fprintln(w, "\nKeep the secret private: it opens every task of this account.")
	} else if d.Mode == store.ModeEncrypted {
		fmt.Fprintf(w, "%s=%s\n", accounts.TaskrcEncryptionSecret, chooseSecret)
	}
}

// printList prints accounts as an aligned table.
func printList(w io.Writer, list []accounts.Summary) error {
	if len(list) == 0 {
		fmt.Fprintln(w, "No accounts yet. Create one with: taskgate account add NAME --plaintext|--encrypted")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tMODE\tSTATUS\tCLIENTS\tTASKD\tCREATED")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", s.Name, s.Mode, s.Status, len(s.ClientIDs), loginsColumn(s.Taskd),
			s.CreatedAt.UTC().Format(time.RFC3339))
	}
	return tw.Flush()
}
