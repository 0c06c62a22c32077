package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// versionString is the version taskgate reports: the one set at build time, else the module
// version the go command recorded (go install …@v1.2.0, or a tagged checkout), else "dev".
func versionString() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// runVersion is taskgate version (and taskgate --version).
func runVersion(_ context.Context, env *environment, args []string) error {
	set := newOptionSet("version", "Usage: taskgate version (or taskgate --version)\n\nPrint the version of taskgate.")
	if err := env.parse(set, args); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "taskgate %s (%s)\n", versionString(), runtime.Version())
	return nil
}
