package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

// serverConfig is a configuration file of a server that listens on other ports than the defaults
// and tells 2.x clients its name.
const serverConfig = "http-listen: 0.0.0.0:27080\ntaskd-listen: \"[::]:27589\"\ntaskd-hostname: [tasks.example.org, localhost]\n"

// TestTaskrcFromConfig checks that the .taskrc lines account commands print come from the
// configuration serve reads (its file, then the environment), and that --public-url and
// --taskd-public-addr beat both.
func TestTaskrcFromConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		env         map[string]string
		args        []string
		url, server string
	}{
		{"File", nil, nil, "http://localhost:27080", "tasks.example.org:27589"},
		{"EnvBeatsFile", map[string]string{"LISTEN": "127.0.0.1:9000", "TASKGATE_TASKD_LISTEN": "0.0.0.0:9001",
			"TASKGATE_TASKD_HOSTNAME": "env.example.org"}, nil, "http://127.0.0.1:9000", "env.example.org:9001"},
		{"FlagsBeatAll", map[string]string{"TASKGATE_PUBLIC_URL": "https://env.example.org"},
			[]string{"--public-url", "https://tasks.example.org/sync", "--taskd-public-addr", "tasks.example.org:443"},
			"https://tasks.example.org/sync", "tasks.example.org:443"},
		{"PublicSettingsInFile", map[string]string{"TASKGATE_CONFIG": "public"}, nil, "https://public.example.org", "public.example.org:53589"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := configuredCLI(t, tt.env)
			args := append([]string{"account", "add", "home", "--plaintext", "--taskd", "Public/home", "--out", t.TempDir(), "--json"}, tt.args...)
			var d struct {
				Taskrc3 map[string]string `json:"taskrc3"`
				Taskrc2 map[string]string `json:"taskrc2"`
			}
			require.NoError(t, json.Unmarshal([]byte(c.ok(t, args...)), &d))
			require.Equal(t, tt.url, d.Taskrc3["sync.server.url"])
			require.Equal(t, tt.server, d.Taskrc2["taskd.server"])
			show := c.ok(t, append([]string{"account", "show", "home"}, tt.args...)...)
			require.Equal(t, tt.url, requireTaskrc(t, show, "sync.server.url"), "show agrees with add")
			require.Equal(t, tt.server, requireTaskrc(t, show, "taskd.server"))
		})
	}
}

// TestConvertPrintsServersURL is the case of a server on port 27080 whose convert printed 8080.
func TestConvertPrintsServersURL(t *testing.T) {
	t.Parallel()
	c := configuredCLI(t, nil)
	var d struct {
		ClientIDs []uuid.UUID `json:"client_ids"`
	}
	require.NoError(t, json.Unmarshal([]byte(c.ok(t, "account", "add", "laptop", "--encrypted", "--json")), &d))
	const secret = "my own secret"
	appendSealed(t, c.dir, "laptop", codec.DeriveKey([]byte(secret), d.ClientIDs[0]))
	file := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(file, []byte(secret+"\n"), 0o600))
	out := c.ok(t, "account", "convert", "laptop", "--to", "plaintext", "--secret-file", file)
	require.Equal(t, "http://localhost:27080", requireTaskrc(t, out, "sync.server.url"))
}

// configuredCLI is a cli whose default configuration file is serverConfig, with a second file
// "public" (for TASKGATE_CONFIG) that sets the public addresses directly.
func configuredCLI(t *testing.T, env map[string]string) *cli {
	t.Helper()
	c := newCLI(t, env)
	etc := t.TempDir()
	c.defaultConfig = filepath.Join(etc, "taskgate.yaml")
	require.NoError(t, os.WriteFile(c.defaultConfig, []byte(serverConfig), 0o600))
	if c.env["TASKGATE_CONFIG"] == "public" {
		c.env["TASKGATE_CONFIG"] = filepath.Join(etc, "public.yaml")
		require.NoError(t, os.WriteFile(c.env["TASKGATE_CONFIG"], []byte("public-url: https://public.example.org\n"+
			"taskd-public-addr: public.example.org:53589\n"), 0o600))
	}
	return c
}
