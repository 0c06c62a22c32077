package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	mrand "math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
)

// testAccounts returns n plaintext accounts with random keys: the driver does not care how a key
// was derived, and PBKDF2 would slow the tests.
func testAccounts(t *testing.T, n int) []championAccount {
	t.Helper()
	out := make([]championAccount, n)
	for i := range out {
		b := make([]byte, codec.KeySize)
		_, _ = rand.Read(b)
		k, err := codec.NewKey(b)
		require.NoError(t, err)
		out[i] = championAccount{id: uuid.New(), key: k}
	}
	return out
}

func newPlainTestDriver(t *testing.T, rawURL string, accounts []championAccount, workers int) *championDriver {
	t.Helper()
	target, err := parseTarget(rawURL, false)
	require.NoError(t, err)
	return newChampionDriver(target, 5*time.Second, accounts, workers, 1024)
}

// storedVersion is one version of a fake server's chain, with the parent it was added after.
type storedVersion struct {
	parent, id uuid.UUID
	body       []byte
}

// chain returns client's versions from the first, following each parent to its child.
func (f *fakeChampion) chain(client uuid.UUID) []storedVersion {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []storedVersion
	c := f.chains[client]
	for parent := uuid.Nil; c != nil; {
		v, ok := c.children[parent]
		if !ok {
			break
		}
		out = append(out, storedVersion{parent, v.id, v.body})
		parent = v.id
	}
	return out
}

// requireNewTaskSegment checks that v opens with key after its own parent only, into the
// operations creating one task.
func requireNewTaskSegment(t *testing.T, key codec.Key, v storedVersion) {
	t.Helper()
	ops, err := codec.OpenSegment(key, v.parent, v.body)
	require.NoError(t, err, "version %s after %s", v.id, v.parent)
	require.Len(t, ops, 5)
	require.Equal(t, codec.Create(ops[0].UUID), ops[0])
	for _, op := range ops[1:] {
		require.Equal(t, codec.OpUpdate, op.Kind)
		require.Equal(t, ops[0].UUID, op.UUID)
	}
	_, err = codec.OpenSegment(key, uuid.New(), v.body)
	require.ErrorIs(t, err, codec.ErrAuthFailed, "the parent is in the associated data")
}

func TestChampionPlaintextBodiesOpenAfterTheirParent(t *testing.T) {
	fake, url := startFake(t)
	accounts := testAccounts(t, 4)
	d := newPlainTestDriver(t, url, accounts, 2)
	res, err := run(context.Background(), plan{workers: 2, duration: 200 * time.Millisecond}, d)
	require.NoError(t, err)
	require.GreaterOrEqual(t, res.rec.units, uint64(4))
	require.Zero(t, res.rec.failed)
	require.Zero(t, res.rec.conflicts)
	n := 0
	for _, a := range accounts {
		chain := fake.chain(a.id)
		require.NotEmpty(t, chain)
		for _, v := range chain {
			requireNewTaskSegment(t, a.key, v)
			require.Len(t, v.body, 1024, "padded to --size")
		}
		n += len(chain)
	}
	require.Equal(t, fake.versions(), n, "every stored version is on a chain from the start")
	require.Equal(t, int(res.rec.units), n)
	_, err = codec.OpenSegment(accounts[1].key, fake.chain(accounts[0].id)[0].parent, fake.chain(accounts[0].id)[0].body)
	require.ErrorIs(t, err, codec.ErrAuthFailed, "each account has its own key")
}

func TestChampionPlaintextResealsOnConflict(t *testing.T) {
	fake, url := startFake(t)
	accounts := testAccounts(t, 3)
	d := newPlainTestDriver(t, url, accounts, 3)
	first := map[uuid.UUID]uuid.UUID{}
	for _, a := range accounts { // another replica already synced: our nil head is stale
		seg, err := codec.SealSegment(a.key, uuid.Nil, []codec.Op{codec.Create(uuid.New())})
		require.NoError(t, err)
		id, _, ok := fake.add(a.id, uuid.Nil, seg)
		require.True(t, ok)
		first[a.id] = id
	}
	res, err := run(context.Background(), plan{workers: 3, duration: 200 * time.Millisecond}, d)
	require.NoError(t, err)
	require.GreaterOrEqual(t, res.rec.units, uint64(3))
	require.Zero(t, res.rec.failed)
	require.Equal(t, uint64(3), res.rec.conflicts, "one 409 per client, then its head is known")
	for _, a := range accounts {
		chain := fake.chain(a.id)
		require.Greater(t, len(chain), 1)
		require.Equal(t, first[a.id], chain[1].parent)
		for _, v := range chain[1:] {
			requireNewTaskSegment(t, a.key, v)
		}
	}
}

