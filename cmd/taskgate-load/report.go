package main

import (
	"sort"
	"strconv"
	"time"
)

// report is what a run prints, as a table or as one JSON object.
type report struct {
	Mode           string         `json:"mode"`
	URL            string         `json:"url"`
	Settings       map[string]any `json:"settings"`
	Interrupted    bool           `json:"interrupted,omitempty"`
	ElapsedSec     float64        `json:"elapsed_s"`
	Unit           string         `json:"unit"`
	Units          uint64         `json:"units"`
	UnitsPerSec    float64        `json:"units_per_s"`
	FailedUnits    uint64         `json:"failed_units"`
	Requests       uint64         `json:"requests"`
	RequestsPerSec float64        `json:"requests_per_s"`
	Conflicts      uint64         `json:"conflicts"`
	Latency        []latencyRow   `json:"latency"`
	Outcomes       []outcomeCount `json:"errors"`
	Responses      []outcomeCount `json:"responses"` // every outcome, successes included
	Server         *serverMemory  `json:"server,omitempty"`
	*CPUFigures                   // CPU accounting of the measured window, flattened into the JSON
}

// latencyRow summarises one request type, or the whole unit of work, in milliseconds.
type latencyRow struct {
	Op     string  `json:"op"`
	Count  uint64  `json:"count"`
	P50Ms  float64 `json:"p50_ms"`
	P90Ms  float64 `json:"p90_ms"`
	P99Ms  float64 `json:"p99_ms"`
	MaxMs  float64 `json:"max_ms"`
	MeanMs float64 `json:"mean_ms"`
}

// outcomeCount counts one outcome of one request type: a status code (HTTP or taskd), "transport"
// or "mismatch". As an error it is anything but a 2xx status (409s included, though the load
// recovers from them).
type outcomeCount struct {
	Op      string `json:"op"`
	Outcome string `json:"outcome"`
	Count   uint64 `json:"count"`
}

// serverMemory is the server's resident memory before and after the run, in KiB.
type serverMemory struct {
	PID         int   `json:"pid"`
	IdleRSSKiB  int64 `json:"idle_rss_kib"`
	AfterRSSKiB int64 `json:"after_rss_kib"`
	PeakRSSKiB  int64 `json:"peak_rss_kib"`
}

// newReport summarises res of a run of mode against url.
func newReport(mode, url string, o *options, d driver, res result) report {
	rec := res.rec
	secs := res.elapsed.Seconds()
	r := report{
		Mode: mode, URL: url, Settings: settings(o, d), Interrupted: res.interrupted,
		ElapsedSec: secs, Unit: d.unit(), Units: rec.units, FailedUnits: rec.failed,
		Requests: rec.requests, Conflicts: rec.conflicts,
		UnitsPerSec: perSecond(rec.units, secs), RequestsPerSec: perSecond(rec.requests, secs),
		Latency: []latencyRow{}, Outcomes: []outcomeCount{}, Responses: []outcomeCount{},
	}
	for _, op := range append(d.ops(), d.unit()) {
		s := rec.op(op)
		r.Latency = append(r.Latency, newLatencyRow(op, &s.latency))
		r.Outcomes = append(r.Outcomes, failures(op, s.outcomes)...)
		r.Responses = append(r.Responses, outcomes(op, s.outcomes, func(string) bool { return true })...)
	}
	return r
}

func settings(o *options, d driver) map[string]any {
	s := map[string]any{"workers": o.workers, "duration": o.duration.String(), "warmup": o.warmup.String()}
	if o.requests > 0 {
		s["requests"] = o.requests
	}
	for k, v := range d.settings() {
		s[k] = v
	}
	return s
}

func perSecond(n uint64, secs float64) float64 {
	if secs <= 0 {
		return 0
	}
	return float64(n) / secs
}

func newLatencyRow(op string, h *histogram) latencyRow {
	return latencyRow{
		Op: op, Count: h.n,
		P50Ms: ms(h.percentile(50)), P90Ms: ms(h.percentile(90)), P99Ms: ms(h.percentile(99)),
		MaxMs: ms(h.max), MeanMs: ms(h.mean()),
	}
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// failures lists the outcomes other than a 2xx status, in a stable order. Which success a request
// should get (taskd's 200 or 201) is checked by the mode, which records a wrong one as a mismatch.
func failures(op string, counts map[string]uint64) []outcomeCount {
	return outcomes(op, counts, func(k string) bool { return !isSuccess(k) })
}

// isSuccess reports whether outcome k is a 2xx status.
func isSuccess(k string) bool {
	code, err := strconv.Atoi(k)
	return err == nil && code >= 200 && code < 300
}

// outcomes lists the non-zero counts whose outcome keep accepts, sorted by outcome.
func outcomes(op string, counts map[string]uint64, keep func(string) bool) []outcomeCount {
	out := []outcomeCount{}
	for k, n := range counts {
		if keep(k) && n > 0 {
			out = append(out, outcomeCount{Op: op, Outcome: k, Count: n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Outcome < out[j].Outcome })
	return out
}

// errorCount is the number of unsuccessful answers other than recovered conflicts.
func (r *report) errorCount() uint64 {
	var n uint64
	for _, o := range r.Outcomes {
		if o.Outcome != "409" {
			n += o.Count
		}
	}
	return n
}
