package main

import (
	"errors"
	"fmt"
	"os"
	"time"
)

// procRoot is where Linux shows processes and CPU times.
const procRoot = "/proc"

// cpuMeter samples, over the measured window, the CPU time of the server (--server-pid), of the
// processes working for it (--also-pid, --also-pgrep: the database), of the load tool itself and
// of the whole machine. It is a windowProbe: its methods run one at a time, and figures and err
// are read once the run is over.
//
// The database processes are chosen when the window opens: --also-pgrep names match processes
// running then, and processes started later (a new connection's backend) are not counted. A
// process that exits during the window counts with its CPU time as last read (every
// probeInterval).
type cpuMeter struct {
	root      string // procRoot; a fake tree in tests
	serverPID int    // 0: no --server-pid
	alsoPIDs  []int
	pgrep     []string
	server    *procWatch   // nil unless serverPID could be read when the window opened
	db        []*procWatch // the database processes that could be read when the window opened
	self      *procWatch
	machine   *machineWatch
	from, to  time.Time // when the window opened and closed
	errs      []error
}

// newCPUMeter returns the meter the options ask for.
func newCPUMeter(o *options) *cpuMeter {
	return &cpuMeter{root: procRoot, serverPID: o.serverPID, alsoPIDs: o.alsoPIDs, pgrep: o.alsoPgrep}
}

// check fails when an --also-pid process cannot be read, before the run starts.
func (m *cpuMeter) check() error {
	var errs []error
	for _, pid := range m.alsoPIDs {
		if _, err := readProcTicks(m.root, pid); err != nil {
			errs = append(errs, fmt.Errorf("--also-pid: %w", err))
		}
	}
	return errors.Join(errs...)
}

// measuresDB reports whether database processes were asked for.
func (m *cpuMeter) measuresDB() bool { return len(m.alsoPIDs)+len(m.pgrep) > 0 }

// begin opens the window: it chooses the database processes and reads every counter.
func (m *cpuMeter) begin() {
	m.from = time.Now()
	if m.serverPID > 0 {
		m.server = m.watch(m.serverPID, true)
	}
	m.watchDB()
	m.self = m.watch(selfPID, false)
	if t, err := readMachine(m.root); err == nil {
		m.machine = &machineWatch{first: t, last: t}
	}
}

// watchDB watches the --also-pid processes and those matching --also-pgrep, each once, leaving
// out the server and the load tool.
func (m *cpuMeter) watchDB() {
	skip := map[int]bool{m.serverPID: true, os.Getpid(): true}
	add := func(pid int, required bool) {
		if !skip[pid] {
			skip[pid] = true
			if w := m.watch(pid, required); w != nil {
				m.db = append(m.db, w)
			}
		}
	}
	for _, pid := range m.alsoPIDs {
		add(pid, true)
	}
	if len(m.pgrep) == 0 {
		return
	}
	found, err := findByComm(m.root, m.pgrep)
	if err != nil {
		m.errs = append(m.errs, fmt.Errorf("--also-pgrep: %w", err))
	}
	for _, pid := range found {
		add(pid, false) // it may have exited since it was listed
	}
}

// watch starts following pid, or returns nil if it cannot be read; that is an error when the
// process was named explicitly.
func (m *cpuMeter) watch(pid int, required bool) *procWatch {
	t, err := readProcTicks(m.root, pid)
	if err != nil {
		if required {
			m.errs = append(m.errs, fmt.Errorf("when the measured window opened: %w", err))
		}
		return nil
	}
	return &procWatch{pid: pid, first: t, last: t}
}

// tick rereads every counter, so a process that exits before the end keeps its CPU time.
func (m *cpuMeter) tick() {
	for _, w := range append([]*procWatch{m.server, m.self}, m.db...) {
		if w != nil {
			w.update(m.root)
		}
	}
	if m.machine != nil {
		if t, err := readMachine(m.root); err == nil {
			m.machine.last = t
		}
	}
}

// end closes the window with a last read of every counter.
func (m *cpuMeter) end() {
	m.to = time.Now()
	m.tick()
}

// err reports what could not be measured.
func (m *cpuMeter) err() error {
	if err := errors.Join(m.errs...); err != nil {
		return fmt.Errorf("measuring CPU time: %w", err)
	}
	return nil
}

// procWatch follows the CPU time (utime+stime, in ticks) of one process.
type procWatch struct {
	pid         int    // selfPID for the load tool
	first, last uint64 // when the window opened, and at the last successful read
}

// update rereads w, keeping the last value if the process is gone.
func (w *procWatch) update(root string) {
	if t, err := readProcTicks(root, w.pid); err == nil {
		w.last = t
	}
}

// used is the CPU time spent since the window opened, in ticks.
func (w *procWatch) used() uint64 { return delta(w.first, w.last) }

// machineWatch follows the machine's CPU times.
type machineWatch struct {
	first, last machineTimes
}

// delta is b-a, or 0 when a counter went backwards (iowait may, on some kernels).
func delta(a, b uint64) uint64 {
	if b < a {
		return 0
	}
	return b - a
}
