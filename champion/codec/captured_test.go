package codec_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

// capturedMeta mirrors captured meta.json.
type capturedMeta struct {
	ClientID        uuid.UUID `json:"client_id"`
	Secret          string    `json:"encryption_secret"`
	DerivedKeyHex   string    `json:"derived_key_hex"`
	LatestVersion   uuid.UUID `json:"latest_version"`
	Versions        int       `json:"versions"`
	SnapshotVersion uuid.UUID `json:"snapshot_version"`
}

// capturedVersion is one line of versions.jsonl.
type capturedVersion struct {
	Parent    uuid.UUID       `json:"parent"`
	Version   uuid.UUID       `json:"version"`
	SealedHex string          `json:"sealed_hex"`
	Plain     json.RawMessage `json:"plain"`
}

// capturedSnapshot mirrors snapshot.json.
type capturedSnapshot struct {
	Version   uuid.UUID   `json:"version"`
	SealedHex string      `json:"sealed_hex"`
	Tasks     codec.Tasks `json:"tasks"`
}

func loadCaptured(t *testing.T) (capturedMeta, []capturedVersion) {
	t.Helper()
	var meta capturedMeta
	readJSON(t, capturedDir, "meta.json", &meta)
	var versions []capturedVersion
	sc := bufio.NewScanner(bytes.NewReader(readFile(t, capturedDir, "versions.jsonl")))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v capturedVersion
		require.NoError(t, json.Unmarshal(sc.Bytes(), &v))
		versions = append(versions, v)
	}
	require.NoError(t, sc.Err())
	require.Len(t, versions, meta.Versions)
	return meta, versions
}

func TestCapturedDerivedKey(t *testing.T) {
	t.Parallel()
	meta, _ := loadCaptured(t)
	require.Equal(t, meta.DerivedKeyHex, keyHex(codec.DeriveKey([]byte(meta.Secret), meta.ClientID)))
}

func TestCapturedVersions(t *testing.T) {
	t.Parallel()
	meta, versions := loadCaptured(t)
	key := keyFromHex(t, meta.DerivedKeyHex)
	parent := uuid.Nil
	for i, v := range versions {
		require.Equal(t, parent, v.Parent, "version %d is not chained", i)
		parent = v.Version
		t.Run(v.Version.String(), func(t *testing.T) {
			t.Parallel()
			checkCapturedVersion(t, key, v)
		})
	}
	require.Equal(t, meta.LatestVersion, parent)
}

// checkCapturedVersion opens, decodes, re-encodes and re-seals one version.
func checkCapturedVersion(t *testing.T, key codec.Key, v capturedVersion) {
	sealed := mustHex(t, v.SealedHex)
	plain, err := codec.Open(key, v.Parent, sealed)
	require.NoError(t, err)
	require.JSONEq(t, string(v.Plain), string(plain))

	ops, err := codec.DecodeSegment(plain)
	require.NoError(t, err)
	require.NotEmpty(t, ops)
	encoded, err := codec.EncodeSegment(ops)
	require.NoError(t, err)
	require.JSONEq(t, string(plain), string(encoded))
	require.Equal(t, string(plain), string(encoded), "byte-exact re-encoding")

	resealed, err := codec.SealWithNonce(key, v.Parent, sealed[1:1+codec.NonceSize], plain)
	require.NoError(t, err)
	require.Equal(t, sealed, resealed)

	_, err = codec.Open(key, v.Version, sealed)
	require.ErrorIs(t, err, codec.ErrAuthFailed, "AAD is the parent, not the version itself")
}

func TestCapturedSnapshot(t *testing.T) {
	t.Parallel()
	meta, versions := loadCaptured(t)
	key := keyFromHex(t, meta.DerivedKeyHex)
	var snap capturedSnapshot
	readJSON(t, capturedDir, "snapshot.json", &snap)
	require.Equal(t, meta.SnapshotVersion, snap.Version)

	got, err := codec.OpenSnapshot(key, snap.Version, mustHex(t, snap.SealedHex))
	require.NoError(t, err)
	require.Equal(t, snap.Tasks, got)

	// The snapshot was taken right after the first version: replaying it
	// from an empty state gives the same tasks.
	replayed := codec.Tasks{}
	for _, v := range versions {
		ops, err := codec.OpenSegment(key, v.Parent, mustHex(t, v.SealedHex))
		require.NoError(t, err)
		for _, op := range ops {
			require.NoError(t, replayed.Apply(op))
		}
		if v.Version == snap.Version {
			require.Equal(t, snap.Tasks, replayed)
		}
	}
	require.Len(t, replayed, 4)
}

func TestCapturedRoundTrip(t *testing.T) {
	t.Parallel()
	meta, versions := loadCaptured(t)
	key := keyFromHex(t, meta.DerivedKeyHex)
	for _, v := range versions {
		ops, err := codec.OpenSegment(key, v.Parent, mustHex(t, v.SealedHex))
		require.NoError(t, err)
		sealed, err := codec.SealSegment(key, v.Parent, ops)
		require.NoError(t, err)
		again, err := codec.OpenSegment(key, v.Parent, sealed)
		require.NoError(t, err)
		require.Equal(t, ops, again)
	}
	var snap capturedSnapshot
	readJSON(t, capturedDir, "snapshot.json", &snap)
	sealed, err := codec.SealSnapshot(key, snap.Version, snap.Tasks)
	require.NoError(t, err)
	got, err := codec.OpenSnapshot(key, snap.Version, sealed)
	require.NoError(t, err)
	require.Equal(t, snap.Tasks, got)
}

// exportedTask holds the export.json fields compared with the replayed state.
type exportedTask struct {
	UUID        uuid.UUID `json:"uuid"`
	Description string    `json:"description"`
	Status      string    `json:"status"`
	Parent      string    `json:"parent"`
}

// TestCapturedExport compares the replayed history with `task export` run
// at the end of the capture. Every synced task matches; the export also
// holds the first instance of the recurring task, which Taskwarrior
// generated after the last sync, so it never reached the server.
func TestCapturedExport(t *testing.T) {
	t.Parallel()
	meta, versions := loadCaptured(t)
	key := keyFromHex(t, meta.DerivedKeyHex)
	replayed := codec.Tasks{}
	for _, v := range versions {
		ops, err := codec.OpenSegment(key, v.Parent, mustHex(t, v.SealedHex))
		require.NoError(t, err)
		for _, op := range ops {
			require.NoError(t, replayed.Apply(op))
		}
	}
	var exported []exportedTask
	readJSON(t, capturedDir, "export.json", &exported)
	var unsynced []exportedTask
	for _, e := range exported {
		task, ok := replayed[e.UUID]
		if !ok {
			unsynced = append(unsynced, e)
			continue
		}
		require.Equal(t, e.Description, task["description"])
		require.Equal(t, e.Status, task["status"])
		require.NotContains(t, task, "uuid")
	}
	require.Len(t, unsynced, 1)
	require.Equal(t, "afe30011-38a5-4e01-887a-ac6d32d52c4e", unsynced[0].Parent)
	require.Len(t, replayed, len(exported)-1)
}
