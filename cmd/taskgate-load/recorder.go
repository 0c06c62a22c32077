package main

import (
	"strconv"
	"time"
)

// Outcome labels that are not HTTP status codes.
const (
	outcomeTransport = "transport" // no response: connection refused, reset, timeout
	outcomeMismatch  = "mismatch"  // a response that contradicts the protocol or the data sent
)

// opStats is what one worker saw of one request type (or of the whole unit of work).
type opStats struct {
	latency  histogram
	outcomes map[string]uint64 // "200", "409", "500", outcomeTransport, …
}

// recorder collects one worker's observations. It is not safe for concurrent use: each worker
// owns one and the runner merges them after the workers stop.
type recorder struct {
	ops       map[string]*opStats
	requests  uint64 // requests sent, whatever their outcome
	units     uint64 // units of work completed without error
	failed    uint64 // units of work abandoned after an error
	conflicts uint64 // 409 answers that the unit recovered from by retrying
}

func newRecorder() *recorder {
	return &recorder{ops: map[string]*opStats{}}
}

func (r *recorder) op(name string) *opStats {
	s := r.ops[name]
	if s == nil {
		s = &opStats{outcomes: map[string]uint64{}}
		r.ops[name] = s
	}
	return s
}

// response records one request of type op that got an HTTP status after d.
func (r *recorder) response(op string, status int, d time.Duration) {
	s := r.op(op)
	s.latency.add(d)
	s.outcomes[strconv.Itoa(status)]++
	r.requests++
}

// timing records the latency d of a step of type op that is not a request of its own (a TLS
// handshake, say): it has no status and is not counted as a request.
func (r *recorder) timing(op string, d time.Duration) {
	r.op(op).latency.add(d)
}

// transportError records one request of type op that got no response.
func (r *recorder) transportError(op string) {
	r.op(op).outcomes[outcomeTransport]++
	r.requests++
}

// mismatch records a response of type op whose content was wrong although its status was not.
func (r *recorder) mismatch(op string) {
	r.op(op).outcomes[outcomeMismatch]++
}

// conflict records a 409 that the unit recovered from.
func (r *recorder) conflict() { r.conflicts++ }

// unitDone records a completed unit of work, named unit in the report, that took d.
func (r *recorder) unitDone(unit string, d time.Duration) {
	r.units++
	r.op(unit).latency.add(d)
}

// unitFailed records a unit of work abandoned after an error.
func (r *recorder) unitFailed() { r.failed++ }

// merge adds o's observations to r.
func (r *recorder) merge(o *recorder) {
	r.requests += o.requests
	r.units += o.units
	r.failed += o.failed
	r.conflicts += o.conflicts
	for name, os := range o.ops {
		s := r.op(name)
		s.latency.merge(&os.latency)
		for k, v := range os.outcomes {
			s.outcomes[k] += v
		}
	}
}
