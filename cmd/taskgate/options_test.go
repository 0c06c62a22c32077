package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway"
)

func parseServe(t *testing.T, env map[string]string, args ...string) (gateway.Config, error) {
	t.Helper()
	cfg := gateway.DefaultConfig()
	var lc logConfig
	set := serveOptions(&cfg, &lc)
	e := &environment{getenv: func(k string) string { return env[k] }, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	if err := e.parseOnly(set, args); err != nil {
		return cfg, err
	}
	return cfg, set.problems(cfg.Validate())
}

func TestServePrecedence(t *testing.T) {
	t.Parallel()
	id1, id2 := uuid.New(), uuid.New()
	tests := []struct {
		name  string
		env   map[string]string
		args  []string
		check func(t *testing.T, c gateway.Config)
	}{
		{"Defaults", nil, nil, func(t *testing.T, c gateway.Config) {
			require.Equal(t, []string{"127.0.0.1:8080"}, c.HTTPListen)
			require.Equal(t, "./taskgate-data", c.DataDir)
			require.True(t, c.Champion.CreateClients)
			require.True(t, c.Migrate)
			require.EqualValues(t, 100<<20, c.Champion.MaxBody)
		}},
		{"ReferenceNames", map[string]string{"LISTEN": "0.0.0.0:9000,[::]:9000", "DATA_DIR": "/d", "CREATE_CLIENTS": "false",
			"CLIENT_ID": id1.String() + "," + id2.String(), "SNAPSHOT_VERSIONS": "7", "SNAPSHOT_DAYS": "3"}, nil,
			func(t *testing.T, c gateway.Config) {
				require.Equal(t, []string{"0.0.0.0:9000", "[::]:9000"}, c.HTTPListen)
				require.Equal(t, "/d", c.DataDir)
				require.False(t, c.Champion.CreateClients)
				require.Equal(t, []uuid.UUID{id1, id2}, c.Champion.AllowClientIDs)
				require.Equal(t, 7, c.Champion.SnapshotVersions)
				require.Equal(t, 3, c.Champion.SnapshotDays)
			}},
		{"TaskgateBeatsReference", map[string]string{"DATA_DIR": "/ref", "TASKGATE_DATA_DIR": "/tg"}, nil,
			func(t *testing.T, c gateway.Config) { require.Equal(t, "/tg", c.DataDir) }},
		{"FlagBeatsEnv", map[string]string{"TASKGATE_DATA_DIR": "/tg", "LISTEN": "0.0.0.0:1"}, []string{"--data-dir", "/flag", "--http-listen", "127.0.0.1:2"},
			func(t *testing.T, c gateway.Config) {
				require.Equal(t, "/flag", c.DataDir)
				require.Equal(t, []string{"127.0.0.1:2"}, c.HTTPListen)
			}},
		{"Switches", nil, []string{"--no-create-clients", "--no-migrate", "--max-body", "1MiB"},
			func(t *testing.T, c gateway.Config) {
				require.False(t, c.Champion.CreateClients)
				require.False(t, c.Migrate)
				require.EqualValues(t, 1<<20, c.Champion.MaxBody)
			}},
		{"MasterKey", map[string]string{"TASKGATE_MASTER_KEY": "ab", "TASKGATE_MASTER_KEY_FILE": "/env.key"}, []string{"--master-key-file", "/flag.key"},
			func(t *testing.T, c gateway.Config) {
				require.Equal(t, "ab", c.MasterKey)
				require.Equal(t, "/flag.key", c.MasterKeyFile)
			}},
		{"CreateClientsFlagValue", nil, []string{"--create-clients=false"},
			func(t *testing.T, c gateway.Config) { require.False(t, c.Champion.CreateClients) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := parseServe(t, tt.env, tt.args...)
			require.NoError(t, err)
			tt.check(t, cfg)
		})
	}
}

func TestServeReportsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := parseServe(t, map[string]string{"SNAPSHOT_DAYS": "soon", "CLIENT_ID": "not-a-uuid"},
		"--max-body", "lots", "--http-listen", "nope", "--db", "mysql://x", "--snapshot-versions", "0")
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{"SNAPSHOT_DAYS", "CLIENT_ID", "--max-body", "--http-listen", "--db", "--snapshot-versions"} {
		require.Containsf(t, msg, want, "message %q", msg)
	}
	require.True(t, strings.HasPrefix(msg, "invalid configuration:"))
}

func TestHelpDocumentsEveryOption(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	code := run(t.Context(), &environment{getenv: func(string) string { return "" }, stdout: &out, stderr: &out}, []string{"serve", "--help"})
	require.Equal(t, 0, code)
	cfg := gateway.DefaultConfig()
	var lc logConfig
	for _, o := range serveOptions(&cfg, &lc).opts {
		require.Contains(t, out.String(), o.name())
	}
	require.Contains(t, out.String(), "--master-key-file PATH")
	require.Contains(t, out.String(), "TASKGATE_MASTER_KEY (environment only)")
}
