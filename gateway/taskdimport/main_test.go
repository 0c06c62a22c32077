package taskdimport_test

import (
	"fmt"
	"os"
	"testing"
)

// binDir holds the taskgate binary the real-client test builds.
var binDir string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "taskdimport-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "taskdimport:", err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }()
	binDir = dir
	return m.Run()
}