func TestNewTaskOpsSize(t *testing.T) {
	key, err := codec.NewKey(bytes.Repeat([]byte{7}, codec.KeySize))
	require.NoError(t, err)
	rng := mrand.NewChaCha8([32]byte{1})
	now := time.Date(2026, 3, 1, 12, 30, 15, 123456789, time.UTC)
	tests := []struct {
		size, want int // want 0: as short as it can be
	}{
		{1, 0},
		{600, 0},
		{1024, 1024},
		{2048, 2048},
		{100000, 100000},
	}
	smallest := 0
	for _, tt := range tests {
		ops, err := newTaskOps(rng, tt.size, now)
		require.NoError(t, err)
		sealed, err := codec.SealSegment(key, uuid.Nil, ops)
		require.NoError(t, err)
		desc := *ops[len(ops)-1].Value
		require.Equal(t, "description", ops[len(ops)-1].Property)
		require.NotEmpty(t, desc)
		require.Equal(t, "", strings.Trim(desc, descriptionLetters))
		if tt.want == 0 {
			require.Len(t, desc, 1, "size %d", tt.size)
			smallest = len(sealed)
			continue
		}
		require.Len(t, sealed, tt.want, "size %d", tt.size)
	}
	require.Greater(t, smallest, 600, "five operations with their uuids and timestamps")
	require.Less(t, smallest, 1024)
}

func TestCLIChampionPlaintextJSON(t *testing.T) {
	fake, url := startFake(t)
	ids := []uuid.UUID{uuid.New(), uuid.New()}
	path := filepath.Join(t.TempDir(), "accounts.jsonl")
	lines := `{"client_id": "` + ids[0].String() + `", "encryption_secret": "one"}` + "\n" +
		`{"client_id": "` + ids[1].String() + `", "encryption_secret": "two"}` + "\n"
	require.NoError(t, os.WriteFile(path, []byte(lines), 0o600))
	var out, errb bytes.Buffer
	code := cli(context.Background(), []string{"champion", "--url", url, "--accounts-file", path, "--workers", "2",
		"--duration", "300ms", "--size", "300", "--json"}, &out, &errb)
	require.Equal(t, exitOK, code, errb.String())
	var rep report
	require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
	require.Equal(t, "plaintext", rep.Settings["account_mode"])
	require.Equal(t, float64(2), rep.Settings["clients"])
	require.Positive(t, rep.Units)
	require.Empty(t, rep.Outcomes)
	for i, secret := range []string{"one", "two"} {
		chain := fake.chain(ids[i])
		require.NotEmpty(t, chain)
		requireNewTaskSegment(t, codec.DeriveKey([]byte(secret), ids[i]), chain[0])
	}
}

func TestCLIChampionAccountsFileUsage(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one.jsonl")
	require.NoError(t, os.WriteFile(one, []byte(`{"client_id": "`+uuid.NewString()+`", "encryption_secret": "s"}`+"\n"), 0o600))
	bad := filepath.Join(dir, "bad.jsonl")
	require.NoError(t, os.WriteFile(bad, []byte("{\n"), 0o600))
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"--accounts-file", one, "--workers", "2"}, "1 accounts in --accounts-file for 2 workers"},
		{[]string{"--accounts-file", one, "--workers", "1", "--clients", "1"}, "give --clients or --accounts-file, not both"},
		{[]string{"--accounts-file", bad, "--workers", "1"}, "bad.jsonl: line 1: want one"},
		{[]string{"--accounts-file", filepath.Join(dir, "missing"), "--workers", "1"}, "--accounts-file: open"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := cli(context.Background(), append([]string{"champion", "--url", "http://127.0.0.1:1"}, tt.args...), &out, &errb)
		require.Equal(t, exitBadUsage, code, "%v: %s", tt.args, errb.String())
		require.Contains(t, errb.String(), tt.msg, "%v", tt.args)
	}
}
