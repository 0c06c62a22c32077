package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseStatus(t *testing.T) {
	tests := []struct {
		name    string
		status  string
		want    memSample
		wantErr string
	}{
		{"typical", "Name:\ttaskgate\nVmPeak:\t 1000 kB\nVmHWM:\t   53412 kB\nVmRSS:\t   41236 kB\nThreads:\t9\n", memSample{rssKiB: 41236, peakKiB: 53412}, ""},
		{"kernel thread", "Name:\tkthreadd\nThreads:\t1\n", memSample{}, "no VmRSS"},
		{"garbage", "VmHWM:\tlots kB\nVmRSS:\t1 kB\n", memSample{}, "parsing VmHWM"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseStatus(strings.NewReader(tt.status))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestReadMemOfSelf(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc")
	}
	m, err := readMem(os.Getpid())
	require.NoError(t, err)
	require.Positive(t, m.rssKiB)
	require.GreaterOrEqual(t, m.peakKiB, m.rssKiB)
	_, err = readMem(1 << 30)
	require.Error(t, err)
}
