package interop

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// clientTimeout bounds one client command, so a hung client fails its test instead of the
// run; longTimeout bounds commands that sync many times (each sync derives the key with 600,000
// rounds of PBKDF2, which is slow on a busy machine).
const (
	clientTimeout = 2 * time.Minute
	longTimeout   = 6 * time.Minute
)

// sandbox is one test's directory inside the chroot: host is its path here, inside its path as
// the clients see it.
type sandbox struct {
	host   string
	inside string
}

// newSandbox creates the directory under the chroot's /tmp, copies tc.py into it and removes it
// when the test ends.
func newSandbox(t *testing.T) *sandbox {
	t.Helper()
	host, err := os.MkdirTemp(filepath.Join(tw3Root(), "tmp"), "interop-")
	require.NoError(t, err, "creating a sandbox in the chroot")
	t.Cleanup(func() { _ = os.RemoveAll(host) })
	script, err := os.ReadFile(filepath.Join("testdata", "tc.py"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(host, "tc.py"), script, 0o644))
	return &sandbox{host: host, inside: "/tmp/" + filepath.Base(host)}
}

// path returns the in-chroot path of a file in the sandbox.
func (s *sandbox) path(name string) string { return s.inside + "/" + name }

// result is what one client command did.
type result struct {
	args   []string
	stdout string
	stderr string
	err    error
}

func (r result) String() string {
	return fmt.Sprintf("command: %s\nerror: %v\nstdout:\n%s\nstderr:\n%s",
		strings.Join(r.args, " "), r.err, r.stdout, r.stderr)
}

// run runs a program inside the chroot with the given HOME.
func (s *sandbox) run(home string, args ...string) result {
	return s.runFor(clientTimeout, home, args...)
}

// runFor is run with a timeout.
func (s *sandbox) runFor(timeout time.Duration, home string, args ...string) result {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	full := append([]string{tw3Root(), "env", "-i", "HOME=" + home, "PATH=/usr/bin:/bin", "LANG=C.UTF-8"}, args...)
	cmd := exec.CommandContext(ctx, "chroot", full...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return result{args: args, stdout: stdout.String(), stderr: stderr.String(), err: err}
}
