package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

// quotaCommands are the subcommands of taskgate account quota.
var quotaCommands = []command{
	{"show", "show an account's usage and the quota in force", runQuotaShow},
	{"set", "set an account's own quota: set NAME bytes=SIZE versions=N (0 for no limit)", runQuotaSet},
	{"unset", "let an account take the server's default quota again: unset NAME [bytes] [versions]", runQuotaUnset},
}

// quotaGroup is taskgate account quota.
var quotaGroup = group{name: "account quota", help: "Show or change the quota of an account's history.",
	noun: "SUBCOMMAND", list: "Subcommands", cmds: quotaCommands}

// runAccountQuota dispatches taskgate account quota SUBCOMMAND.
func runAccountQuota(ctx context.Context, env *environment, args []string) error {
	return quotaGroup.dispatch(ctx, env, args)
}

// Usage texts of the quota subcommands.
const (
	quotaShowUsage = "Usage: taskgate account quota show NAME [--json] [options]\n\n" +
		"Show what an account's history holds (stored bytes, versions) and the quota in force: the account's own\n" +
		"values, or the server's defaults (serve's quota-bytes and quota-versions, read from the configuration file\n" +
		"and the environment as serve reads them; with --server, the remote server's)."
	quotaSetUsage = "Usage: taskgate account quota set NAME [bytes=SIZE] [versions=N] [options]\n\n" +
		"Give an account its own quota, in place of the server's defaults: bytes=SIZE (1073741824, 5GiB, 500MB)\n" +
		"limits the bytes of its history (versions and snapshot), versions=N its number of versions; 0 means no\n" +
		"limit. A value not given keeps what the account had. The next write of the account obeys it."
	quotaUnsetUsage = "Usage: taskgate account quota unset NAME [bytes] [versions] [options]\n\n" +
		"Let an account take the server's default quota again: for the measures named, or for both."
)

// quotaOptionSet returns the options of account quota SUB: the store options and, hidden, the
// server's default quota; with asJSON, --json.
func quotaOptionSet(a *accountSetup, sub, usage string, asJSON *bool) *optionSet {
	own := quotaOptions(&a.cfg.Limits, true)
	if asJSON != nil {
		own = append(own, jsonOption(asJSON))
	}
	return newOptionSet("account quota "+sub, usage, a.options(own...)...)
}

// quotaSetup parses a quota subcommand's options, its NAME and the arguments after it.
func quotaSetup(env *environment, sub, usage string, args []string, asJSON *bool) (*accountSetup, string, []string, error) {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	set := quotaOptionSet(a, sub, usage, asJSON)
	rest, err := set.parse(args, env)
	if err != nil {
		return nil, "", nil, err
	}
	if len(rest) == 0 {
		return nil, "", nil, set.usageError("expected an account NAME")
	}
	a.set = set
	if err := set.problems(errors.Join(a.cfg.Validate(), a.cfg.Preflight())); err != nil {
		return nil, "", nil, err
	}
	return a, rest[0], rest[1:], nil
}

func runQuotaShow(ctx context.Context, env *environment, args []string) error {
	var asJSON bool
	a, name, rest, err := quotaSetup(env, "show", quotaShowUsage, args, &asJSON)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return a.set.usageError("unexpected arguments: %v", rest)
	}
	return callAndPrint(ctx, env, a, asJSON, func(ctx context.Context, m accountService) (accounts.QuotaInfo, error) {
		return m.QuotaGet(ctx, name)
	}, printed(printQuota))
}

func runQuotaSet(ctx context.Context, env *environment, args []string) error {
	a, name, rest, err := quotaSetup(env, "set", quotaSetUsage, args, nil)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return a.set.usageError("expected bytes=SIZE and/or versions=N")
	}
	own, err := parseQuotaValues(rest)
	if err != nil {
		return a.set.usageError("%v", err)
	}
	return withService(ctx, env, a, func(ctx context.Context, m accountService) error {
		info, err := m.QuotaGet(ctx, name)
		if err != nil {
			return err
		}
		return changeQuota(ctx, env.stdout, m, name, own.over(info.Own))
	})
}

func runQuotaUnset(ctx context.Context, env *environment, args []string) error {
	a, name, rest, err := quotaSetup(env, "unset", quotaUnsetUsage, args, nil)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		rest = []string{"bytes", "versions"}
	}
	for _, measure := range rest {
		if measure != "bytes" && measure != "versions" {
			return a.set.usageError("unknown measure %q: bytes or versions", measure)
		}
	}
	return withService(ctx, env, a, func(ctx context.Context, m accountService) error {
		info, err := m.QuotaGet(ctx, name)
		if err != nil {
			return err
		}
		own := info.Own
		for _, measure := range rest {
			if measure == "bytes" {
				own.Bytes = nil
			} else {
				own.Versions = nil
			}
		}
		return changeQuota(ctx, env.stdout, m, name, own)
	})
}

// changeQuota stores the account's own values and prints the quota now in force.
func changeQuota(ctx context.Context, w io.Writer, m accountService, name string, own store.QuotaOverride) error {
	if err := m.QuotaSet(ctx, name, own); err != nil {
		return err
	}
	info, err := m.QuotaGet(ctx, name)
	if err != nil {
		return err
	}
	printQuota(w, info)
	return nil
}

// quotaValues are the values given to account quota set; nil where none was given.
type quotaValues store.QuotaOverride

// over returns own with the given values replacing its own.
func (v quotaValues) over(own store.QuotaOverride) store.QuotaOverride {
	if v.Bytes != nil {
		own.Bytes = v.Bytes
	}
	if v.Versions != nil {
		own.Versions = v.Versions
	}
	return own
}

// parseQuotaValues reads bytes=SIZE and versions=N arguments.
func parseQuotaValues(args []string) (quotaValues, error) {
	var v quotaValues
	for _, arg := range args {
		key, value, ok := strings.Cut(arg, "=")
		n := new(int64)
		var err error
		switch {
		case !ok:
			return v, fmt.Errorf("%q is not bytes=SIZE or versions=N", arg)
		case key == "bytes":
			err = setSize(n)(value)
			v.Bytes = n
		case key == "versions":
			err = setInt64(n)(value)
			v.Versions = n
		default:
			return v, fmt.Errorf("unknown measure %q: bytes or versions", key)
		}
		if err == nil && *n < 0 {
			err = fmt.Errorf("%s=%s is negative", key, value)
		}
		if err != nil {
			return v, err
		}
	}
	return v, nil
}

// printQuota writes an account's usage against its quota.
func printQuota(w io.Writer, q accounts.QuotaInfo) {
	fmt.Fprintf(w, "Account %q:\n", q.Account)
	fmt.Fprintf(w, "  stored bytes  %d of %s (%s)\n", q.Usage.Bytes, limitText(q.Limit.Bytes), origin(q.Own.Bytes))
	fmt.Fprintf(w, "  versions      %d of %s (%s)\n", q.Usage.Versions, limitText(q.Limit.Versions), origin(q.Own.Versions))
}

func limitText(n int64) string {
	if n == 0 {
		return "no limit"
	}
	return fmt.Sprint(n)
}

func origin(own *int64) string {
	if own == nil {
		return "server default"
	}
	return "this account's own"
}
