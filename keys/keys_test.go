package keys

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSealOpen(t *testing.T) {
	t.Parallel()
	text, err := GenerateMasterKey()
	require.NoError(t, err)
	k, err := ParseMasterKey(text)
	require.NoError(t, err)
	sealed, err := k.Seal("champion-key/7", []byte("secret"))
	require.NoError(t, err)
	got, err := k.Open("champion-key/7", sealed)
	require.NoError(t, err)
	require.Equal(t, "secret", string(got))

	other, _ := GenerateMasterKey()
	k2, _ := ParseMasterKey(other)
	tests := []struct {
		name   string
		key    MasterKey
		scope  string
		sealed []byte
	}{
		{"OtherAccount", k, "champion-key/8", sealed},
		{"OtherPurpose", k, "champion-secret/7", sealed},
		{"OtherMasterKey", k2, "champion-key/7", sealed},
		{"Truncated", k, "champion-key/7", sealed[:10]},
		{"Empty", k, "champion-key/7", nil},
	}
	for _, tt := range tests {
		_, err := tt.key.Open(tt.scope, tt.sealed)
		require.ErrorIsf(t, err, ErrSealedValue, tt.name)
	}
	require.NotContains(t, k.String(), text[:8])
}

func TestParseMasterKeyRejects(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "abc", strings.Repeat("zz", 32), strings.Repeat("ab", 31)} {
		_, err := ParseMasterKey(s)
		require.Errorf(t, err, "ParseMasterKey(%q)", s)
	}
}

func TestLoadGeneratesOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	k1, made, err := Load(Source{GenerateIn: dir})
	require.NoError(t, err)
	require.Equal(t, filepath.Join(dir, MasterKeyFileName), made)
	info, err := os.Stat(made)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	k2, made2, err := Load(Source{GenerateIn: dir})
	require.NoError(t, err)
	require.Empty(t, made2, "second load reuses the file")
	sealed, _ := k1.Seal("p/1", []byte("x"))
	_, err = k2.Open("p/1", sealed)
	require.NoError(t, err)

	k3, _, err := Load(Source{File: made})
	require.NoError(t, err)
	require.True(t, k3.Valid())

	none, _, err := Load(Source{})
	require.NoError(t, err)
	require.False(t, none.Valid())
}

func TestKeyCheck(t *testing.T) {
	t.Parallel()
	a, b := mustKey(t), mustKey(t)
	sealed, err := a.SealCheck()
	require.NoError(t, err)
	require.True(t, a.OpensCheck(sealed))
	require.False(t, b.OpensCheck(sealed), "another master key")
	require.False(t, MasterKey{}.OpensCheck(sealed), "no master key")
	other, err := a.Seal("champion-key/x", []byte("taskgate master key check, version 1"))
	require.NoError(t, err)
	require.False(t, a.OpensCheck(other), "a value sealed for another scope")
}

func mustKey(t *testing.T) MasterKey {
	t.Helper()
	text, err := GenerateMasterKey()
	require.NoError(t, err)
	k, err := ParseMasterKey(text)
	require.NoError(t, err)
	return k
}
