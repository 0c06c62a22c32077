package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// signalWatcher turns the first SIGINT or SIGTERM into a graceful stop (the command's context is
// cancelled: serve lets in-flight requests finish within --shutdown-timeout), exits at once on a
// second one, and ignores SIGHUP: taskgate logs to standard error, so it has no log file to
// reopen. It reports each signal through the command's logger once there is one, and on
// standard error before.
type signalWatcher struct {
	stderr io.Writer
	exit   func(code int)

	mu  sync.Mutex
	log *zap.Logger
}

// watchSignals starts handling SIGINT, SIGTERM and SIGHUP for the command run under the returned
// context, and makes env.signals the watcher; stop ends the handling.
func watchSignals(parent context.Context, env *environment) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	w := &signalWatcher{stderr: env.stderr, exit: os.Exit}
	env.signals = w
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		w.watch(sigs, cancel)
		close(done)
	}()
	return ctx, func() {
		signal.Stop(sigs)
		close(sigs)
		<-done
		cancel()
	}
}

// useLogger makes the watcher report through log. It does nothing on a nil watcher.
func (w *signalWatcher) useLogger(log *zap.Logger) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.log = log
}

// watch handles the signals of sigs until it is closed.
func (w *signalWatcher) watch(sigs <-chan os.Signal, cancel context.CancelFunc) {
	stopping := false
	for sig := range sigs {
		switch {
		case sig == syscall.SIGHUP:
			w.note(zap.InfoLevel, sig, "signal ignored: logs go to standard error, there is no log file to reopen")
		case !stopping:
			stopping = true
			w.note(zap.InfoLevel, sig, "stopping; send the signal again to exit at once")
			cancel()
		default:
			w.note(zap.WarnLevel, sig, "second signal: exiting at once")
			w.exit(exitStatus(sig))
		}
	}
}

// note reports what the watcher does about sig.
func (w *signalWatcher) note(level zapcore.Level, sig os.Signal, msg string) {
	w.mu.Lock()
	log := w.log
	w.mu.Unlock()
	if log != nil {
		log.Log(level, msg, zap.String("signal", signalName(sig)))
		return
	}
	fmt.Fprintf(w.stderr, "taskgate: %s: %s\n", signalName(sig), msg)
}

// signalName is the conventional name of the signals taskgate handles.
func signalName(sig os.Signal) string {
	switch sig {
	case syscall.SIGINT:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return sig.String()
}

// exitStatus is the status of a process ended by sig, as a shell reports it: 128 plus its number.
func exitStatus(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}
