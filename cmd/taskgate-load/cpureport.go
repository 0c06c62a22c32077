package main

import (
	"runtime"
	"slices"
)

// CPUFigures is the CPU accounting of the measured window. Its fields, and those of the groups it
// embeds, are top-level fields of the report's JSON object; a group is nil, and absent from the
// JSON, when it was not measured. Per-unit figures divide by the units completed in the window
// and are absent when there were none. These embedded types are exported only so that
// encoding/json can allocate them when a report is decoded.
type CPUFigures struct {
	WindowSec float64 `json:"cpu_window_s"` // wall time between the first and last samples
	*ServerCPU
	*DBCPU
	*LoadCPU
	*MachineCPU
}

// ServerCPU is the CPU time of the --server-pid process.
type ServerCPU struct {
	ServerSec       float64  `json:"server_cpu_s"`
	ServerPct       float64  `json:"server_cpu_pct"` // of one core
	ServerUSPerUnit *float64 `json:"server_cpu_us_per_unit,omitempty"`
}

// DBCPU is the summed CPU time of the --also-pid and --also-pgrep processes.
type DBCPU struct {
	DBPIDs      []int    `json:"db_pids"`
	DBSec       float64  `json:"db_cpu_s"`
	DBPct       float64  `json:"db_cpu_pct"` // of one core
	DBUSPerUnit *float64 `json:"db_cpu_us_per_unit,omitempty"`
	// ServerSideUSPerUnit adds the server's CPU time, when --server-pid was measured too.
	ServerSideUSPerUnit *float64 `json:"server_side_cpu_us_per_unit,omitempty"`
}

// LoadCPU is the CPU time of the load tool itself.
type LoadCPU struct {
	LoadSec       float64  `json:"load_cpu_s"`
	LoadPct       float64  `json:"load_cpu_pct"` // of one core
	LoadUSPerUnit *float64 `json:"load_cpu_us_per_unit,omitempty"`
}

// MachineCPU is how the machine's cores spent the window, in percent of all of them.
type MachineCPU struct {
	Cores     int     `json:"cpu_cores"` // runtime.NumCPU
	BusyPct   float64 `json:"machine_busy_pct"`
	StealPct  float64 `json:"machine_steal_pct"` // taken by the hypervisor for other guests
	IOWaitPct float64 `json:"machine_iowait_pct"`
}

// figures summarises the window for units completed units of work, or returns nil if the window
// was not both opened and closed.
func (m *cpuMeter) figures(units uint64) *CPUFigures {
	if m.from.IsZero() || m.to.IsZero() {
		return nil
	}
	f := &CPUFigures{WindowSec: m.to.Sub(m.from).Seconds()}
	if m.server != nil {
		t := m.server.used()
		f.ServerCPU = &ServerCPU{cpuSec(t), cpuPct(t, f.WindowSec), usPerUnit(t, units)}
	}
	if m.measuresDB() {
		f.DBCPU = m.dbFigures(units, f.WindowSec)
	}
	if m.self != nil {
		t := m.self.used()
		f.LoadCPU = &LoadCPU{cpuSec(t), cpuPct(t, f.WindowSec), usPerUnit(t, units)}
	}
	if m.machine != nil {
		f.MachineCPU = machineFigures(m.machine.first, m.machine.last)
	}
	return f
}

// dbFigures sums the database processes.
func (m *cpuMeter) dbFigures(units uint64, window float64) *DBCPU {
	d := &DBCPU{DBPIDs: []int{}}
	var t uint64
	for _, w := range m.db {
		d.DBPIDs = append(d.DBPIDs, w.pid)
		t += w.used()
	}
	slices.Sort(d.DBPIDs)
	d.DBSec, d.DBPct, d.DBUSPerUnit = cpuSec(t), cpuPct(t, window), usPerUnit(t, units)
	if m.server != nil {
		d.ServerSideUSPerUnit = usPerUnit(t+m.server.used(), units)
	}
	return d
}

// machineFigures shares out the machine's CPU time between first and last.
func machineFigures(first, last machineTimes) *MachineCPU {
	total := delta(first.total(), last.total())
	return &MachineCPU{
		Cores:     runtime.NumCPU(),
		BusyPct:   share(delta(first.busy(), last.busy()), total),
		StealPct:  share(delta(first.steal, last.steal), total),
		IOWaitPct: share(delta(first.iowait, last.iowait), total),
	}
}

// cpuSec converts ticks to seconds.
func cpuSec(ticks uint64) float64 { return float64(ticks) / ticksPerSec }

// cpuPct is ticks in percent of one core over window seconds.
func cpuPct(ticks uint64, window float64) float64 {
	if window <= 0 {
		return 0
	}
	return 100 * cpuSec(ticks) / window
}

// usPerUnit is ticks in microseconds per unit of work, or nil without units.
func usPerUnit(ticks, units uint64) *float64 {
	if units == 0 {
		return nil
	}
	us := cpuSec(ticks) * 1e6 / float64(units)
	return &us
}

// share is part in percent of total.
func share(part, total uint64) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(part) / float64(total)
}
