package taskdimport_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/taskdimport"
)

func TestParseLog(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		in        string
		tasks     int
		key       string
		problems  []string
		lastLineA int
	}{
		{name: "Clean", in: task(taskA, "A", "") + "\n" + syncKey1 + "\n", tasks: 1, key: syncKey1, lastLineA: 1},
		{name: "BOMAndCRLF", in: "\xEF\xBB\xBF" + task(taskA, "A", "") + "\r\n\r\n" + syncKey1 + "\r\n", tasks: 1, key: syncKey1, lastLineA: 1},
		{name: "KeyWithoutLineEnding", in: task(taskA, "A", "") + "\n" + syncKey1, tasks: 1, key: syncKey1, lastLineA: 1},
		{name: "TruncatedKey", in: task(taskA, "A", "") + "\n" + syncKey1 + "\n" + syncKey2[:10], tasks: 1, key: syncKey1,
			problems: []string{"tx.data:3: truncated last line"}, lastLineA: 1},
		{name: "TruncatedTask", in: task(taskA, "A", "") + "\n" + task(taskA, "A2", "")[:30], tasks: 1,
			problems: []string{"tx.data:2: truncated last line"}, lastLineA: 1},
		{name: "LastLineWins", in: task(taskA, "A", "") + "\n" + task(taskB, "B", "") + "\n" + task(taskA, "A2", "") + "\n",
			tasks: 2, lastLineA: 3},
		{name: "NoUUID", in: `{"description":"x"}` + "\n", problems: []string{"tx.data:1: not a valid task"}},
		{name: "Empty", in: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			log, problems, err := taskdimport.ParseLog(strings.NewReader(tt.in), "tx.data")
			require.NoError(t, err)
			require.Len(t, log.Tasks, tt.tasks)
			require.Equal(t, tt.key, log.Key)
			require.Len(t, problems, len(tt.problems))
			for i, p := range tt.problems {
				require.Contains(t, problems[i].String(), p)
			}
			if tt.lastLineA > 0 {
				require.Equal(t, tt.lastLineA, log.Tasks[uuid.MustParse(taskA)].Line)
			}
		})
	}
}

func TestParseConfig(t *testing.T) {
	t.Parallel()
	in := "\xEF\xBB\xBF# comment\n  server = 0.0.0.0:53589 # trailing\n\ntrust=strict\ntrust=allow all\ninclude /etc/x\njunk line\n"
	cfg, problems, err := taskdimport.ParseConfig(strings.NewReader(in), "config")
	require.NoError(t, err)
	require.Equal(t, taskdimport.Config{"server": "0.0.0.0:53589", "trust": "allow all"}, cfg)
	require.Len(t, problems, 2)
	require.Contains(t, problems[0].String(), "config:6: \"include /etc/x\": include files are not read")
	require.Contains(t, problems[1].String(), "config:7: \"junk line\" is not name=value")
}
