// Package realclients finds the real Taskwarrior programs that tests run against taskgate, as
// installed by scripts/install-real-clients.sh. A test that needs one and cannot find it skips
// with a loud message on a laptop, and fails when the CI environment variable is set, so CI can
// never skip it silently.
package realclients

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// Taskwarrior2 returns the path of the Taskwarrior 2.x binary; what names what the test proves,
// for the skip message.
func Taskwarrior2(tb testing.TB, what string) string {
	tb.Helper()
	bin, err := exec.LookPath("task")
	if err == nil {
		out, verr := exec.Command(bin, "--version").Output()
		if verr == nil && strings.HasPrefix(string(out), "2.") {
			return bin
		}
		err = fmt.Errorf("`task --version` = %q, %v; need 2.x", out, verr)
	}
	Missing(tb, fmt.Sprintf("real Taskwarrior 2.x client not available (%v): %s did not run", err, what))
	return ""
}

// Missing skips the test loudly, or fails it under CI.
func Missing(tb testing.TB, msg string) {
	tb.Helper()
	msg += "; install the real clients with scripts/install-real-clients.sh (as root)"
	if os.Getenv("CI") != "" {
		tb.Fatal(msg)
	}
	tb.Skip("SKIPPED: " + msg)
}
