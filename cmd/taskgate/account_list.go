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

// listFlags are account list's own options.
type listFlags struct {
	asJSON bool
	after  string
	limit  int
}

// paged reports whether the listing is one page with usage figures rather than every account.
func (f listFlags) paged(a *accountSetup) bool { return a.server != "" || f.limit > 0 || f.after != "" }

func accountListOptions(a *accountSetup, f *listFlags) *optionSet {
	return newOptionSet("account list", "Usage: taskgate account list [--limit N] [--after NAME] [options]\n\n"+
		"List every account with its mode, status, number of client ids, taskd login (ORG/USER) and creation time.\n"+
		"With --limit or --after (and always with --server), list one page of accounts by name with their usage\n"+
		"figures instead; the last line names the --after of the next page.", a.options(
		jsonOption(&f.asJSON),
		limitOption(&f.limit, "accounts per page"),
		option{flag: "after", arg: "NAME", usage: "list the accounts whose names sort after NAME (the next page)", set: setString(&f.after)},
	)...)
}

func runAccountList(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	var f listFlags
	if err := a.parse(env, accountListOptions(a, &f), args, nil); err != nil {
		return err
	}
	if f.paged(a) {
		return listPage(ctx, env, a, f)
	}
	m, done, err := a.open(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	list, err := m.List(ctx)
	if err != nil {
		return err
	}
	if f.asJSON {
		return writeJSON(env.stdout, list)
	}
	return printList(env.stdout, list)
}

// listPage prints one page of accounts with their usage.
func listPage(ctx context.Context, env *environment, a *accountSetup, f listFlags) error {
	return callAndPrint(ctx, env, a, f.asJSON, func(ctx context.Context, svc accountService) (accounts.Page, error) {
		return svc.ListPage(ctx, f.after, f.limit)
	}, printPage)
}

// printPage prints a page of accounts as an aligned table.
func printPage(w io.Writer, p accounts.Page) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tMODE\tSTATUS\tVERSIONS\tBYTES\tCREATED")
	for _, l := range p.Accounts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", l.Name, l.Mode, l.Status, l.Usage.Versions,
			l.Usage.VersionBytes+l.Usage.SnapshotBytes, l.CreatedAt.UTC().Format(time.RFC3339))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if p.Next != "" {
		fmt.Fprintf(w, "More: --after %s\n", p.Next)
	}
	return nil
}

// limitOption is the --limit of a paged listing.
func limitOption(dst *int, what string) option {
	return option{flag: "limit", arg: "N", usage: fmt.Sprintf("%s (default %d, at most %d)", what, accounts.DefaultPage, accounts.MaxPage),
		set: setInt(dst)}
}
