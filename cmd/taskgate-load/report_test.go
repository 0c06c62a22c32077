package main

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
)

func sampleReport() report {
	return report{
		Mode: "champion", URL: "http://127.0.0.1:8080",
		Settings:   map[string]any{"workers": 4, "clients": 50, "size": 2048, "duration": "20s", "warmup": "2s"},
		ElapsedSec: 20, Unit: "pair", Units: 10000, UnitsPerSec: 500, FailedUnits: 2,
		Requests: 20010, RequestsPerSec: 1000.5, Conflicts: 8,
		Latency: []latencyRow{
			{Op: "add-version", Count: 10010, P50Ms: 1.5, P90Ms: 2.25, P99Ms: 10, MaxMs: 40.125, MeanMs: 1.75},
			{Op: "get-child-version", Count: 10000, P50Ms: 0.5, P90Ms: 0.75, P99Ms: 2, MaxMs: 9, MeanMs: 0.625},
			{Op: "pair", Count: 10000, P50Ms: 2, P90Ms: 3, P99Ms: 12, MaxMs: 41, MeanMs: 2.375},
		},
		Outcomes: []outcomeCount{{"add-version", "409", 8}, {"add-version", "500", 2}},
		Server:   &serverMemory{PID: 42, IdleRSSKiB: 10240, AfterRSSKiB: 20480, PeakRSSKiB: 21504},
	}
}

// sampleCPU is the CPU accounting of sampleReport's 10000 pairs.
func sampleCPU() *CPUFigures {
	return &CPUFigures{
		WindowSec:  20.01,
		ServerCPU:  &ServerCPU{ServerSec: 12.5, ServerPct: 62.5, ServerUSPerUnit: ptr(1250.0)},
		DBCPU:      &DBCPU{DBPIDs: []int{7, 8, 9}, DBSec: 4, DBPct: 20, DBUSPerUnit: ptr(400.0), ServerSideUSPerUnit: ptr(1650.0)},
		LoadCPU:    &LoadCPU{LoadSec: 9.25, LoadPct: 46.25, LoadUSPerUnit: ptr(925.0)},
		MachineCPU: &MachineCPU{Cores: 2, BusyPct: 93.14, StealPct: 5.2, IOWaitPct: 0.3},
	}
}

