package gateway

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSpillDir: large uploads spill into the data directory when it exists, else into $TMPDIR.
func TestSpillDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o600))
	for _, tc := range []struct {
		name, dataDir, want string
	}{
		{"data directory", dir, dir},
		{"none", "", ""},
		{"missing", filepath.Join(dir, "missing"), ""},
		{"not a directory", file, ""},
	} {
		require.Equal(t, tc.want, Config{DataDir: tc.dataDir}.spillDir(), tc.name)
	}
}
