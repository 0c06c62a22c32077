package codec_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

// Default parameters of the upstream vectors (README.md).
var (
	defaultClient  = uuid.MustParse("0666d464-418a-4a08-ad53-6f15c78270cd")
	defaultSecret  = []byte("b4a4e6b7b811eda1dc1a2693ded")
	defaultVersion = uuid.MustParse("b0517957-f912-4d49-8330-f612e73030c4")
)

const defaultKeyHex = "3161783d519a867f5c43b4ce89affb6d238de3bc4e3bbce6ad6045e9d6ed6423"

func TestDeriveKeyDefaults(t *testing.T) {
	t.Parallel()
	require.Equal(t, defaultKeyHex, keyHex(codec.DeriveKey(defaultSecret, defaultClient)))
}

func TestUpstreamVectors(t *testing.T) {
	t.Parallel()
	key := keyFromHex(t, defaultKeyHex)
	tests := []struct {
		file    string
		sha256  string
		wantErr error // nil: opens to SUCCESS
	}{
		{"test-good.data", "0a6110b2f7ddd170f8016b31490a1f5478fc0f47e2211010eb4d443ae35e54cb", nil},
		{"test-bad-app-id.data", "f005544db08d1b36798e6783f8725f74e6d66756c05a6bd946bc908ae754e94f", codec.ErrAuthFailed},
		{"test-bad-client-id.data", "e96116afb0f408824a333a85a29a0d57111d3f38fc5f5b894c4ab538c2140c2e", codec.ErrAuthFailed},
		{"test-bad-secret.data", "a220ce99448b174f8358669e03fe01202be5a464818a6ca4c92a0795d452d02b", codec.ErrAuthFailed},
		{"test-bad-version-id.data", "830337ccaba18ad70e15b0e4434aa547547317ebf8c1715752b39b58b4e394b2", codec.ErrAuthFailed},
		{"test-bad-version.data", "9843dd4af9dca9efee32a0ab7b2f48ab9ac8bfc6e850169ae091050def33891c", codec.ErrUnknownVersion},
		{"test-bad-version_id.data", "624f7302b5bc8dd1b69dd2db911cda2baa87346d559d3a799e4c97b4e0b79218", codec.ErrAuthFailed},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			data := readFile(t, vectorsDir, tc.file)
			require.Len(t, data, 36)
			sum := sha256.Sum256(data)
			require.Equal(t, tc.sha256, hex.EncodeToString(sum[:]))
			plain, err := codec.Open(key, defaultVersion, data)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				require.Nil(t, plain)
				return
			}
			require.NoError(t, err)
			require.Equal(t, "SUCCESS", string(plain))
		})
	}
}

// TestUpstreamVectorsSingleDeviation checks that the bad files fail only
// because of their documented deviation.
func TestUpstreamVectorsSingleDeviation(t *testing.T) {
	t.Parallel()
	t.Run("bad-secret opens with its secret", func(t *testing.T) {
		t.Parallel()
		key := codec.DeriveKey([]byte("xxxxxxxxxxxxxxxxxxxxx"), defaultClient)
		plain, err := codec.Open(key, defaultVersion, readFile(t, vectorsDir, "test-bad-secret.data"))
		require.NoError(t, err)
		require.Equal(t, "SUCCESS", string(plain))
	})
	t.Run("bad-version opens with version byte 1", func(t *testing.T) {
		t.Parallel()
		data := readFile(t, vectorsDir, "test-bad-version.data")
		require.Equal(t, byte(99), data[0])
		data[0] = codec.EnvelopeVersion
		plain, err := codec.Open(keyFromHex(t, defaultKeyHex), defaultVersion, data)
		require.NoError(t, err)
		require.Equal(t, "SUCCESS", string(plain))
	})
	t.Run("good re-seals byte-exactly", func(t *testing.T) {
		t.Parallel()
		data := readFile(t, vectorsDir, "test-good.data")
		sealed, err := codec.SealWithNonce(keyFromHex(t, defaultKeyHex), defaultVersion, data[1:13], []byte("SUCCESS"))
		require.NoError(t, err)
		require.Equal(t, data, sealed)
	})
}

