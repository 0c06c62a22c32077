package interop

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// plainAccount is a plaintext account made with `taskgate account add --plaintext --json`: the
// Taskwarrior 3 settings it printed (account) and, when made with --taskd, its Taskwarrior 2.x
// settings (taskrc2, the file paths as the host sees them).
type plainAccount struct {
	account
	name    string
	taskrc2 map[string]string
}

// accountJSON is the part of the --json output of `taskgate account add` the tests read.
type accountJSON struct {
	Taskrc3 map[string]string `json:"taskrc3"`
	Taskrc2 map[string]string `json:"taskrc2"`
}

// admin runs `taskgate ARGS… STORE-FLAGS` on the server's store (the server keeps running) and
// returns its standard output.
func (s *server) admin(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(taskgateBin, append(args, s.store...)...)
	cmd.Env = s.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	require.NoError(t, err, "taskgate %s\nstdout:\n%s\nstderr:\n%s", strings.Join(cmd.Args[1:], " "), stdout.String(), stderr.String())
	return stdout.String()
}

// addPlaintext creates a plaintext account whose settings point at the server; extra adds
// options such as --taskd ORG/USER --out DIR.
func (s *server) addPlaintext(t *testing.T, name string, extra ...string) plainAccount {
	t.Helper()
	args := append([]string{"account", "add", name, "--plaintext", "--json", "--public-url", s.url}, extra...)
	out := s.admin(t, args...)
	var got accountJSON
	require.NoError(t, json.Unmarshal([]byte(out), &got), "account add --json output:\n%s", out)
	acct := account{
		url:      got.Taskrc3["sync.server.url"],
		clientID: got.Taskrc3["sync.server.client_id"],
		secret:   got.Taskrc3["sync.encryption_secret"],
	}
	require.Equal(t, s.url, acct.url, "sync.server.url of account add --json:\n%s", out)
	require.NotEmpty(t, acct.clientID, "sync.server.client_id of account add --json:\n%s", out)
	require.NotEmpty(t, acct.secret, "sync.encryption_secret of account add --json:\n%s", out)
	return plainAccount{account: acct, name: name, taskrc2: got.Taskrc2}
}

// export returns `taskgate account export NAME` keyed by uuid.
func (s *server) export(t *testing.T, name string) exportedTasks {
	t.Helper()
	return parseExport(t, s.admin(t, "account", "export", name))
}
