package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// memSample is a process's memory as /proc/PID/status reports it, in KiB.
type memSample struct {
	rssKiB  int64 // VmRSS: resident now
	peakKiB int64 // VmHWM: highest resident since the process started
}

// readMem samples the memory of process pid (Linux only).
func readMem(pid int) (memSample, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return memSample{}, fmt.Errorf("reading memory of process %d: %w", pid, err)
	}
	defer func() { _ = f.Close() }()
	m, err := parseStatus(f)
	if err != nil {
		return memSample{}, fmt.Errorf("process %d: %w", pid, err)
	}
	return m, nil
}

// parseStatus reads the VmRSS and VmHWM lines ("VmRSS:\t  12345 kB") of a /proc status file.
func parseStatus(r io.Reader) (memSample, error) {
	var m memSample
	var found int
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || (key != "VmRSS" && key != "VmHWM") {
			continue
		}
		kib, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		if err != nil {
			return memSample{}, fmt.Errorf("parsing %s: %w", key, err)
		}
		found++
		if key == "VmRSS" {
			m.rssKiB = kib
		} else {
			m.peakKiB = kib
		}
	}
	if err := sc.Err(); err != nil {
		return memSample{}, fmt.Errorf("reading status: %w", err)
	}
	if found != 2 {
		return memSample{}, fmt.Errorf("status has no VmRSS/VmHWM (a kernel thread, or not Linux)")
	}
	return m, nil
}
