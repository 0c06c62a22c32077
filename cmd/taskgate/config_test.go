package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway"
)

// configCase is serve's configuration from a configuration file (at the default path when it is
// not empty), an environment and a command line.
type configCase struct {
	file string
	env  map[string]string
	args []string
}

// parseServeConfig parses serve's options as runServe does, with c.file at the default path.
func parseServeConfig(t *testing.T, c configCase) (gateway.Config, *optionSet, error) {
	t.Helper()
	cfg := gateway.DefaultConfig()
	var lc logConfig
	set := serveOptions(&cfg, &lc)
	e := &environment{getenv: func(k string) string { return c.env[k] }, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{},
		defaultConfig: filepath.Join(t.TempDir(), "taskgate.yaml")}
	if c.file != "" {
		require.NoError(t, os.WriteFile(e.defaultConfig, []byte(c.file), 0o600))
	}
	if err := e.parseOnly(set, c.args); err != nil {
		return cfg, set, err
	}
	return cfg, set, set.problems(cfg.Validate())
}

func TestConfigPrecedence(t *testing.T) {
	t.Parallel()
	const file = "data-dir: /file\nhttp-listen: [127.0.0.1:1, 127.0.0.1:2]\ncreate-clients: false\nmax-body: 1MiB\n" +
		"taskd-hostname: file.example.org\nsnapshot-days: 7\n"
	type want struct {
		dataDir   string
		listen    []string
		create    bool
		maxBody   int64
		hostnames []string
		days      int
	}
	tests := []struct {
		name string
		c    configCase
		want want
	}{
		{"Default", configCase{}, want{"./taskgate-data", []string{"127.0.0.1:8080"}, true, 100 << 20, nil, 14}},
		{"FileBeatsDefault", configCase{file: file},
			want{"/file", []string{"127.0.0.1:1", "127.0.0.1:2"}, false, 1 << 20, []string{"file.example.org"}, 7}},
		{"EnvBeatsFile", configCase{file: file, env: map[string]string{"TASKGATE_DATA_DIR": "/env", "LISTEN": "127.0.0.1:3",
			"CREATE_CLIENTS": "true", "TASKGATE_MAX_BODY": "2MiB", "TASKGATE_TASKD_HOSTNAME": "a.org,b.org"}},
			want{"/env", []string{"127.0.0.1:3"}, true, 2 << 20, []string{"a.org", "b.org"}, 7}},
		{"FlagBeatsEnv", configCase{file: file, env: map[string]string{"TASKGATE_DATA_DIR": "/env", "LISTEN": "127.0.0.1:3",
			"TASKGATE_MAX_BODY": "2MiB"}, args: []string{"--data-dir", "/flag", "--http-listen", "127.0.0.1:4",
			"--http-listen", "127.0.0.1:5", "--no-create-clients", "--max-body", "3MiB", "--snapshot-days", "9"}},
			want{"/flag", []string{"127.0.0.1:4", "127.0.0.1:5"}, false, 3 << 20, []string{"file.example.org"}, 9}},
		{"NullKeepsDefault", configCase{file: "data-dir:\nhttp-listen: ~\n# only comments\n"},
			want{"./taskgate-data", []string{"127.0.0.1:8080"}, true, 100 << 20, nil, 14}},
		{"ListAsCommas", configCase{file: "http-listen: 127.0.0.1:1, 127.0.0.1:2\n"},
			want{"./taskgate-data", []string{"127.0.0.1:1", "127.0.0.1:2"}, true, 100 << 20, nil, 14}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, _, err := parseServeConfig(t, tt.c)
			require.NoError(t, err)
			got := want{cfg.DataDir, cfg.HTTPListen, cfg.Champion.CreateClients, cfg.Champion.MaxBody, cfg.Taskd.Hostnames,
				cfg.Champion.SnapshotDays}
			require.Equal(t, tt.want, got)
		})
	}
}

func TestConfigSources(t *testing.T) {
	t.Parallel()
	_, set, err := parseServeConfig(t, configCase{file: "# taskgate\ndata-dir: /file\nmax-body: 1MiB\n",
		env: map[string]string{"TASKGATE_MAX_BODY": "2MiB"}, args: []string{"--snapshot-days", "3"}})
	require.NoError(t, err)
	require.Regexp(t, `taskgate\.yaml:2: data-dir$`, set.source("data-dir"))
	require.Equal(t, "TASKGATE_MAX_BODY", set.source("max-body"))
	require.Equal(t, "--snapshot-days", set.source("snapshot-days"))
	require.Equal(t, "default", set.source("http-listen"))
}

func TestConfigFileWhere(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	named := filepath.Join(dir, "named.yaml")
	require.NoError(t, os.WriteFile(named, []byte("data-dir: /named\n"), 0o600))
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		dataDir string
		err     string
	}{
		{"Flag", nil, []string{"--config", named}, "/named", ""},
		{"Env", map[string]string{"TASKGATE_CONFIG": named}, nil, "/named", ""},
		{"FlagMissing", nil, []string{"--config", filepath.Join(dir, "nope.yaml")}, "", "nope.yaml: no such file"},
		{"EnvMissing", map[string]string{"TASKGATE_CONFIG": filepath.Join(dir, "nope.yaml")}, nil, "", "nope.yaml: no such file"},
		{"DefaultMissing", nil, nil, "./taskgate-data", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, _, err := parseServeConfig(t, configCase{env: tt.env, args: tt.args})
			if tt.err != "" {
				require.ErrorContains(t, err, tt.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.dataDir, cfg.DataDir)
		})
	}
}

func TestConfigFileProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		want []string
	}{
		{"UnknownKey", "data-dir: /d\nlisten-http: 127.0.0.1:1\n", []string{`taskgate.yaml:2: unknown key "listen-http"`}},
		{"Underscore", "data_dir: /d\n", []string{`taskgate.yaml:1: unknown key "data_dir" (did you mean data-dir?)`}},
		{"Dashes", "--data-dir: /d\n", []string{`(did you mean data-dir?)`}},
		{"CommandLineOnly", "no-create-clients: true\n", []string{`taskgate.yaml:1: unknown key "no-create-clients"`}},
		{"SecretValue", "master-key: 00\n", []string{`taskgate.yaml:1: unknown key "master-key"`}},
		{"ListForOneValue", "data-dir: [/a, /b]\n", []string{"taskgate.yaml:1: data-dir: takes one value, not a list"}},
		{"Mapping", "max-body:\n  size: 1\n", []string{"taskgate.yaml:2: max-body: expected a value or a list of values"}},
		{"Again", "data-dir: /a\n\ndata-dir: /b\n", []string{"taskgate.yaml:3: data-dir is set again (first on line 1)"}},
		{"NotAMapping", "- data-dir\n", []string{"taskgate.yaml:1: expected lines of key: value"}},
		{"Syntax", "data-dir: /a\n  b: c: d\n", []string{"taskgate.yaml: yaml: line 2"}},
		{"BadValueNamesLine", "snapshot-days: soon\nmax-body: lots\n",
			[]string{`taskgate.yaml:1: snapshot-days: "soon" is not a whole number`, `taskgate.yaml:2: max-body: "lots" is not a size`}},
		{"AllTogether", "data_dir: /a\nmax-body: lots\n", []string{`unknown key "data_dir"`, `max-body: "lots"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, _, err := parseServeConfig(t, configCase{file: tt.file, env: map[string]string{"TASKGATE_DATA_DIR": "/env"}})
			require.Error(t, err)
			require.True(t, strings.HasPrefix(err.Error(), "invalid configuration:\n"), err.Error())
			for _, want := range tt.want {
				require.Contains(t, err.Error(), want)
			}
		})
	}
}

// TestConfigOneFileForAll checks that keys one command has no use for are accepted by the others:
// the file serve and the admin commands share holds both kinds.
func TestConfigOneFileForAll(t *testing.T) {
	t.Parallel()
	const file = "public-url: https://tasks.example.org\ntaskd-public-addr: tasks.example.org:53589\n" +
		"max-body: 1MiB\nlog-level: debug\nmetrics-listen: 127.0.0.1:9100\n"
	_, _, err := parseServeConfig(t, configCase{file: file})
	require.NoError(t, err)
	c := newCLI(t, nil)
	c.defaultConfig = filepath.Join(t.TempDir(), "taskgate.yaml")
	require.NoError(t, os.WriteFile(c.defaultConfig, []byte(file), 0o600))
	out := c.ok(t, "account", "add", "home", "--plaintext", "--json")
	require.Contains(t, out, `"sync.server.url": "https://tasks.example.org"`)
	c.ok(t, "account", "list")
	c.ok(t, "migrate")
}

func TestSecretFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	secret := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	fileURL := secret("file-db", "postgres://file@db/taskgate\n")
	envURL := secret("env-db", "postgres://env@db/taskgate\r\n")
	flagURL := secret("flag-db", "postgres://flag@db/taskgate")
	empty := secret("empty", "\n")
	tests := []struct {
		name string
		c    configCase
		db   string
		err  []string
	}{
		{"File", configCase{file: "db-file: " + fileURL + "\n"}, "postgres://file@db/taskgate", nil},
		{"Env", configCase{file: "db: postgres://plain@db/x\n", env: map[string]string{"TASKGATE_DB_FILE": envURL}},
			"postgres://env@db/taskgate", nil},
		{"FlagBeatsEnv", configCase{env: map[string]string{"TASKGATE_DB": "postgres://env@db/x"}, args: []string{"--db-file", flagURL}},
			"postgres://flag@db/taskgate", nil},
		{"ReferenceNameAndFile", configCase{env: map[string]string{"TASKGATE_DB_FILE": envURL, "CONNECTION": "postgres://ref@db/x"}},
			"", []string{"CONNECTION and TASKGATE_DB_FILE are both set; give only one"}},
		{"BothInEnv", configCase{env: map[string]string{"TASKGATE_DB": "postgres://env@db/x", "TASKGATE_DB_FILE": envURL}},
			"", []string{"TASKGATE_DB and TASKGATE_DB_FILE are both set; give only one"}},
		{"BothInFile", configCase{file: "db: postgres://a@db/x\ndb-file: " + fileURL + "\n"},
			"", []string{"taskgate.yaml: db (line 1) and db-file (line 2) are both set; give only one"}},
		{"BothFlags", configCase{args: []string{"--db", "postgres://a@db/x", "--db-file", flagURL}},
			"", []string{"--db and --db-file are both set; give only one"}},
		{"Missing", configCase{env: map[string]string{"TASKGATE_DB_FILE": filepath.Join(dir, "nope")}},
			"", []string{"TASKGATE_DB_FILE: reading the secret: open " + filepath.Join(dir, "nope")}},
		{"Empty", configCase{args: []string{"--db-file", empty}}, "", []string{"--db-file: " + empty + " is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, _, err := parseServeConfig(t, tt.c)
			if tt.err != nil {
				require.Error(t, err)
				for _, want := range tt.err {
					require.Contains(t, err.Error(), want)
				}
				require.NotContains(t, err.Error(), "postgres://", "a secret is never shown")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.db, cfg.DB)
		})
	}
}

func TestMasterKeyFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.key")
	require.NoError(t, os.WriteFile(good, []byte(strings.Repeat("ab", 32)+"\n"), 0o600))
	bad := filepath.Join(dir, "bad.key")
	require.NoError(t, os.WriteFile(bad, []byte("not a key\n"), 0o600))
	cfg, _, err := parseServeConfig(t, configCase{env: map[string]string{"TASKGATE_MASTER_KEY_FILE": good}})
	require.NoError(t, err)
	require.NoError(t, cfg.Preflight(), "a key file with a trailing line break is read")
	cfg, _, err = parseServeConfig(t, configCase{file: "master-key-file: " + bad + "\n"})
	require.NoError(t, err)
	require.ErrorContains(t, cfg.Preflight(), "--master-key-file: "+bad+": a master key is 32 bytes")
}
