package main

import (
	"bytes"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"
)

// TestSignals sends the watcher SIGHUP, then SIGINT twice: SIGHUP is ignored, the first SIGINT
// stops gracefully and the second exits at once with the status a shell shows for it.
func TestSignals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		second os.Signal
		code   int
	}{
		{"Interrupt", syscall.SIGINT, 130},
		{"Terminate", syscall.SIGTERM, 143},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stderr bytes.Buffer
			var exited []int
			w := &signalWatcher{stderr: &stderr, exit: func(code int) { exited = append(exited, code) }}
			cancelled := 0
			sigs := make(chan os.Signal, 3)
			sigs <- syscall.SIGHUP
			sigs <- syscall.SIGINT
			sigs <- tt.second
			close(sigs)
			w.watch(sigs, func() { cancelled++ })
			require.Equal(t, 1, cancelled, "the first signal cancels")
			require.Equal(t, []int{tt.code}, exited, "the second exits")
			require.Equal(t, "taskgate: SIGHUP: signal ignored: logs go to standard error, there is no log file to reopen\n"+
				"taskgate: SIGINT: stopping; send the signal again to exit at once\n"+
				"taskgate: "+signalName(tt.second)+": second signal: exiting at once\n", stderr.String())
		})
	}
}

// TestSignalsLogged checks that once the command has a logger, the watcher reports through it.
func TestSignalsLogged(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zap.InfoLevel)
	var stderr bytes.Buffer
	w := &signalWatcher{stderr: &stderr, exit: func(int) { t.Error("no exit after one signal") }}
	w.useLogger(zap.New(core))
	sigs := make(chan os.Signal, 2)
	sigs <- syscall.SIGHUP
	sigs <- syscall.SIGTERM
	close(sigs)
	w.watch(sigs, func() {})
	require.Empty(t, stderr.String())
	entries := logs.TakeAll()
	require.Len(t, entries, 2)
	require.Equal(t, "SIGHUP", entries[0].ContextMap()["signal"])
	require.Equal(t, "SIGTERM", entries[1].ContextMap()["signal"])
	require.Contains(t, entries[1].Message, "stopping")
	(*signalWatcher)(nil).useLogger(zap.NewNop()) // commands run without a watcher in tests
}
