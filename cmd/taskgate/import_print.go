package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/taskgate/taskgate/gateway/taskdimport"
)

// printImport prints the report as JSON or as text.
func printImport(env *environment, rep taskdimport.Report, asJSON bool) error {
	if asJSON {
		return writeJSON(env.stdout, rep)
	}
	w := env.stdout
	if rep.DryRun {
		fmt.Fprintf(w, "Dry run of the import of taskd root %s: nothing was written.\n\n", rep.Root)
	} else {
		fmt.Fprintf(w, "Imported taskd root %s.\n\n", rep.Root)
	}
	if err := printImportAccounts(w, rep); err != nil {
		return err
	}
	printImportOrgs(w, rep.Orgs)
	printImportPKI(w, rep.PKI)
	printImportProblems(w, rep.Problems)
	printImportTaskrcs(w, rep.Accounts)
	return nil
}

// printImportAccounts prints one table row per taskd user.
func printImportAccounts(w io.Writer, rep taskdimport.Report) error {
	if len(rep.Accounts) == 0 {
		fmt.Fprintln(w, "No taskd users found.")
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ORG\tUSER\tKEY\tACCOUNT\tTASKS\tVERSIONS\tSTATUS\tNOTE")
	for _, a := range rep.Accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\n", a.Org, importOrDash(a.User), a.Key, importOrDash(a.Account),
			a.Tasks, a.Versions, importStatus(a, rep.DryRun), importNote(a))
	}
	return tw.Flush()
}

// importStatus is the status column: what happened, or in a dry run what would.
func importStatus(a taskdimport.AccountReport, dryRun bool) string {
	if dryRun && a.Status == taskdimport.StatusImported {
		return "would import"
	}
	return string(a.Status)
}

// importNote is the note column: the reason, and the user's own suspension.
func importNote(a taskdimport.AccountReport) string {
	note := a.Reason
	if a.Suspended {
		note = importJoin("suspended in taskd, stays suspended", note)
	}
	return note
}

// printImportOrgs lists organizations that keep a suspension or a redirect.
func printImportOrgs(w io.Writer, orgs []taskdimport.OrgReport) {
	for _, o := range orgs {
		switch {
		case o.Suspended:
			fmt.Fprintf(w, "\nOrganization %s is suspended: its %d users are refused (431) until it is resumed.\n", o.Name, o.Users)
		case o.Redirect != "":
			fmt.Fprintf(w, "\nOrganization %s redirects its users to %s (301).\n", o.Name, o.Redirect)
		}
	}
}

// printImportPKI lists the certificate files copied.
func printImportPKI(w io.Writer, files []taskdimport.FileReport) {
	if len(files) == 0 {
		return
	}
	fmt.Fprintln(w, "\nCertificates:")
	for _, f := range files {
		fmt.Fprintf(w, "  %-11s %s -> %s\n", f.Action, f.From, f.To)
	}
}

// printImportProblems lists what was skipped, with file and line.
func printImportProblems(w io.Writer, problems []taskdimport.Problem) {
	if len(problems) == 0 {
		return
	}
	fmt.Fprintf(w, "\nProblems (%d):\n", len(problems))
	for _, p := range problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
}

// printImportTaskrcs prints the Taskwarrior 3 settings of every imported account.
func printImportTaskrcs(w io.Writer, accts []taskdimport.AccountReport) {
	for _, a := range accts {
		if len(a.Taskrc3) == 0 {
			continue
		}
		fmt.Fprintf(w, "\nAccount %q: its Taskwarrior 2.x devices keep their settings. Add these lines to the "+
			".taskrc of each Taskwarrior 3 device of this account:\n\n", a.Account)
		for _, k := range taskrcOrder {
			if v, ok := a.Taskrc3[k]; ok {
				fmt.Fprintf(w, "%s=%s\n", k, v)
			}
		}
	}
}

// importOrDash shows an empty value as "-".
func importOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// importJoin joins two notes with "; ", leaving out an empty one.
func importJoin(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}
