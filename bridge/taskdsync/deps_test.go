package taskdsync_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBridgeKnowsNoHTTP keeps the bridge below the protocols: nothing under bridge/ may depend
// on the TaskChampion handler package or on echo; the chain core is what both protocols share.
func TestBridgeKnowsNoHTTP(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", "github.com/taskgate/taskgate/bridge/...").CombinedOutput()
	require.NoError(t, err, "%s", out)
	for _, dep := range strings.Fields(string(out)) {
		require.NotEqual(t, "github.com/taskgate/taskgate/champion", dep, "bridge depends on the HTTP handlers")
		require.False(t, strings.HasPrefix(dep, "github.com/labstack/echo"), "bridge depends on %s", dep)
	}
}
