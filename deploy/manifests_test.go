package deploy_test

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/taskgate/taskgate/internal/testaddr"
	"github.com/taskgate/taskgate/store/storetest"
)

// image is what the Dockerfile gives every container: entrypoint, default command and
// environment.
type image struct {
	entrypoint, cmd []string
	env             map[string]string
}

// launch is one container as a runtime would start it from a manifest.
type launch struct {
	argv []string
	env  map[string]string
}

// TestManifestsRun requires every variable the image, the compose file and the Kubernetes
// manifest set to be read by taskgate serve or its admin commands, and starts taskgate exactly as the image, the compose file and the Kubernetes
// manifest would (entrypoint plus command, joined as a container runtime joins them, and every
// variable they set) on PostgreSQL, and requires it to become ready and stop cleanly. Values
// that name the container's world (listen addresses, the data directory, secret files, the
// database) are replaced by ones of this machine; names and arguments stay as written.
func TestManifestsRun(t *testing.T) {
	t.Parallel()
	img := readImage(t)
	bin := buildTaskgate(t)
	help, err := run(t, bin, "serve", "--help")
	require.NoError(t, err, help)
	adminHelp, err := run(t, bin, "account", "add", "--help")
	require.NoError(t, err, adminHelp)
	help += adminHelp // variables for the admin commands run in the container
	for name, l := range map[string]launch{
		"image":      {argv: slices.Concat(img.entrypoint, img.cmd), env: img.env},
		"compose":    composeLaunch(t, img),
		"kubernetes": kubernetesLaunch(t, img),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			for env := range l.env {
				require.True(t, strings.Contains(help, "env: "+env) || strings.Contains(help, ", "+env),
					"%s sets %s, which neither taskgate serve nor its admin commands read", name, env)
			}
			runLaunch(t, bin, l)
		})
	}
}

// TestImageRunsAdminCommands: `docker run IMAGE account list` runs the admin command in the
// image's environment.
func TestImageRunsAdminCommands(t *testing.T) {
	t.Parallel()
	img := readImage(t)
	bin := buildTaskgate(t)
	env := localEnv(t, img.env)
	cmd := exec.Command(bin, "account", "add", "home", "--encrypted")
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	cmd = exec.Command(bin, "account", "list")
	cmd.Env = env
	out, err = cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Contains(t, string(out), "home")
}

// TestDockerignore: the build context holds every package the binary is built from and none of
// a data directory, a built binary or test data.
func TestDockerignore(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../.dockerignore")
	require.NoError(t, err)
	lines := strings.Split(string(b), "\n")
	require.Contains(t, lines, "*", "everything is excluded unless named")
	out, err := run(t, "go", "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", "github.com/taskgate/taskgate/cmd/taskgate")
	require.NoError(t, err, out)
	for _, pkg := range strings.Fields(out) {
		rest, ok := strings.CutPrefix(pkg, "github.com/taskgate/taskgate/")
		if !ok {
			continue
		}
		top, _, _ := strings.Cut(rest, "/")
		require.Contains(t, lines, "!"+top+"/", "the image is built from %s", pkg)
	}
	require.NotContains(t, lines, "!taskgate-data/")
	require.Contains(t, lines, "**/testdata/")
}

// readImage reads ENTRYPOINT, CMD and ENV of the final stage of the Dockerfile.
func readImage(t *testing.T) image {
	t.Helper()
	b, err := os.ReadFile("Dockerfile")
	require.NoError(t, err)
	img := image{env: map[string]string{}}
	for line := range strings.Lines(string(b)) {
		word, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
		switch word {
		case "ENTRYPOINT":
			require.NoError(t, json.Unmarshal([]byte(rest), &img.entrypoint), line)
		case "CMD":
			require.NoError(t, json.Unmarshal([]byte(rest), &img.cmd), line)
		case "ENV":
			for _, kv := range strings.Fields(rest) {
				k, v, _ := strings.Cut(kv, "=")
				img.env[k] = v
			}
		}
	}
	require.Equal(t, []string{"/usr/bin/taskgate"}, img.entrypoint, "the entrypoint is the binary, so admin commands run too")
	require.Equal(t, []string{"serve"}, img.cmd)
	return img
}

// composeLaunch is the taskgate service of the compose file.
func composeLaunch(t *testing.T, img image) launch {
	t.Helper()
	var f struct {
		Services map[string]struct {
			Entrypoint  []string          `yaml:"entrypoint"`
			Command     []string          `yaml:"command"`
			Environment map[string]string `yaml:"environment"`
			Ports       []string          `yaml:"ports"`
		} `yaml:"services"`
	}
	readYAML(t, "compose.yaml", &f)
	require.Empty(t, f.Services["postgres"].Ports, "PostgreSQL is not published on the host")
	svc := f.Services["taskgate"]
	require.Contains(t, svc.Ports, "53589:53589", "taskd is published")
	return launch{argv: runtimeArgv(img, svc.Entrypoint, svc.Command), env: merged(img.env, svc.Environment)}
}

