package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/gateway"
	"github.com/taskgate/taskgate/gateway/accounts"
)

const accountUDAHelp = `Usage: taskgate account uda NAME set ATTR=TYPE [ATTR=TYPE...] [options]
       taskgate account uda NAME list [--json] [options]
       taskgate account uda NAME unset ATTR [ATTR...] [options]

Declare the types of a plaintext account's user-defined attributes, as uda.ATTR.type says on
its devices (string, numeric, date, duration). A UDA's value reaches every device exactly as
written unless its type is declared here: a date UDA's well-formed values are converted between
the Taskwarrior 2.x form (20270101T000000Z) and the 3.x form (epoch seconds), a numeric UDA's
numbers are written to 2.x devices as numbers. The server never guesses a type from a value.
Values already stored are not rewritten; account export uses these types too.`

// udaAction is what account uda does: set, list or unset.
type udaAction struct {
	name  string // the account
	verb  string
	attrs []string
}

// positional reads NAME VERB [ATTR...].
func (u *udaAction) positional(set *optionSet) func([]string) error {
	return func(rest []string) error {
		if len(rest) < 2 {
			return set.usageError("expected NAME and set, list or unset")
		}
		u.name, u.verb, u.attrs = rest[0], rest[1], rest[2:]
		switch {
		case u.verb == "list" && len(u.attrs) > 0:
			return set.usageError("list takes no attributes, got %v", u.attrs)
		case (u.verb == "set" || u.verb == "unset") && len(u.attrs) == 0:
			return set.usageError("%s needs at least one attribute", u.verb)
		case u.verb != "list" && u.verb != "set" && u.verb != "unset":
			return set.usageError("unknown action %q: want set, list or unset", u.verb)
		}
		return nil
	}
}

// accountUDAOptions are the options of account uda.
func accountUDAOptions(a *accountSetup, asJSON *bool) *optionSet {
	return newOptionSet("account uda", accountUDAHelp, a.options(jsonOption(asJSON))...)
}

func runAccountUDA(ctx context.Context, env *environment, args []string) error {
	a := &accountSetup{cfg: gateway.DefaultConfig()}
	var asJSON bool
	set := accountUDAOptions(a, &asJSON)
	var u udaAction
	if _, err := a.parseArgs(env, set, args, u.positional(set)); err != nil {
		return err
	}
	ctx, m, done, err := a.service(ctx, env)
	if err != nil {
		return err
	}
	defer done()
	switch u.verb {
	case "set":
		return udaSet(ctx, env, m, u)
	case "unset":
		if err := m.UnsetUDATypes(ctx, u.name, u.attrs); err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "Account %q: %v now pass through as written.\n", u.name, u.attrs)
		return nil
	}
	return udaList(ctx, env, m, u.name, asJSON)
}

// udaSet declares ATTR=TYPE pairs.
func udaSet(ctx context.Context, env *environment, m accountService, u udaAction) error {
	types := map[string]convert.Type{}
	for _, arg := range u.attrs {
		for attr := range strings.SplitSeq(arg, ",") {
			if err := setUDAType(types)(attr); err != nil {
				return err
			}
		}
	}
	if err := m.SetUDATypes(ctx, u.name, types); err != nil {
		return err
	}
	for _, attr := range accounts.SortedUDANames(types) {
		fmt.Fprintf(env.stdout, "Account %q: uda.%s.type=%s\n", u.name, attr, types[attr])
	}
	return nil
}

// udaList prints the declared types, one uda.ATTR.type=TYPE line each, or a JSON object.
func udaList(ctx context.Context, env *environment, m accountService, name string, asJSON bool) error {
	types, err := m.UDATypes(ctx, name)
	if err != nil {
		return err
	}
	if asJSON {
		out := make(map[string]string, len(types))
		for attr, t := range types {
			out[attr] = t.String()
		}
		return writeJSON(env.stdout, out)
	}
	for _, attr := range accounts.SortedUDANames(types) {
		fmt.Fprintf(env.stdout, "uda.%s.type=%s\n", attr, types[attr])
	}
	return nil
}
