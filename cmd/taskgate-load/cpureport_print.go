package main

import (
	"fmt"
	"strings"
)

// tableCPU prints the CPU accounting of the measured window, when there is one: a row per
// process group (seconds, percent of one core, microseconds per unit of work), then how the
// machine's cores spent the window.
func (r *report) tableCPU(b *strings.Builder) {
	c := r.CPUFigures
	if c == nil {
		return
	}
	fmt.Fprintf(b, "\n%-20s %10s %9s %9s\n", fmt.Sprintf("cpu over %.2f s", c.WindowSec), "seconds", "% 1 core", "µs/"+r.Unit)
	if s := c.ServerCPU; s != nil {
		cpuRow(b, "server", s.ServerSec, s.ServerPct, s.ServerUSPerUnit)
	}
	if d := c.DBCPU; d != nil {
		cpuRow(b, fmt.Sprintf("database (%d pids)", len(d.DBPIDs)), d.DBSec, d.DBPct, d.DBUSPerUnit)
	}
	if s, d := c.ServerCPU, c.DBCPU; s != nil && d != nil {
		cpuRow(b, "server side", s.ServerSec+d.DBSec, s.ServerPct+d.DBPct, d.ServerSideUSPerUnit)
	}
	if l := c.LoadCPU; l != nil {
		cpuRow(b, "load tool", l.LoadSec, l.LoadPct, l.LoadUSPerUnit)
	}
	if m := c.MachineCPU; m != nil {
		fmt.Fprintf(b, "%-20s busy %.1f %%   steal %.1f %%   iowait %.1f %%   (of all cores)\n",
			fmt.Sprintf("machine, %d cores", m.Cores), m.BusyPct, m.StealPct, m.IOWaitPct)
	}
}

// cpuRow prints one process group; a missing per-unit figure (no units) shows as "-".
func cpuRow(b *strings.Builder, label string, sec, pct float64, usPerUnit *float64) {
	per := "-"
	if usPerUnit != nil {
		per = fmt.Sprintf("%.1f", *usPerUnit)
	}
	fmt.Fprintf(b, "%-20s %10.2f %9.1f %9s\n", label, sec, pct, per)
}
