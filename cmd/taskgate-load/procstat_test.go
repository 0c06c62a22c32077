package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseProcStat(t *testing.T) {
	// Fields after the command name: state ppid pgrp session tty_nr tpgid flags minflt cminflt
	// majflt cmajflt utime stime cutime cstime …
	const tail = " S 1 14532 8562 0 -1 4194304 9911 0 3 0 1234 567 89 10 20 0 9 0 62071 3133440 411"
	tests := []struct {
		name    string
		line    string
		want    uint64
		wantErr string
	}{
		{"typical", "14532 (taskgate)" + tail + "\n", 1234 + 567, ""},
		{"comm with spaces", "2210 (postgres: walwriter)" + tail, 1801, ""},
		{"comm with parentheses", "77 (a) b (c d))" + tail, 1801, ""},
		{"comm that looks like fields", "78 () 1 2 3 4 5 6 7 8 9 10 11 12 13)" + tail, 1801, ""},
		{"real line", "9112 (cat) R 9107 9107 8562 0 -1 4194304 99 0 0 0 7 3 0 0 20 0 1 0 62071 3133440 411 18446744073709551615", 10, ""},
		{"no parentheses", "9112 cat R 9107 9107 8562 0 -1 4194304 99 0 0 0 7 3", 0, "no command name"},
		{"truncated", "9112 (cat) R 9107 9107 8562 0 -1 4194304 99 0 0 0 7", 0, "12 fields after the command name, want at least 13"},
		{"bad utime", "9112 (cat) R 9107 9107 8562 0 -1 4194304 99 0 0 0 x 3", 0, "parsing utime"},
		{"negative stime", "9112 (cat) R 9107 9107 8562 0 -1 4194304 99 0 0 0 7 -3", 0, "parsing stime"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseProcStat(tt.line)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestParseMachineStat(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		want    machineTimes
		wantErr string
	}{
		{"with guest", "cpu  27458 10 14131 68654 3549 5 2022 10303 7 8",
			machineTimes{user: 27458, nice: 10, system: 14131, idle: 68654, iowait: 3549, irq: 5, softirq: 2022, steal: 10303}, ""},
		{"eight values", "cpu 1 2 3 4 5 6 7 8", machineTimes{1, 2, 3, 4, 5, 6, 7, 8}, ""},
		{"no steal", "cpu 1 2 3 4 5 6 7", machineTimes{}, "8 values or more"},
		{"a single core's line", "cpu0 1 2 3 4 5 6 7 8", machineTimes{}, "does not start with a cpu line"},
		{"empty", "", machineTimes{}, "does not start with a cpu line"},
		{"garbage", "cpu 1 2 3 4 5 6 7 x", machineTimes{}, "parsing value 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseMachineStat(tt.line)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestMachineTimesBusyAndTotal(t *testing.T) {
	m := machineTimes{user: 1, nice: 2, system: 4, idle: 8, iowait: 16, irq: 32, softirq: 64, steal: 128}
	require.Equal(t, uint64(1+2+4+32+64), m.busy())
	require.Equal(t, uint64(255), m.total())
}

// fakeProc is a /proc tree in a temporary directory.
type fakeProc struct {
	t    *testing.T
	root string
}

// newFakeProc returns an empty tree.
func newFakeProc(t *testing.T) *fakeProc {
	return &fakeProc{t: t, root: t.TempDir()}
}

// process writes the comm and stat files of pid ("self" for selfPID) with utime+stime = ticks.
func (f *fakeProc) process(pid int, comm string, ticks uint64) {
	name := "self"
	if pid != selfPID {
		name = strconv.Itoa(pid)
	}
	dir := filepath.Join(f.root, name)
	require.NoError(f.t, os.MkdirAll(dir, 0o755))
	stat := fmt.Sprintf("%s (%s) S 1 1 1 0 -1 0 0 0 0 0 %d 0 0 0 20 0 1 0 1 1 1\n", name, comm, ticks)
	require.NoError(f.t, os.WriteFile(filepath.Join(dir, "stat"), []byte(stat), 0o644))
	require.NoError(f.t, os.WriteFile(filepath.Join(dir, "comm"), []byte(comm+"\n"), 0o644))
}

// exit removes pid.
func (f *fakeProc) exit(pid int) {
	require.NoError(f.t, os.RemoveAll(filepath.Join(f.root, strconv.Itoa(pid))))
}

// machine writes /proc/stat.
func (f *fakeProc) machine(m machineTimes) {
	line := fmt.Sprintf("cpu  %d %d %d %d %d %d %d %d 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\nintr 0\n",
		m.user, m.nice, m.system, m.idle, m.iowait, m.irq, m.softirq, m.steal)
	require.NoError(f.t, os.WriteFile(filepath.Join(f.root, "stat"), []byte(line), 0o644))
}

func TestFindByComm(t *testing.T) {
	f := newFakeProc(t)
	f.process(20, "postgres", 0)
	f.process(21, "postgres", 0)
	f.process(22, "postgres: x", 0)
	f.process(23, "redis-server", 0)
	f.process(selfPID, "postgres", 0) // /proc/self is not a pid
	require.NoError(t, os.MkdirAll(filepath.Join(f.root, "sys"), 0o755))
	got, err := findByComm(f.root, []string{"postgres", "redis-server"})
	require.NoError(t, err)
	require.ElementsMatch(t, []int{20, 21, 23}, got)
	_, err = findByComm(filepath.Join(f.root, "missing"), []string{"postgres"})
	require.ErrorContains(t, err, "listing processes")
}

func TestReadRealProc(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	_, err := readProcTicks(procRoot, selfPID)
	require.NoError(t, err)
	_, err = readProcTicks(procRoot, os.Getpid())
	require.NoError(t, err)
	m, err := readMachine(procRoot)
	require.NoError(t, err)
	require.Positive(t, m.total())
	_, err = readProcTicks(procRoot, 1<<30)
	require.ErrorContains(t, err, "reading the CPU time of process")
}
