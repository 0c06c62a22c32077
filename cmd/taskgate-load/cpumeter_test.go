package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestCPUMeterOverFakeProc(t *testing.T) {
	f := newFakeProc(t)
	f.process(10, "taskgate", 1000)
	f.process(20, "postgres", 500)
	f.process(21, "postgres", 100)
	f.process(22, "redis", 100)
	f.process(30, "pgbouncer", 40)
	f.process(selfPID, "taskgate-load", 7)
	f.machine(machineTimes{user: 100, idle: 1000, steal: 10})
	m := &cpuMeter{root: f.root, serverPID: 10, alsoPIDs: []int{30, 10, 30}, pgrep: []string{"postgres", "taskgate"}}
	require.NoError(t, m.check())
	m.begin()
	f.process(40, "postgres", 0) // started after the window opened: not counted
	f.process(21, "postgres", 130)
	m.tick()
	f.exit(21) // counts with its last reading, 30 ticks
	f.process(10, "taskgate", 1300)
	f.process(20, "postgres", 600)
	f.process(22, "redis", 900)
	f.process(30, "pgbouncer", 50)
	f.process(40, "postgres", 999)
	f.process(selfPID, "taskgate-load", 107)
	f.machine(machineTimes{user: 300, idle: 1060, iowait: 10, steal: 40})
	m.end()
	require.NoError(t, m.err())
	m.to = m.from.Add(2 * time.Second) // a round window for the percentages

	got := m.figures(100)
	require.Equal(t, 2.0, got.WindowSec)
	require.Equal(t, &ServerCPU{ServerSec: 3, ServerPct: 150, ServerUSPerUnit: ptr(30000.0)}, got.ServerCPU)
	require.Equal(t, &DBCPU{
		DBPIDs: []int{20, 21, 30}, DBSec: 1.4, DBPct: 70, DBUSPerUnit: ptr(14000.0),
		ServerSideUSPerUnit: ptr(44000.0),
	}, got.DBCPU)
	require.Equal(t, &LoadCPU{LoadSec: 1, LoadPct: 50, LoadUSPerUnit: ptr(10000.0)}, got.LoadCPU)
	require.Equal(t, 200.0/3, got.BusyPct) // of 300 ticks: 200 user, 60 idle, 10 iowait, 30 steal
	require.Equal(t, 10.0, got.StealPct)
	require.InDelta(t, 10.0/3, got.IOWaitPct, 1e-9)
}

func TestCPUMeterErrors(t *testing.T) {
	f := newFakeProc(t)
	f.process(10, "taskgate", 0)
	m := &cpuMeter{root: f.root, serverPID: 10, alsoPIDs: []int{30}}
	require.ErrorContains(t, m.check(), "--also-pid: reading the CPU time of process 30")
	f.exit(10)
	m.begin()
	m.end()
	require.ErrorContains(t, m.err(), "measuring CPU time: when the measured window opened: reading the CPU time of process 10")
	require.ErrorContains(t, m.err(), "process 30")
	got := m.figures(5)
	require.Nil(t, got.ServerCPU)
	require.Equal(t, &DBCPU{DBPIDs: []int{}, DBUSPerUnit: ptr(0.0)}, got.DBCPU, "asked for, so reported, even empty")
	require.Nil(t, got.LoadCPU, "no /proc/self in the fake tree")
	require.Nil(t, got.MachineCPU)
}

func TestCPUMeterWithoutWindow(t *testing.T) {
	m := &cpuMeter{root: newFakeProc(t).root}
	require.Nil(t, m.figures(10), "never opened: the run was cancelled during the warm-up")
	require.NoError(t, m.err())
}

func TestCPUArithmetic(t *testing.T) {
	tests := []struct {
		name      string
		ticks     uint64
		units     uint64
		window    float64
		wantSec   float64
		wantPct   float64
		wantPerUS *float64
	}{
		{"one core busy", 2000, 40000, 20, 20, 100, ptr(500.0)},
		{"two cores busy", 4000, 40000, 20, 40, 200, ptr(1000.0)},
		{"one tick per unit", 1, 1, 0.5, 0.01, 2, ptr(10000.0)},
		{"idle", 0, 10, 20, 0, 0, ptr(0.0)},
		{"no units", 150, 0, 3, 1.5, 50, nil},
		{"empty window", 150, 3, 0, 1.5, 0, ptr(500000.0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.InDelta(t, tt.wantSec, cpuSec(tt.ticks), 1e-12)
			require.InDelta(t, tt.wantPct, cpuPct(tt.ticks, tt.window), 1e-9)
			got := usPerUnit(tt.ticks, tt.units)
			if tt.wantPerUS == nil {
				require.Nil(t, got)
				return
			}
			require.NotNil(t, got)
			require.InDelta(t, *tt.wantPerUS, *got, 1e-9)
		})
	}
}

func TestMachineFigures(t *testing.T) {
	first := machineTimes{user: 1000, system: 500, idle: 5000, iowait: 300, steal: 100}
	last := machineTimes{user: 1100, nice: 20, system: 550, idle: 5200, iowait: 290, irq: 10, softirq: 20, steal: 200}
	got := machineFigures(first, last)
	// Totals 6900 → 7390: 490 ticks, of which busy 200 (user 100, nice 20, system 50, irq 10,
	// softirq 20) and steal 100; iowait went backwards and counts as 0.
	require.InDelta(t, 100*200.0/490, got.BusyPct, 1e-9)
	require.InDelta(t, 100*100.0/490, got.StealPct, 1e-9)
	require.Zero(t, got.IOWaitPct)
	require.Positive(t, got.Cores)
	require.Equal(t, &MachineCPU{Cores: got.Cores}, machineFigures(first, first))
	require.Equal(t, uint64(0), delta(5, 3))
}

// ptr returns a pointer to a copy of v.
func ptr[T any](v T) *T { return &v }
