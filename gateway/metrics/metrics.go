// Package metrics holds taskgate's Prometheus metrics. Every metric that concerns an account
// carries its mode, so an operator sees encrypted and plaintext traffic apart. Nothing here is
// global: the gateway makes one Metrics per server and serves its registry.
package metrics

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics records protocol traffic.
type Metrics struct {
	registry     *prometheus.Registry
	httpRequests *prometheus.CounterVec
	httpSeconds  *prometheus.HistogramVec
	taskdSyncs   *prometheus.CounterVec
	taskdSeconds *prometheus.HistogramVec
	refusals     *prometheus.CounterVec
}

// New returns Metrics registered in a registry of their own, with the Go runtime and process
// collectors.
func New() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		httpRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "taskgate_champion_requests_total",
			Help: "TaskChampion HTTP requests by route, status and account mode.",
		}, []string{"route", "status", "mode"}),
		httpSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "taskgate_champion_request_seconds",
			Help:    "TaskChampion HTTP request durations by route.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}, []string{"route"}),
		taskdSyncs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "taskgate_taskd_syncs_total",
			Help: "taskd sync requests by result code (200, 201, or the error status).",
		}, []string{"code"}),
		taskdSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "taskgate_taskd_sync_seconds",
			Help:    "taskd sync durations.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}, []string{}),
		refusals: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "taskgate_refusals_total",
			Help: "Requests refused by a limit, by protocol (taskchampion, taskd) and limit " +
				"(quota_bytes, quota_versions, spill_bytes, address_rate, account_rate, auth_failures).",
		}, []string{"protocol", "limit"}),
	}
	m.registry.MustRegister(m.httpRequests, m.httpSeconds, m.taskdSyncs, m.taskdSeconds, m.refusals,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveHTTP records one TaskChampion request; mode is "" when no account was involved.
func (m *Metrics) ObserveHTTP(route string, status int, mode string, d time.Duration) {
	if mode == "" {
		mode = "none"
	}
	m.httpRequests.WithLabelValues(route, strconv.Itoa(status), mode).Inc()
	m.httpSeconds.WithLabelValues(route).Observe(d.Seconds())
}

// ObserveSync records one taskd sync.
func (m *Metrics) ObserveSync(code int, d time.Duration) {
	m.taskdSyncs.WithLabelValues(strconv.Itoa(code)).Inc()
	m.taskdSeconds.WithLabelValues().Observe(d.Seconds())
}

// ObserveRefusal records a request of protocol refused by limit.
func (m *Metrics) ObserveRefusal(protocol, limit string) {
	m.refusals.WithLabelValues(protocol, limit).Inc()
}

// WatchSpill makes the metrics show, as taskgate_taskd_spill_bytes, what used returns when they
// are read: the bytes the temporary files of large taskd syncs hold (chain.Core.SpillUsed).
func (m *Metrics) WatchSpill(used func() int64) {
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "taskgate_taskd_spill_bytes",
		Help: "Bytes the temporary files of large taskd syncs hold now, at most --taskd-spill-limit.",
	}, func() float64 { return float64(used()) }))
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
