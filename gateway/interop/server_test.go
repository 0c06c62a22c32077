package interop

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/taskgate/taskgate/internal/testaddr"
)

const (
	// startTimeout covers migrations on a fresh PostgreSQL schema.
	startTimeout = 30 * time.Second
	// stopTimeout is how long a SIGTERM may take; an idle server stops at once.
	stopTimeout = 10 * time.Second
)

// server is a taskgate process. Its log (stdout and stderr, across restarts) goes to one file
// that is printed when the test fails.
type server struct {
	url       string
	addr      string
	taskdAddr string // the taskd TLS listener, "" when it is off
	store     []string
	env       []string
	args      []string
	logPath   string
	cmd       *exec.Cmd
	exited    chan error
}

// startServer starts taskgate (TaskChampion over HTTP only) on the store given by storeArgs and
// stops it when the test ends, requiring a clean exit.
func startServer(t *testing.T, storeArgs []string, extra ...string) *server {
	t.Helper()
	return launch(t, storeArgs, "off", extra)
}

// startTaskdServer is startServer with the taskd TLS listener on a free 127.0.0.1 port too.
func startTaskdServer(t *testing.T, storeArgs []string, extra ...string) *server {
	t.Helper()
	return launch(t, storeArgs, testaddr.Loopback(t), extra)
}

func launch(t *testing.T, storeArgs []string, taskd string, extra []string) *server {
	t.Helper()
	requireBinary(t)
	s := &server{addr: testaddr.Loopback(t), logPath: filepath.Join(t.TempDir(), "taskgate.log")}
	s.url = "http://" + s.addr
	if taskd != "off" {
		s.taskdAddr = taskd
	}
	s.store, s.env = storeArgs, taskgateEnv(storeArgs)
	s.args = append([]string{"serve", "--http-listen", s.addr, "--taskd-listen", taskd}, storeArgs...)
	s.args = append(s.args, extra...)
	t.Cleanup(func() { s.printLogOnFailure(t) })
	s.start(t)
	t.Cleanup(func() {
		if s.cmd != nil {
			s.stop(t)
		}
	})
	return s
}

// start launches the process and waits until GET / answers 200.
func (s *server) start(t *testing.T) {
	t.Helper()
	logFile, err := os.OpenFile(s.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	defer func() { _ = logFile.Close() }()
	cmd := exec.Command(taskgateBin, s.args...)
	cmd.Env = s.env
	cmd.Stdout, cmd.Stderr = logFile, logFile
	require.NoError(t, cmd.Start(), "starting taskgate %v", s.args)
	s.cmd, s.exited = cmd, make(chan error, 1)
	go func() { s.exited <- cmd.Wait() }()
	s.waitReady(t)
}

func (s *server) waitReady(t *testing.T) {
	t.Helper()
	client := http.Client{Timeout: time.Second}
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.exited:
			s.cmd = nil
			t.Fatalf("taskgate %v exited during start: %v", s.args, err)
		default:
		}
		if s.ready(&client) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("taskgate %v was not ready within %v (GET / answering 200, the taskd port, if any, accepting)", s.args, startTimeout)
}

// ready reports whether GET / answers 200 and the taskd listener, if any, accepts connections.
func (s *server) ready(client *http.Client) bool {
	resp, err := client.Get(s.url + "/")
	if err != nil {
		return false
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	if s.taskdAddr == "" {
		return true
	}
	conn, err := net.DialTimeout("tcp", s.taskdAddr, time.Second)
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

// stop sends SIGTERM and requires exit status 0 within stopTimeout.
func (s *server) stop(t *testing.T) {
	t.Helper()
	cmd := s.cmd
	s.cmd = nil
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	select {
	case err := <-s.exited:
		require.NoError(t, err, "taskgate should exit 0 on SIGTERM")
	case <-time.After(stopTimeout):
		_ = cmd.Process.Kill()
		<-s.exited
		t.Fatalf("taskgate did not exit within %v of SIGTERM", stopTimeout)
	}
}

// restart stops the server cleanly and starts it again on the same store and address.
func (s *server) restart(t *testing.T) {
	t.Helper()
	s.stop(t)
	s.start(t)
}

func (s *server) printLogOnFailure(t *testing.T) {
	if !t.Failed() {
		return
	}
	b, err := os.ReadFile(s.logPath)
	if err != nil {
		t.Logf("reading the taskgate log: %v", err)
		return
	}
	t.Logf("taskgate log (%s):\n%s", s.logPath, b)
}