// kubernetesLaunch is the container of the Deployment in the Kubernetes manifest.
func kubernetesLaunch(t *testing.T, img image) launch {
	t.Helper()
	b, err := os.ReadFile("kubernetes/taskgate.yaml")
	require.NoError(t, err)
	var dep struct {
		Spec struct {
			Template struct {
				Spec struct {
					Containers []struct {
						Command []string `yaml:"command"`
						Args    []string `yaml:"args"`
						Env     []struct {
							Name  string `yaml:"name"`
							Value string `yaml:"value"`
						} `yaml:"env"`
						ReadinessProbe struct {
							HTTPGet struct{ Path string } `yaml:"httpGet"`
						} `yaml:"readinessProbe"`
						LivenessProbe struct {
							HTTPGet struct{ Path string } `yaml:"httpGet"`
						} `yaml:"livenessProbe"`
					} `yaml:"containers"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	require.NoError(t, yaml.NewDecoder(bytes.NewReader(b)).Decode(&dep))
	c := dep.Spec.Template.Spec.Containers[0]
	require.Equal(t, "/readyz", c.ReadinessProbe.HTTPGet.Path)
	require.Equal(t, "/healthz", c.LivenessProbe.HTTPGet.Path)
	env := map[string]string{}
	for _, e := range c.Env {
		env[e.Name] = e.Value
	}
	return launch{argv: runtimeArgv(img, c.Command, c.Args), env: merged(img.env, env)}
}

// runtimeArgv joins entrypoint and command as Docker and Kubernetes do: a given entrypoint
// replaces the image's and drops its command; given arguments replace the image's command.
func runtimeArgv(img image, entrypoint, command []string) []string {
	if entrypoint != nil {
		return slices.Concat(entrypoint, command)
	}
	if command == nil {
		command = img.cmd
	}
	return slices.Concat(img.entrypoint, command)
}

func readYAML(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(b, v), file)
}

func merged(a, b map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		out[k] = v
	}
	return out
}

// interpolation is a compose ${VAR:-default} or ${VAR:?message}.
var interpolation = regexp.MustCompile(`\$\{[A-Z_]+(:-([^}]*)|:\?[^}]*)?\}`)

// localEnv turns a container's variables into ones for this machine.
func localEnv(t *testing.T, env map[string]string) []string {
	t.Helper()
	dir := t.TempDir()
	out := []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		v = interpolation.ReplaceAllString(v, "${2}")
		switch {
		case strings.HasSuffix(k, "LISTEN"):
			v = testaddr.Loopback(t)
		case k == "DATA_DIR" || k == "TASKGATE_DATA_DIR":
			v = dir
		case k == "TASKGATE_DB":
			v = storetest.PostgresSchema(t)
		case k == "TASKGATE_DB_FILE":
			v = secretFile(t, storetest.PostgresSchema(t))
		case k == "TASKGATE_MASTER_KEY_FILE":
			v = secretFile(t, strings.Repeat("5a", 32))
		}
		out = append(out, k+"="+v)
	}
	return out
}

func secretFile(t *testing.T, value string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(path, []byte(value+"\n"), 0o600))
	return path
}

// runLaunch starts l with bin in place of the image's binary, waits for it to serve (GET
// /readyz 200 on the admin listener, or GET / on the HTTP listener, and the taskd port
// accepting), then stops it with SIGTERM and requires exit status 0.
func runLaunch(t *testing.T, bin string, l launch) {
	t.Helper()
	require.Equal(t, "/usr/bin/taskgate", l.argv[0])
	env := localEnv(t, l.env)
	cmd := exec.Command(bin, l.argv[1:]...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	url := readyURL(env)
	require.Eventually(t, func() bool {
		select {
		case err := <-exited:
			exited <- err
			return true
		default:
		}
		resp, err := http.Get(url)
		if err != nil {
			return false
		}
		_ = resp.Body.Close()
		return resp.StatusCode == http.StatusOK && accepts(lookup(env, "TASKGATE_TASKD_LISTEN"))
	}, time.Minute, 100*time.Millisecond)
	select {
	case err := <-exited:
		t.Fatalf("taskgate %v exited: %v\n%s", l.argv, err, out.String())
	default:
	}
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	require.NoError(t, <-exited, "taskgate %v:\n%s", l.argv, out.String())
}

// readyURL is /readyz on the admin listener if there is one, else / on the HTTP listener.
func readyURL(env []string) string {
	if a := lookup(env, "TASKGATE_ADMIN_LISTEN"); a != "" {
		return "http://" + a + "/readyz"
	}
	if a := lookup(env, "TASKGATE_HTTP_LISTEN"); a != "" {
		return "http://" + a + "/"
	}
	return "http://" + lookup(env, "LISTEN") + "/"
}

func lookup(env []string, name string) string {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, name+"="); ok {
			return v
		}
	}
	return ""
}

// accepts reports whether addr takes TCP connections; no address has nothing to check.
func accepts(addr string) bool {
	if addr == "" {
		return true
	}
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	_ = c.Close()
	return true
}