func TestWriteTable(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(r *report)
		expect string
	}{
		{"full", func(*report) {}, `taskgate-load champion  http://127.0.0.1:8080
settings   clients=50 duration=20s size=2048 warmup=2s workers=4
measured   20.00 s

pairs                     10000      500.0/s   2 failed
requests                  20010     1000.5/s
conflicts (409)               8

latency (ms)              count       p50       p90       p99       max      mean
add-version               10010     1.500     2.250    10.000    40.125     1.750
get-child-version         10000     0.500     0.750     2.000     9.000     0.625
pair                      10000     2.000     3.000    12.000    41.000     2.375

errors               outcome                   count
add-version          409                           8
add-version          500                           2

server pid 42       idle 10.0 MiB   after 20.0 MiB   peak 21.0 MiB (VmHWM)
`},
		{"cpu", func(r *report) {
			r.Latency, r.Outcomes, r.Server = nil, nil, nil
			r.CPUFigures = sampleCPU()
		}, `taskgate-load champion  http://127.0.0.1:8080
settings   clients=50 duration=20s size=2048 warmup=2s workers=4
measured   20.00 s

pairs                     10000      500.0/s   2 failed
requests                  20010     1000.5/s
conflicts (409)               8

latency (ms)              count       p50       p90       p99       max      mean

errors               none

cpu over 20.01 s        seconds  % 1 core   µs/pair
server                    12.50      62.5    1250.0
database (3 pids)          4.00      20.0     400.0
server side               16.50      82.5    1650.0
load tool                  9.25      46.2     925.0
machine, 2 cores     busy 93.1 %   steal 5.2 %   iowait 0.3 %   (of all cores)
`},
		{"cpu, no units, no server", func(r *report) {
			r.Latency, r.Outcomes, r.Server, r.Units = nil, nil, nil, 0
			c := sampleCPU()
			c.ServerCPU, c.MachineCPU, c.DBUSPerUnit, c.LoadUSPerUnit = nil, nil, nil, nil
			r.CPUFigures = c
		}, `taskgate-load champion  http://127.0.0.1:8080
settings   clients=50 duration=20s size=2048 warmup=2s workers=4
measured   20.00 s

pairs                         0      500.0/s   2 failed
requests                  20010     1000.5/s
conflicts (409)               8

latency (ms)              count       p50       p90       p99       max      mean

errors               none

cpu over 20.01 s        seconds  % 1 core   µs/pair
database (3 pids)          4.00      20.0         -
load tool                  9.25      46.2         -
`},
		{"no errors, no server, interrupted", func(r *report) {
			r.Outcomes, r.Server, r.Interrupted, r.Latency = nil, nil, true, nil
		}, `taskgate-load champion  http://127.0.0.1:8080
settings   clients=50 duration=20s size=2048 warmup=2s workers=4
measured   20.00 s  (interrupted)

pairs                     10000      500.0/s   2 failed
requests                  20010     1000.5/s
conflicts (409)               8

latency (ms)              count       p50       p90       p99       max      mean

errors               none
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sampleReport()
			tt.edit(&r)
			var b bytes.Buffer
			require.NoError(t, r.writeTable(&b))
			require.Equal(t, tt.expect, b.String())
		})
	}
}

func TestWriteJSON(t *testing.T) {
	r := sampleReport()
	var b bytes.Buffer
	require.NoError(t, r.writeJSON(&b))
	require.Equal(t, 1, bytes.Count(b.Bytes(), []byte("\n")), "one object on one line")
	var got map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &got))
	require.Equal(t, "champion", got["mode"])
	require.Equal(t, 500.0, got["units_per_s"])
	require.Equal(t, 8.0, got["conflicts"])
	require.Equal(t, 1.5, got["latency"].([]any)[0].(map[string]any)["p50_ms"])
	require.Equal(t, "500", got["errors"].([]any)[1].(map[string]any)["outcome"])
	require.Equal(t, 20480.0, got["server"].(map[string]any)["after_rss_kib"])
	require.NotContains(t, got, "interrupted")
}

func TestWriteJSONCPU(t *testing.T) {
	decode := func(r report) map[string]any {
		var b bytes.Buffer
		require.NoError(t, r.writeJSON(&b))
		var got map[string]any
		require.NoError(t, json.Unmarshal(b.Bytes(), &got))
		return got
	}
	r := sampleReport()
	require.NotContains(t, decode(r), "cpu_window_s", "not measured, not there")
	r.CPUFigures = sampleCPU()
	got := decode(r)
	require.Equal(t, 1250.0, got["server_cpu_us_per_unit"])
	require.Equal(t, 62.5, got["server_cpu_pct"])
	require.Equal(t, []any{7.0, 8.0, 9.0}, got["db_pids"])
	require.Equal(t, 1650.0, got["server_side_cpu_us_per_unit"])
	require.Equal(t, 925.0, got["load_cpu_us_per_unit"])
	require.Equal(t, 2.0, got["cpu_cores"])
	require.Equal(t, 5.2, got["machine_steal_pct"])
	require.Equal(t, 20.01, got["cpu_window_s"])
	r.ServerCPU, r.DBCPU, r.LoadUSPerUnit = nil, &DBCPU{DBPIDs: []int{}}, nil
	got = decode(r)
	require.NotContains(t, got, "server_cpu_s")
	require.NotContains(t, got, "load_cpu_us_per_unit")
	require.Equal(t, 0.0, got["db_cpu_s"], "measured, though zero")
	require.Equal(t, []any{}, got["db_pids"])
}

func TestErrorCountIgnoresConflicts(t *testing.T) {
	r := sampleReport()
	require.Equal(t, uint64(2), r.errorCount())
	r.Outcomes = r.Outcomes[:1]
	require.Zero(t, r.errorCount())
}

func TestFailuresSortedWithout200(t *testing.T) {
	got := failures("op", map[string]uint64{"200": 5, "201": 4, "transport": 1, "500": 2, "409": 3, "404": 0})
	require.Equal(t, []outcomeCount{{"op", "409", 3}, {"op", "500", 2}, {"op", "transport", 1}}, got)
	require.Equal(t, []outcomeCount{}, failures("op", nil))
}

func TestNewReportFromRecorder(t *testing.T) {
	rec := newRecorder()
	rec.response(opAddVersion, 409, time.Millisecond)
	rec.conflict()
	rec.response(opAddVersion, 200, 2*time.Millisecond)
	rec.response(opGetChild, 200, time.Millisecond)
	rec.unitDone("pair", 3*time.Millisecond)
	rec.transportError(opAddVersion)
	rec.unitFailed()
	d := &championDriver{clients: make([]uuid.UUID, 3), size: 10}
	o := &options{workers: 1, duration: 2 * time.Second}
	r := newReport("champion", "http://x", o, d, result{rec: rec, elapsed: 2 * time.Second})
	require.Equal(t, uint64(1), r.Units)
	require.Equal(t, 0.5, r.UnitsPerSec)
	require.Equal(t, uint64(4), r.Requests)
	require.Equal(t, 2.0, r.RequestsPerSec)
	require.Equal(t, uint64(1), r.Conflicts)
	require.Equal(t, uint64(1), r.FailedUnits)
	require.Equal(t, []string{"add-version", "get-child-version", "pair"}, []string{r.Latency[0].Op, r.Latency[1].Op, r.Latency[2].Op})
	require.Equal(t, uint64(2), r.Latency[0].Count)
	require.Equal(t, []outcomeCount{{opAddVersion, "409", 1}, {opAddVersion, "transport", 1}}, r.Outcomes)
	require.Equal(t, map[string]any{"workers": 1, "duration": "2s", "warmup": "0s", "clients": 3, "size": 10, "account_mode": "encrypted"}, r.Settings)
}
