package backup_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/backup"
	"github.com/taskgate/taskgate/keys"
)

func TestKeyNotes(t *testing.T) {
	t.Parallel()
	const dir = "/var/lib/taskgate"
	with := func(where string) backup.Manifest { return backup.Manifest{MasterKey: where} }

	require.Empty(t, backup.CreatedKeyNote(with(backup.KeyIncluded)))
	require.Empty(t, backup.CreatedKeyNote(with(backup.KeyNone)))
	require.Contains(t, backup.CreatedKeyNote(with(backup.KeyEnvironment)), "TASKGATE_MASTER_KEY")
	require.Contains(t, backup.CreatedKeyNote(with(backup.KeyFilePrefix+"/etc/taskgate/master.key")), "/etc/taskgate/master.key")

	generated := keys.Source{GenerateIn: dir}
	require.Empty(t, backup.RestoredKeyNote(with(backup.KeyIncluded), dir, generated))
	require.Empty(t, backup.RestoredKeyNote(with(backup.KeyIncluded), dir, keys.Source{File: dir + "/master.key"}))
	require.Contains(t, backup.RestoredKeyNote(with(backup.KeyIncluded), dir, keys.Source{File: "/etc/k"}), "reads the key from /etc/k")
	require.Contains(t, backup.RestoredKeyNote(with(backup.KeyIncluded), dir, keys.Source{Value: "x"}), "TASKGATE_MASTER_KEY")
	require.Contains(t, backup.RestoredKeyNote(with(backup.KeyFilePrefix+"/etc/k"), dir, generated), "read it from /etc/k")
	require.Contains(t, backup.RestoredKeyNote(with(backup.KeyEnvironment), dir, generated), "TASKGATE_MASTER_KEY")
}
