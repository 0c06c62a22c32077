package main

import (
	"context"
	"fmt"
	"runtime"
)

func runVersion(_ context.Context, env *environment, args []string) error {
	set := newOptionSet("version", "Usage: taskgate version\n\nPrint the version of taskgate.")
	if err := env.parse(set, args); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "taskgate %s (%s)\n", version, runtime.Version())
	return nil
}
