package main

import (
	"context"
)

// importCommands are the subcommands of taskgate import: one per kind of server imported from.
var importCommands = []command{
	{"taskd", "import a whole taskd (Taskserver) installation: accounts, histories, certificates", runImportTaskd},
}

// importGroup is taskgate import.
var importGroup = group{name: "import", help: "Import the accounts of another sync server.", noun: "SOURCE", list: "Sources",
	cmds: importCommands}

// runImport dispatches taskgate import SOURCE.
func runImport(ctx context.Context, env *environment, args []string) error {
	return importGroup.dispatch(ctx, env, args)
}
