package interop

import (
	"encoding/json"
	"maps"
	"net"
	"testing"

	"github.com/stretchr/testify/require"
)

// addTaskdAccount creates a plaintext account with taskd credentials HOUSEHOLD/NAME and a first
// device certificate in a fresh directory; taskrc2 holds that device's settings.
func (s *server) addTaskdAccount(t *testing.T, name string) plainAccount {
	t.Helper()
	require.NotEmpty(t, s.taskdAddr, "the server was started without its taskd listener")
	acct := s.addPlaintext(t, name, "--taskd", "Household/"+name, "--device", name+"-first",
		"--out", t.TempDir(), "--taskd-public-addr", s.taskdAddr)
	requireTaskrc2(t, acct.taskrc2, s.taskdAddr)
	return acct
}

// addDevice issues another device certificate for the account and returns its settings.
func (s *server) addDevice(t *testing.T, name, device string) map[string]string {
	t.Helper()
	out := s.admin(t, "account", "device", "add", name, "--device", device, "--out", t.TempDir(), "--json",
		"--taskd-public-addr", s.taskdAddr)
	var got accountJSON
	require.NoError(t, json.Unmarshal([]byte(out), &got), "account device add --json output:\n%s", out)
	requireTaskrc2(t, got.Taskrc2, s.taskdAddr)
	return got.Taskrc2
}

// requireTaskrc2 checks that settings has every Taskwarrior 2.x setting a device needs.
func requireTaskrc2(t *testing.T, settings map[string]string, taskdAddr string) {
	t.Helper()
	for _, key := range []string{"taskd.ca", "taskd.certificate", "taskd.key", "taskd.credentials"} {
		require.NotEmpty(t, settings[key], "%s missing from the taskrc2 settings %v", key, settings)
	}
	require.Equal(t, taskdAddr, settings["taskd.server"], "taskd.server of the taskrc2 settings")
}

// with returns a copy of settings with the key/value pairs kv set.
func with(settings map[string]string, kv ...string) map[string]string {
	out := maps.Clone(settings)
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// taskdPort returns the port of the server's taskd listener.
func (s *server) taskdPort(t *testing.T) string {
	t.Helper()
	_, port, err := net.SplitHostPort(s.taskdAddr)
	require.NoError(t, err)
	return port
}

// requireSameExport requires equal exports apart from the fields each device computes (id and
// urgency); numbers compare by value (see exportedTasks).
func requireSameExport(t *testing.T, wantName string, want exportedTasks, gotName string, got exportedTasks) {
	t.Helper()
	require.Equal(t, want.without(localOnly...), got.without(localOnly...),
		"task export of %s (want) and of %s (got) differ beyond id and urgency", wantName, gotName)
}
