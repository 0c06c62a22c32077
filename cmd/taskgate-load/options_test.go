package main

import (
	"flag"
	"io"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOptionsValidate(t *testing.T) {
	tests := []struct {
		args    []string
		wantErr []string
	}{
		{nil, nil},
		{[]string{"--workers", "0"}, []string{"--workers must be at least 1"}},
		{[]string{"--duration", "0s", "--warmup", "-1s"}, []string{"--duration must be positive", "--warmup must not be negative"}},
		{[]string{"--requests", "-1", "--timeout", "0s"}, []string{"--requests must not be negative", "--timeout must be positive"}},
		{[]string{"--url", "http://192.0.2.1:8080"}, []string{"not a loopback address"}},
		{[]string{"--url", "http://192.0.2.1:8080", "--allow-remote"}, nil},
		{[]string{"--also-pgrep", "postgres,averyveryverylongname"}, []string{`--also-pgrep "averyveryverylongname" is longer than the 15 bytes`}},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var o options
		o.register(fs, championMode())
		require.NoError(t, fs.Parse(tt.args))
		_, err := o.validate()
		if tt.wantErr == nil {
			require.NoError(t, err, "%v", tt.args)
			continue
		}
		for _, w := range tt.wantErr {
			require.ErrorContains(t, err, w, "%v", tt.args)
		}
	}
}

func TestOptionsAlsoLists(t *testing.T) {
	tests := []struct {
		args      []string
		wantPIDs  []int
		wantNames []string
		wantErr   string
	}{
		{nil, nil, nil, ""},
		{[]string{"--also-pid", "12", "--also-pid", "13, 14", "--also-pgrep", "postgres", "--also-pgrep", "redis-server,x"},
			[]int{12, 13, 14}, []string{"postgres", "redis-server", "x"}, ""},
		{[]string{"--also-pid", "12,"}, nil, nil, `not a process id: ""`},
		{[]string{"--also-pid", "-3"}, nil, nil, `not a process id: "-3"`},
		{[]string{"--also-pgrep", "a,,b"}, nil, nil, "empty process name"},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var o options
		o.register(fs, taskdMode())
		err := fs.Parse(tt.args)
		if tt.wantErr != "" {
			require.ErrorContains(t, err, tt.wantErr, "%v", tt.args)
			continue
		}
		require.NoError(t, err, "%v", tt.args)
		require.Equal(t, tt.wantPIDs, o.alsoPIDs)
		require.Equal(t, tt.wantNames, o.alsoPgrep)
	}
}
