package interop

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// taskgateBin is the binary built once for the whole run; buildErr and buildOut report a failed
// build to every test that needs a server.
var (
	taskgateBin string
	buildErr    error
	buildOut    []byte
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "taskgate-interop-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "interop:", err)
		return 1
	}
	defer func() { _ = os.RemoveAll(dir) }()
	taskgateBin = filepath.Join(dir, "taskgate")
	build := exec.Command("go", "build", "-o", taskgateBin, "github.com/taskgate/taskgate/cmd/taskgate")
	buildOut, buildErr = build.CombinedOutput()
	return m.Run()
}

// requireBinary stops the test when the taskgate build failed.
func requireBinary(t *testing.T) {
	t.Helper()
	if buildErr != nil {
		t.Fatalf("go build ./cmd/taskgate: %v\n%s", buildErr, buildOut)
	}
}
