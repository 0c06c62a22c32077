package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAdminCommandsRefuseMissingStore points every admin command that reads or changes existing
// accounts at a data directory without a database, named in each way there is: each says where
// it looked and how to point it elsewhere, and creates nothing.
func TestAdminCommandsRefuseMissingStore(t *testing.T) {
	t.Parallel()
	secret := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(secret, []byte("s\n"), 0o600))
	commands := [][]string{
		{"account", "list"},
		{"account", "list", "--json"},
		{"account", "show", "home"},
		{"account", "export", "home"},
		{"account", "convert", "home", "--to", "plaintext", "--secret-file", secret},
		{"account", "suspend", "home"},
		{"account", "resume", "home"},
		{"account", "device", "add", "home"},
	}
	ways := []struct {
		name   string
		origin string // how the message names where the data directory came from
		point  func(c *cli, dir string) []string
	}{
		{"Flag", "the data directory is set by --data-dir", func(_ *cli, dir string) []string { return []string{"--data-dir", dir} }},
		{"Env", "the data directory is set by TASKGATE_DATA_DIR", func(c *cli, dir string) []string {
			c.env["TASKGATE_DATA_DIR"] = dir
			return nil
		}},
		{"ConfigFile", "the data directory is set by ", func(c *cli, dir string) []string {
			c.defaultConfig = filepath.Join(t.TempDir(), "taskgate.yaml")
			require.NoError(t, os.WriteFile(c.defaultConfig, []byte("data-dir: "+dir+"\n"), 0o600))
			return nil
		}},
	}
	for _, way := range ways {
		for _, args := range commands {
			t.Run(way.name+"/"+args[1], func(t *testing.T) {
				t.Parallel()
				c := newCLI(t, nil)
				delete(c.env, "TASKGATE_DATA_DIR")
				dir := c.dir
				code, stdout, stderr := c.run(t, append(args, way.point(c, dir)...)...)
				require.Equal(t, 1, code, stderr)
				require.Empty(t, stdout)
				for _, want := range []string{"no store at " + filepath.Join(dir, "taskgate.sqlite3"), way.origin,
					"nothing was created", "--data-dir DIR", "--db URL", "--config FILE", "TASKGATE_CONFIG"} {
					require.Contains(t, stderr, want)
				}
				require.Empty(t, listDir(t, dir), "the data directory stays empty")
			})
		}
	}
}

// TestMissingStoreMessage checks the whole message for the most common case: a command run in
// another directory than the server's, with the default data directory. It changes the
// directory of the whole process, so it cannot run in parallel.
func TestMissingStoreMessage(t *testing.T) {
	c := newCLI(t, nil)
	dataDir := filepath.Join(c.dir, "not-there")
	c.env["TASKGATE_DATA_DIR"] = ""
	c.defaultConfig = filepath.Join(c.dir, "etc-taskgate.yaml")
	t.Chdir(c.dir)
	code, _, stderr := c.run(t, "account", "list")
	require.Equal(t, 1, code)
	require.Equal(t, "taskgate account: list: no store at "+filepath.Join(c.dir, "taskgate-data", "taskgate.sqlite3")+
		" (the data directory is the default, ./taskgate-data; no configuration file at "+c.defaultConfig+"); nothing was created.\n"+
		"Point this command at the server's store with --data-dir DIR or --db URL, or with the configuration file serve reads "+
		"(--config FILE or TASKGATE_CONFIG). Only account add, import taskd and migrate create a new store.\n", stderr)
	require.Empty(t, listDir(t, c.dir))
	code, _, _ = c.run(t, "account", "show", "home", "--data-dir", dataDir)
	require.Equal(t, 1, code)
	require.NoDirExists(t, dataDir, "not even the data directory is made")
}

// TestCreatingCommandsSaySo runs the commands that may create a store on an empty directory:
// each creates it and names it on standard error.
func TestCreatingCommandsSaySo(t *testing.T) {
	t.Parallel()
	tests := [][]string{
		{"account", "add", "home", "--encrypted"},
		{"migrate"},
		{"import", "taskd", "--root", "../../testdata/captured/taskd-1.1.0/var-lib-taskd"},
	}
	for _, args := range tests {
		t.Run(args[0], func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, nil)
			code, _, stderr := c.run(t, args...)
			require.Equal(t, 0, code, stderr)
			require.Contains(t, stderr, "Created a new store: "+filepath.Join(c.dir, "taskgate.sqlite3")+".")
			require.FileExists(t, filepath.Join(c.dir, "taskgate.sqlite3"))
			_, _, stderr = c.run(t, args...)
			require.NotContains(t, stderr, "Created a new store", "only once")
			c.ok(t, "account", "list")
		})
	}
}
