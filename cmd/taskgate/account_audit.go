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

// auditFlags are account audit's own options.
type auditFlags struct {
	asJSON  bool
	account string
	before  int
	limit   int
}

func accountAuditOptions(a *accountSetup, f *auditFlags) *optionSet {
	return newOptionSet("account audit", "Usage: taskgate account audit [--account NAME] [--limit N] [--before ID] [options]\n\n"+
		"Show the audit log, newest first: every admin action (CLI and admin API) with who, what, when and result,\n"+
		"and failed taskd logins (one row per source address and minute, with a count). serve deletes entries\n"+
		"older than --audit-retention.", a.options(
		jsonOption(&f.asJSON),
		option{flag: "account", arg: "NAME", usage: "only the entries of this account", set: setString(&f.account)},
		limitOption(&f.limit, "entries to show"),
		option{flag: "before", arg: "ID", usage: "only entries older than the entry with this id (the next page)", set: setInt(&f.before)},
	)...)
}

func runAccountAudit(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	var f auditFlags
	if err := a.parse(env, accountAuditOptions(a, &f), args, nil); err != nil {
		return err
	}
	return callAndPrint(ctx, env, a, f.asJSON, func(ctx context.Context, svc accountService) ([]accounts.AuditEntry, error) {
		return svc.Audit(ctx, f.account, int64(f.before), f.limit)
	}, printAudit)
}

// printAudit prints audit entries as an aligned table.
func printAudit(w io.Writer, list []accounts.AuditEntry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tACTOR\tACTION\tACCOUNT\tCOUNT\tRESULT\tDETAIL")
	for _, e := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", e.ID, e.At.UTC().Format(time.RFC3339), e.Actor, e.Action,
			e.Account, e.Count, e.Result, e.Detail)
	}
	return tw.Flush()
}
