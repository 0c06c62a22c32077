package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

func TestReadAccounts(t *testing.T) {
	a, b := uuid.MustParse("1c82d7ea-9488-4913-91b8-9dc39f885817"), uuid.MustParse("0b3a2a9e-55c4-4e4a-8f43-6a8c1f1d2e3f")
	lineA := `{"client_id": "1c82d7ea-9488-4913-91b8-9dc39f885817", "encryption_secret": "s3cret"}`
	lineB := `{"encryption_secret":"other","client_id":"0b3a2a9e-55c4-4e4a-8f43-6a8c1f1d2e3f"}`
	tests := []struct {
		name    string
		in      string
		want    []secretAccount
		wantErr string
	}{
		{"empty", "", nil, ""},
		{"two lines", lineA + "\n" + lineB + "\n", []secretAccount{{a, "s3cret"}, {b, "other"}}, ""},
		{"blank, comment, no final newline", "# made by account add\n\n  " + lineA + "  \n\n" + lineB, []secretAccount{{a, "s3cret"}, {b, "other"}}, ""},
		{"pretty-printed account add output", "{\n  \"name\": \"x\",\n}\n", nil, `line 1: want one {"client_id"`},
		{"unknown member", `{"client_id": "1c82d7ea-9488-4913-91b8-9dc39f885817", "encryption_secret": "s", "mode": "plaintext"}`, nil, `unknown field "mode"`},
		{"two values on a line", lineA + " " + lineB, nil, "line 1: more than one JSON value"},
		{"not a uuid", `{"client_id": "x", "encryption_secret": "s"}`, nil, `line 1: client_id "x" is not a client id`},
		{"nil uuid", `{"client_id": "00000000-0000-0000-0000-000000000000", "encryption_secret": "s"}`, nil, "is not a client id"},
		{"no secret", "\n" + `{"client_id": "1c82d7ea-9488-4913-91b8-9dc39f885817"}`, nil, "line 2: client 1c82d7ea-9488-4913-91b8-9dc39f885817: encryption_secret is missing"},
		{"same client twice", lineA + "\n" + lineB + "\n" + lineA, nil, "line 3: client id 1c82d7ea-9488-4913-91b8-9dc39f885817 given twice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAccounts(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestLoadAccountsFileDerivesKeys(t *testing.T) {
	ids := []uuid.UUID{uuid.New(), uuid.New(), uuid.New()}
	var b strings.Builder
	for i, id := range ids {
		b.WriteString(`{"client_id": "` + id.String() + `", "encryption_secret": "secret-` + string(rune('a'+i)) + `"}` + "\n")
	}
	path := filepath.Join(t.TempDir(), "accounts.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o600))
	secrets, err := loadAccountsFile(path)
	require.NoError(t, err)
	accounts := deriveKeys(secrets)
	require.Len(t, accounts, len(ids))
	for i, a := range accounts {
		require.Equal(t, ids[i], a.id, "the file's order is kept")
		require.Equal(t, codec.DeriveKey([]byte("secret-"+string(rune('a'+i))), ids[i]), a.key)
	}
}

func TestLoadAccountsFileErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	require.NoError(t, os.WriteFile(empty, []byte("# nothing\n\n"), 0o600))
	_, err := loadAccountsFile(empty)
	require.ErrorContains(t, err, "no accounts")
	_, err = loadAccountsFile(filepath.Join(dir, "missing"))
	require.ErrorContains(t, err, "--accounts-file")
}

func TestReadClients(t *testing.T) {
	t.Parallel()
	got, err := readClients(strings.NewReader("# encrypted accounts\n1c82d7ea-9488-4913-91b8-9dc39f885817\n\n2d82d7ea-9488-4913-91b8-9dc39f885817\n"))
	require.NoError(t, err)
	require.Len(t, got, 2)
	require.True(t, got[0].key.IsZero(), "encrypted accounts have no key")
	_, err = readClients(strings.NewReader("1c82d7ea-9488-4913-91b8-9dc39f885817\n1c82d7ea-9488-4913-91b8-9dc39f885817\n"))
	require.ErrorContains(t, err, "line 2: client id 1c82d7ea-9488-4913-91b8-9dc39f885817 given twice")
	_, err = readClients(strings.NewReader("not-a-uuid\n"))
	require.ErrorContains(t, err, "line 1")
}
