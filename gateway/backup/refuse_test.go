package backup_test

import (
	"archive/tar"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/backup"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store/sqlite"
)

// newBackup makes a store with a plaintext account in a new data directory and backs it up.
func newBackup(t *testing.T) (dataDir, archive string) {
	t.Helper()
	dataDir = t.TempDir()
	addPlaintext(t, dataDir)
	archive = filepath.Join(t.TempDir(), "backup.tar")
	_, err := backup.Create(t.Context(), backup.Options{DataDir: dataDir, Out: archive, MasterKey: keys.Source{GenerateIn: dataDir}})
	require.NoError(t, err)
	return dataDir, archive
}

// TestCreateRefuses: no backup over an existing file without Force, none of a missing store;
// neither leaves anything behind.
func TestCreateRefuses(t *testing.T) {
	t.Parallel()
	dataDir, archive := newBackup(t)
	first, err := os.ReadFile(archive)
	require.NoError(t, err)
	opts := backup.Options{DataDir: dataDir, Out: archive}
	_, err = backup.Create(t.Context(), opts)
	require.ErrorContains(t, err, "--force")
	requireOnly(t, filepath.Dir(archive), "backup.tar")
	again, err := os.ReadFile(archive)
	require.NoError(t, err)
	require.Equal(t, first, again)

	opts.Force = true
	_, err = backup.Create(t.Context(), opts)
	require.NoError(t, err, "--force replaces the archive")

	empty := t.TempDir()
	out := filepath.Join(t.TempDir(), "none.tar")
	_, err = backup.Create(t.Context(), backup.Options{DataDir: empty, Out: out})
	require.ErrorIs(t, err, os.ErrNotExist)
	requireOnly(t, empty)
	requireOnly(t, filepath.Dir(out))
}

// TestRestoreRefusesExisting: no file of a data directory is overwritten, and nothing written.
func TestRestoreRefusesExisting(t *testing.T) {
	t.Parallel()
	dataDir, archive := newBackup(t)
	_, err := backup.Restore(t.Context(), backup.RestoreOptions{Archive: archive, DataDir: dataDir})
	require.ErrorContains(t, err, "refusing to overwrite")
	require.ErrorContains(t, err, filepath.Join(dataDir, sqlite.FileName))

	target := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(target, keys.MasterKeyFileName), []byte("mine"), 0o600))
	_, err = backup.Restore(t.Context(), backup.RestoreOptions{Archive: archive, DataDir: target})
	require.ErrorContains(t, err, keys.MasterKeyFileName)
	requireOnly(t, target, keys.MasterKeyFileName)
}

// TestRestoreIntoOtherPKIDir puts the PKI files into the configured PKI directory.
func TestRestoreIntoOtherPKIDir(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	_, _, err := pki.EnsureCA(filepath.Join(dataDir, "pki"), time.Now()) // as an earlier taskgate left it
	require.NoError(t, err)
	addPlaintext(t, dataDir)
	serve(t, dataDir) // takes the CA into the store
	archive := filepath.Join(t.TempDir(), "backup.tar")
	_, err = backup.Create(t.Context(), backup.Options{DataDir: dataDir, Out: archive, MasterKey: keys.Source{GenerateIn: dataDir}})
	require.NoError(t, err)

	target, pkiDir := t.TempDir(), filepath.Join(t.TempDir(), "pki")
	report, err := backup.Restore(t.Context(), backup.RestoreOptions{Archive: archive, DataDir: target, PKIDir: pkiDir})
	require.NoError(t, err)
	requireSameFiles(t, filepath.Join(dataDir, "pki"), pkiDir)
	require.Contains(t, report.Written, filepath.Join(target, sqlite.FileName))
	requireOnly(t, target, sqlite.FileName, keys.MasterKeyFileName)
}

// TestRestoreRejectsDamage: a changed byte, a cut-off archive, a file the manifest does not list
// and a name outside the data directory are refused before anything is written.
func TestRestoreRejectsDamage(t *testing.T) {
	t.Parallel()
	_, archive := newBackup(t)
	good, err := os.ReadFile(archive)
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		archive []byte
		want    string
	}{
		"ChangedByte": {flipLastDataByte(t, good), "damaged"},
		"CutShort":    {good[:len(good)/2], "unexpected EOF"},
		"NotABackup":  {tarOf(t, map[string][]byte{"hello.txt": []byte("hi")}), "not a taskgate backup"},
		"Unlisted":    {appendEntry(t, good, "pki/extra.pem"), "does not list"},
		"Escaping":    {manifestOnly(t, "pki/../../etc/passwd"), "cannot hold"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "backup.tar")
			require.NoError(t, os.WriteFile(path, tc.archive, 0o600))
			target := t.TempDir()
			_, err := backup.Restore(t.Context(), backup.RestoreOptions{Archive: path, DataDir: target})
			require.ErrorContains(t, err, tc.want)
			requireOnly(t, target)
		})
	}
}

// requireOnly requires dir to hold exactly the names given.
func requireOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	got := []string{}
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if names == nil {
		names = []string{}
	}
	require.ElementsMatch(t, names, got, "the files in %s", dir)
}

// flipLastDataByte changes one byte of the database's content inside the archive.
func flipLastDataByte(t *testing.T, archive []byte) []byte {
	t.Helper()
	out := bytes.Clone(archive)
	i := bytes.Index(out, []byte("SQLite format 3\x00"))
	require.Positive(t, i)
	out[i+200] ^= 0xff
	return out
}

// appendEntry rewrites archive with one more file at its end.
func appendEntry(t *testing.T, archive []byte, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	tr := tar.NewReader(bytes.NewReader(archive))
	for {
		hdr, err := tr.Next()
		if err != nil {
			break
		}
		require.NoError(t, tw.WriteHeader(hdr))
		_, err = io.Copy(tw, tr)
		require.NoError(t, err)
	}
	writeFile(t, tw, name, []byte("extra"))
	require.NoError(t, tw.Close())
	return buf.Bytes()
}

// manifestOnly is an archive whose manifest lists the database and name.
func manifestOnly(t *testing.T, name string) []byte {
	t.Helper()
	m := backup.Manifest{Format: backup.Format, Files: []backup.File{{Name: backup.DatabaseName}, {Name: name}}}
	text, err := json.Marshal(m)
	require.NoError(t, err)
	return tarOf(t, map[string][]byte{backup.ManifestName: text})
}

// tarOf is an archive of the given files.
func tarOf(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for name, content := range files {
		writeFile(t, tw, name, content)
	}
	require.NoError(t, tw.Close())
	return buf.Bytes()
}

func writeFile(t *testing.T, tw *tar.Writer, name string, content []byte) {
	t.Helper()
	require.NoError(t, tw.WriteHeader(&tar.Header{Typeflag: tar.TypeReg, Name: name, Size: int64(len(content)), Mode: 0o600}))
	_, err := tw.Write(content)
	require.NoError(t, err)
}