// manifest mirrors generated/MANIFEST.json.
type manifest struct {
	ClientID       uuid.UUID     `json:"client_id"`
	Secret         string        `json:"encryption_secret_utf8"`
	Iterations     int           `json:"pbkdf2_iterations"`
	DerivedKeyHex  string        `json:"derived_key_hex"`
	HistorySegment manifestEntry `json:"history_segment"`
	Snapshot       manifestEntry `json:"snapshot"`
}

// manifestEntry is one sealed file of the manifest.
type manifestEntry struct {
	File           string    `json:"file"`
	PlainFile      string    `json:"plaintext_file"`
	CompressedFile string    `json:"compressed_plaintext_file"`
	JSONFile       string    `json:"json_file"`
	ParentID       uuid.UUID `json:"aad_version_id (parent_version_id)"`
	SnapshotID     uuid.UUID `json:"aad_version_id (snapshot version_id)"`
	NonceHex       string    `json:"nonce_hex"`
	AADHex         string    `json:"aad_hex"`
}

const generatedDir = vectorsDir + "/generated"

func loadManifest(t *testing.T) manifest {
	t.Helper()
	var m manifest
	readJSON(t, generatedDir, "MANIFEST.json", &m)
	require.Equal(t, codec.PBKDF2Iterations, m.Iterations)
	return m
}

func TestGeneratedKey(t *testing.T) {
	t.Parallel()
	m := loadManifest(t)
	require.Equal(t, m.DerivedKeyHex, keyHex(codec.DeriveKey([]byte(m.Secret), m.ClientID)))
}

func TestGeneratedSegment(t *testing.T) {
	t.Parallel()
	m := loadManifest(t)
	e := m.HistorySegment
	require.Equal(t, "01"+hex.EncodeToString(e.ParentID[:]), e.AADHex)
	key := keyFromHex(t, m.DerivedKeyHex)
	sealed := readFile(t, generatedDir, e.File)
	want := readFile(t, generatedDir, e.PlainFile)

	plain, err := codec.Open(key, e.ParentID, sealed)
	require.NoError(t, err)
	require.Equal(t, want, plain)

	resealed, err := codec.SealWithNonce(key, e.ParentID, mustHex(t, e.NonceHex), plain)
	require.NoError(t, err)
	require.Equal(t, sealed, resealed)

	ops, err := codec.OpenSegment(key, e.ParentID, sealed)
	require.NoError(t, err)
	require.Len(t, ops, 7)
	require.Equal(t, codec.Create(idA), ops[0])
	require.Equal(t, codec.Remove(idA, "wait", ts(t, "2024-01-02T03:04:06Z")), ops[6])
	encoded, err := codec.EncodeSegment(ops)
	require.NoError(t, err)
	require.Equal(t, string(want), string(encoded))
}

func TestGeneratedSnapshot(t *testing.T) {
	t.Parallel()
	m := loadManifest(t)
	e := m.Snapshot
	require.Equal(t, "01"+hex.EncodeToString(e.SnapshotID[:]), e.AADHex)
	key := keyFromHex(t, m.DerivedKeyHex)
	sealed := readFile(t, generatedDir, e.File)

	plain, err := codec.Open(key, e.SnapshotID, sealed)
	require.NoError(t, err)
	require.Equal(t, readFile(t, generatedDir, e.CompressedFile), plain)

	resealed, err := codec.SealWithNonce(key, e.SnapshotID, mustHex(t, e.NonceHex), plain)
	require.NoError(t, err)
	require.Equal(t, sealed, resealed)

	var want codec.Tasks
	readJSON(t, generatedDir, e.JSONFile, &want)
	got, err := codec.OpenSnapshot(key, e.SnapshotID, sealed)
	require.NoError(t, err)
	require.Equal(t, want, got)
}
