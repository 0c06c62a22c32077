package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// ticksPerSec converts the clock ticks of /proc/PID/stat and /proc/stat to seconds. It is
// USER_HZ, which Linux fixes at 100 for every architecture's user-space interface, whatever the
// kernel's internal HZ (getconf CLK_TCK prints it).
const ticksPerSec = 100

// selfPID stands for the load tool's own process, read as /proc/self.
const selfPID = 0

// readProcTicks returns the CPU time (utime+stime, in ticks) of process pid, reading
// root/PID/stat, or root/self/stat for selfPID.
func readProcTicks(root string, pid int) (uint64, error) {
	name := "self"
	if pid != selfPID {
		name = strconv.Itoa(pid)
	}
	data, err := os.ReadFile(filepath.Join(root, name, "stat"))
	if err != nil {
		return 0, fmt.Errorf("reading the CPU time of process %s: %w", name, err)
	}
	ticks, err := parseProcStat(string(data))
	if err != nil {
		return 0, fmt.Errorf("process %s: %w", name, err)
	}
	return ticks, nil
}

// parseProcStat returns utime+stime (fields 14 and 15, in ticks) of a /proc/PID/stat line. The
// second field, the command name in parentheses, may itself hold spaces and parentheses, so the
// fields are counted from the last ')'.
func parseProcStat(line string) (uint64, error) {
	end := strings.LastIndexByte(line, ')')
	if end < 0 {
		return 0, fmt.Errorf("stat has no command name in parentheses")
	}
	fields := strings.Fields(line[end+1:]) // fields[0] is field 3, the state
	const utime, stime = 14 - 3, 15 - 3
	if len(fields) <= stime {
		return 0, fmt.Errorf("stat has %d fields after the command name, want at least %d", len(fields), stime+1)
	}
	u, err := strconv.ParseUint(fields[utime], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("parsing utime: %w", err)
	}
	s, err := strconv.ParseUint(fields[stime], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("parsing stime: %w", err)
	}
	return u + s, nil
}

// machineTimes is the first line of /proc/stat: the ticks all cores together spent in each
// state since boot. Guest time is already counted in user and nice, so it is left out.
type machineTimes struct {
	user, nice, system, idle, iowait, irq, softirq, steal uint64
}

// total is the sum of all states, the time of all cores.
func (m machineTimes) total() uint64 {
	return m.user + m.nice + m.system + m.idle + m.iowait + m.irq + m.softirq + m.steal
}

// busy is the time the cores ran something: everything but idle, iowait and steal.
func (m machineTimes) busy() uint64 {
	return m.user + m.nice + m.system + m.irq + m.softirq
}

// readMachine reads the first line of root/stat.
func readMachine(root string) (machineTimes, error) {
	data, err := os.ReadFile(filepath.Join(root, "stat"))
	if err != nil {
		return machineTimes{}, fmt.Errorf("reading the machine's CPU times: %w", err)
	}
	first, _, _ := bytes.Cut(data, []byte("\n"))
	return parseMachineStat(string(first))
}

// parseMachineStat parses the aggregate line of /proc/stat:
// "cpu  user nice system idle iowait irq softirq steal [guest guest_nice]".
func parseMachineStat(line string) (machineTimes, error) {
	fields := strings.Fields(line)
	if len(fields) < 9 || fields[0] != "cpu" {
		return machineTimes{}, fmt.Errorf("/proc/stat does not start with a cpu line of 8 values or more: %q", line)
	}
	var m machineTimes
	dst := []*uint64{&m.user, &m.nice, &m.system, &m.idle, &m.iowait, &m.irq, &m.softirq, &m.steal}
	for i, p := range dst {
		v, err := strconv.ParseUint(fields[i+1], 10, 64)
		if err != nil {
			return machineTimes{}, fmt.Errorf("parsing value %d of the cpu line: %w", i+1, err)
		}
		*p = v
	}
	return m, nil
}

// findByComm lists the processes under root whose comm (the name the kernel keeps, cut to 15
// bytes) is one of names. Processes that exit while being listed are skipped.
func findByComm(root string, names []string) ([]int, error) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("listing processes: %w", err)
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 0 {
			continue
		}
		comm, err := os.ReadFile(filepath.Join(root, e.Name(), "comm"))
		if err == nil && slices.Contains(names, strings.TrimSuffix(string(comm), "\n")) {
			pids = append(pids, pid)
		}
	}
	return pids, nil
}
