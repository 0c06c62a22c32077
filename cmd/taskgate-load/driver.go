package main

import "context"

// driver is the protocol-specific part of a load run. The runner (runner.go: workers, warm-up,
// deadline, --requests bound), the statistics (histogram.go, recorder.go), the server memory
// samples (rss.go), the CPU accounting of the measured window (probe.go, cpumeter.go,
// procstat.go) and the report (report.go, report_print.go, cpureport*.go) are shared. A protocol
// mode supplies a driver whose step does one unit of work and records each request in the
// recorder, plus a mode value (see championMode) for its subcommand and flags, listed in
// loadModes.
type driver interface {
	// unit names one unit of work in the report, e.g. "pair" for an add-version followed by
	// get-child-version.
	unit() string
	// ops lists the request types in the order the report shows them.
	ops() []string
	// settings returns the mode's own parameters for the report (e.g. the body size).
	settings() map[string]any
	// newWorker returns the step function of worker id (0 ≤ id < workers). Each worker calls its
	// own step sequentially, so a step may keep unsynchronised state; different workers must not
	// share mutable state.
	newWorker(id int) (step, error)
}

// step performs one unit of work, recording each request in rec. It returns an error when the
// unit was abandoned; the requests it made are already recorded.
type step func(ctx context.Context, rec *recorder) error
