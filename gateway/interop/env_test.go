package interop

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// tw3Root is the Debian sid chroot that holds Taskwarrior 3.5 and the taskchampion Python module.
func tw3Root() string {
	if root := os.Getenv("TW3_ROOT"); root != "" {
		return root
	}
	return "/opt/tw3"
}

var (
	clientsOnce sync.Once
	clientsErr  error
	warned      sync.Map
)

// checkClients mirrors `scripts/install-real-clients.sh check`: both Taskwarriors exist and the chroot can
// import taskchampion (entering the chroot needs root).
func checkClients() error {
	for _, p := range []string{"/usr/bin/task", filepath.Join(tw3Root(), "usr/bin/task")} {
		if _, err := os.Stat(p); err != nil {
			return fmt.Errorf("%s is missing", p)
		}
	}
	out, err := exec.Command("chroot", tw3Root(), "python3", "-c", "import taskchampion").CombinedOutput()
	if err != nil {
		return fmt.Errorf("chroot %s python3 -c 'import taskchampion': %v: %s", tw3Root(), err, out)
	}
	return nil
}

// requireClients skips the test (fails it under CI) when the real clients are not installed.
func requireClients(t *testing.T) {
	t.Helper()
	clientsOnce.Do(func() { clientsErr = checkClients() })
	if clientsErr != nil {
		skipOrFail(t, "the real Taskwarrior clients are not ready (%v); run scripts/install-real-clients.sh as root, then rerun", clientsErr)
	}
}

// skipOrFail skips loudly on a laptop, printing the reason once to stderr so that it shows
// without -v, and fails when CI is set so that CI never skips silently.
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set, so this cannot be skipped: %s", msg)
	}
	if _, seen := warned.LoadOrStore(msg, true); !seen {
		fmt.Fprintf(os.Stderr, "\n*** interop tests SKIPPED: %s ***\n\n", msg)
	}
	t.Skip("SKIPPED: " + msg)
}
