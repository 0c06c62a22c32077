package deploy_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const (
	// unitFile is the unit under test; its ExecStart names the installed binary.
	unitFile      = "taskgate.service"
	installedPath = "/usr/bin/taskgate"
	// maxExposure is the worst rating of `systemd-analyze security` the unit may have; its
	// --threshold counts in tenths.
	maxExposure = 2.0
)

// TestUnitSecurityRating requires `systemd-analyze security` to rate the unit 2.0 or better.
func TestUnitSecurityRating(t *testing.T) {
	t.Parallel()
	analyze := requireAnalyze(t)
	out, err := run(t, analyze, "security", "--offline=yes", "--threshold="+strconv.Itoa(int(maxExposure*10)), unitFile)
	exposure := overallExposure(t, out)
	t.Logf("systemd-analyze security rates %s %.1f", unitFile, exposure)
	require.NoError(t, err, "systemd-analyze security --threshold=%.1f failed:\n%s", maxExposure, out)
	require.LessOrEqual(t, exposure, maxExposure, "exposure of %s", unitFile)
}

// TestUnitVerifies requires `systemd-analyze verify` to accept the unit without a warning, with
// ExecStart pointing at a freshly built taskgate, and the binary to read the variables the unit
// sets.
func TestUnitVerifies(t *testing.T) {
	t.Parallel()
	analyze := requireAnalyze(t)
	bin := buildTaskgate(t)
	unit := unitWithBinary(t, bin)
	out, err := run(t, analyze, "verify", "--man=no", unit)
	require.NoError(t, err, "systemd-analyze verify:\n%s", out)
	require.Empty(t, out, "systemd-analyze verify printed warnings")

	help, err := run(t, bin, "serve", "--help")
	require.NoError(t, err, "taskgate serve --help:\n%s", help)
	for _, name := range unitEnvironment(t) {
		require.Contains(t, help, name, "the unit sets %s, which taskgate serve does not read", name)
	}
}

// requireAnalyze returns the path of systemd-analyze. Without it the test skips loudly, or fails
// when CI is set: .ci/run installs it (scripts/install-systemd-analyze.sh).
func requireAnalyze(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("systemd-analyze")
	if err == nil {
		return path
	}
	msg := "systemd-analyze is not on PATH, so the systemd unit was not checked; " +
		"install it with scripts/install-systemd-analyze.sh (as root), then rerun"
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set, so this cannot be skipped: %s", msg)
	}
	t.Logf("\n*** SKIPPED: %s ***", msg)
	t.Skip(msg)
	return ""
}

// run runs name with args in this directory and returns its combined output.
func run(t *testing.T, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

var exposureLine = regexp.MustCompile(`Overall exposure level for \S+: (\d+\.\d)`)

// overallExposure reads the rating from the output of systemd-analyze security.
func overallExposure(t *testing.T, out string) float64 {
	t.Helper()
	m := exposureLine.FindStringSubmatch(out)
	require.NotNil(t, m, "no overall exposure level in:\n%s", out)
	v, err := strconv.ParseFloat(m[1], 64)
	require.NoError(t, err)
	return v
}

// buildTaskgate builds cmd/taskgate into a temporary directory.
func buildTaskgate(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "taskgate")
	out, err := run(t, "go", "build", "-o", bin, "github.com/taskgate/taskgate/cmd/taskgate")
	require.NoError(t, err, "go build ./cmd/taskgate:\n%s", out)
	return bin
}

// unitWithBinary copies the unit, under its own name, with bin in place of the installed path.
func unitWithBinary(t *testing.T, bin string) string {
	t.Helper()
	text := readUnit(t)
	require.Contains(t, text, "ExecStart="+installedPath+" serve")
	path := filepath.Join(t.TempDir(), unitFile)
	text = strings.ReplaceAll(text, "ExecStart="+installedPath, "ExecStart="+bin)
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return path
}

func readUnit(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(unitFile)
	require.NoError(t, err)
	return string(b)
}

// unitEnvironment returns the names of the variables the unit's Environment= lines set.
func unitEnvironment(t *testing.T) []string {
	t.Helper()
	var names []string
	for line := range strings.Lines(readUnit(t)) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Environment="); ok {
			name, _, _ := strings.Cut(v, "=")
			names = append(names, name)
		}
	}
	require.NotEmpty(t, names, "the unit sets no variables; where does it keep its data?")
	return names
}
