package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// writeJSON prints r as one JSON object on one line.
func (r *report) writeJSON(w io.Writer) error {
	if err := json.NewEncoder(w).Encode(r); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// writeTable prints r for people.
func (r *report) writeTable(w io.Writer) error {
	var b strings.Builder
	r.tableHeader(&b)
	r.tableLatency(&b)
	r.tableResponses(&b)
	r.tableOutcomes(&b)
	r.tableServer(&b)
	r.tableCPU(&b)
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

func (r *report) tableHeader(b *strings.Builder) {
	fmt.Fprintf(b, "taskgate-load %s  %s\n", r.Mode, r.URL)
	fmt.Fprintf(b, "settings   %s\n", formatSettings(r.Settings))
	note := ""
	if r.Interrupted {
		note = "  (interrupted)"
	}
	fmt.Fprintf(b, "measured   %.2f s%s\n\n", r.ElapsedSec, note)
	fmt.Fprintf(b, "%-20s %10d %12s   %d failed\n", r.Unit+"s", r.Units, rate(r.UnitsPerSec), r.FailedUnits)
	fmt.Fprintf(b, "%-20s %10d %12s\n", "requests", r.Requests, rate(r.RequestsPerSec))
	fmt.Fprintf(b, "%-20s %10d\n\n", "conflicts (409)", r.Conflicts)
}

func rate(perSec float64) string { return fmt.Sprintf("%.1f/s", perSec) }

func formatSettings(s map[string]any) string {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%v", k, s[k])
	}
	return strings.Join(parts, " ")
}

func (r *report) tableLatency(b *strings.Builder) {
	fmt.Fprintf(b, "%-20s %10s %9s %9s %9s %9s %9s\n", "latency (ms)", "count", "p50", "p90", "p99", "max", "mean")
	for _, l := range r.Latency {
		fmt.Fprintf(b, "%-20s %10d %9.3f %9.3f %9.3f %9.3f %9.3f\n", l.Op, l.Count, l.P50Ms, l.P90Ms, l.P99Ms, l.MaxMs, l.MeanMs)
	}
	b.WriteString("\n")
}

// tableResponses lists every outcome, successes included, when the report has them.
func (r *report) tableResponses(b *strings.Builder) {
	if len(r.Responses) == 0 {
		return
	}
	fmt.Fprintf(b, "%-20s %-20s %10s\n", "responses", "outcome", "count")
	for _, o := range r.Responses {
		fmt.Fprintf(b, "%-20s %-20s %10d\n", o.Op, o.Outcome, o.Count)
	}
	b.WriteString("\n")
}

func (r *report) tableOutcomes(b *strings.Builder) {
	if len(r.Outcomes) == 0 {
		fmt.Fprintf(b, "%-20s none\n", "errors")
		return
	}
	fmt.Fprintf(b, "%-20s %-20s %10s\n", "errors", "outcome", "count")
	for _, o := range r.Outcomes {
		fmt.Fprintf(b, "%-20s %-20s %10d\n", o.Op, o.Outcome, o.Count)
	}
}

func (r *report) tableServer(b *strings.Builder) {
	s := r.Server
	if s == nil {
		return
	}
	fmt.Fprintf(b, "\nserver pid %d       idle %s   after %s   peak %s (VmHWM)\n", s.PID, mib(s.IdleRSSKiB), mib(s.AfterRSSKiB), mib(s.PeakRSSKiB))
}

func mib(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }
