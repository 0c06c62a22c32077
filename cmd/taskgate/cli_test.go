package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCLIOutput checks where help, the version and command line mistakes are written and the
// exit status: help and the version on standard output with 0, a mistake in two lines on
// standard error with 2.
func TestCLIOutput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args   []string
		code   int
		stdout string // a part of standard output; "" requires it empty
		stderr string // all of standard error, or with a trailing "…" its beginning
	}{
		{[]string{"--help"}, 0, "Usage: taskgate COMMAND [options]", ""},
		{[]string{"-h"}, 0, "Usage: taskgate COMMAND [options]", ""},
		{[]string{"help"}, 0, "Usage: taskgate COMMAND [options]", ""},
		{[]string{"help", "serve"}, 0, "Usage: taskgate serve [options]", ""},
		{[]string{"help", "account", "add"}, 0, "Usage: taskgate account add NAME", ""},
		{[]string{"help", "import"}, 0, "Sources:\n  taskd", ""},
		{[]string{"serve", "--help"}, 0, "--http-listen ADDR", ""},
		{[]string{"serve", "-h"}, 0, "--config FILE", ""},
		{[]string{"migrate", "--help"}, 0, "Usage: taskgate migrate", ""},
		{[]string{"account", "--help"}, 0, "Subcommands:\n  add", ""},
		{[]string{"account", "device", "--help"}, 0, "Usage: taskgate account device SUBCOMMAND", ""},
		{[]string{"account", "list", "--help"}, 0, "Usage: taskgate account list", ""},
		{[]string{"import", "taskd", "-h"}, 0, "Usage: taskgate import taskd --root DIR", ""},
		{[]string{"--version"}, 0, "taskgate dev (go", ""},
		{[]string{"version"}, 0, "taskgate dev (go", ""},
		{[]string{"version", "--help"}, 0, "Print the version", ""},

		{[]string{"serve", "--bogus"}, 2, "", "taskgate serve: unknown flag --bogus\nRun 'taskgate serve --help' for usage.\n"},
		{[]string{"serve", "-bogus=1"}, 2, "", "taskgate serve: unknown flag --bogus\nRun 'taskgate serve --help' for usage.\n"},
		{[]string{"account", "add", "home", "--plaintext", "--bogus"}, 2, "",
			"taskgate account add: unknown flag --bogus\nRun 'taskgate account add --help' for usage.\n"},
		{[]string{"account", "device", "add", "--bogus"}, 2, "",
			"taskgate account device add: unknown flag --bogus\nRun 'taskgate account device add --help' for usage.\n"},
		{[]string{"serve", "--data-dir"}, 2, "", "taskgate serve: --data-dir needs a value\nRun 'taskgate serve --help' for usage.\n"},
		{[]string{"serve", "--no-migrate=perhaps"}, 1, "", "taskgate serve: invalid configuration:\n--no-migrate: \"perhaps\" is not true or false\n"},
		{[]string{"account", "show"}, 2, "",
			"taskgate account show: expected one account NAME, got 0 arguments\nRun 'taskgate account show --help' for usage.\n"},
		{[]string{"migrate", "extra"}, 2, "", "taskgate migrate: unexpected arguments: [extra]\nRun 'taskgate migrate --help' for usage.\n"},
		{[]string{"account"}, 2, "", "taskgate account: missing subcommand\nRun 'taskgate account --help' for usage.\n"},
		{[]string{"account", "nope"}, 2, "", "taskgate account: unknown subcommand \"nope\"\nRun 'taskgate account --help' for usage.\n"},
		{[]string{"nope"}, 2, "", "taskgate: unknown command \"nope\"\nRun 'taskgate --help' for usage.\n"},
		{[]string{"--data-dir", "x", "serve"}, 2, "", "taskgate: unknown flag --data-dir (flags go after the command)\n…"},
		{[]string{"help", "nope"}, 2, "", "taskgate: unknown command \"nope\"\n…"},
		{nil, 2, "", "taskgate: sync server for Taskwarrior…"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, nil)
			code, stdout, stderr := c.run(t, tt.args...)
			require.Equal(t, tt.code, code, stderr)
			if tt.stdout == "" {
				require.Empty(t, stdout)
			} else {
				require.Contains(t, stdout, tt.stdout)
			}
			if prefix, ok := strings.CutSuffix(tt.stderr, "…"); ok {
				require.True(t, strings.HasPrefix(stderr, prefix), stderr)
			} else {
				require.Equal(t, tt.stderr, stderr)
			}
			require.Empty(t, listDir(t, c.dir), "help and command line mistakes create nothing")
		})
	}
}

// TestServeReportsEverythingBeforeCreating gives serve a bad option of every kind: each is
// reported in one message and nothing is created, not even the data directory.
func TestServeReportsEverythingBeforeCreating(t *testing.T) {
	t.Parallel()
	c := newCLI(t, nil)
	dataDir := filepath.Join(c.dir, "data")
	c.env["TASKGATE_DATA_DIR"] = dataDir
	c.env["TASKGATE_LOG_LEVEL"] = "loud"
	c.defaultConfig = filepath.Join(c.dir, "taskgate.yaml")
	require.NoError(t, os.WriteFile(c.defaultConfig, []byte("max-body: lots\nhttp_listen: x\n"), 0o600))
	code, stdout, stderr := c.run(t, "serve", "--log-format", "xml", "--master-key-file", filepath.Join(c.dir, "none.key"),
		"--taskd-client-ca", filepath.Join(c.dir, "none.pem"), "--snapshot-days", "0")
	require.Equal(t, 1, code)
	require.Empty(t, stdout)
	for _, want := range []string{"taskgate serve: invalid configuration:\n", `taskgate.yaml:1: max-body: "lots"`,
		`taskgate.yaml:2: unknown key "http_listen" (did you mean http-listen?)`, `--log-level: "loud"`,
		`--log-format: "xml"`, "--master-key-file: reading the master key", "--taskd-client-ca: open", "--snapshot-days must be at least 1"} {
		require.Contains(t, stderr, want)
	}
	require.NoDirExists(t, dataDir)
}
