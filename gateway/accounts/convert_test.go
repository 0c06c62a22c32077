package accounts_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
)

// ownerSecret is the encryption secret the owner of an encrypted test account chose.
const ownerSecret = "correct horse battery staple"

// TestConvert converts an encrypted account whose devices synced a history and checks that its
// task state then equals that of a plaintext account that received the same history, and that
// the server can open the account's next version.
func TestConvert(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		enc, err := b.m.Add(b.ctx, "laptop", store.ModeEncrypted)
		require.NoError(t, err)
		ref, err := b.m.Add(b.ctx, "reference", store.ModePlaintext)
		require.NoError(t, err)
		key, refKey := clientKey(t, enc, ownerSecret), clientKey(t, ref, ref.Taskrc3[accounts.TaskrcEncryptionSecret])
		acct, refAcct := b.account(t, "laptop"), b.account(t, "reference")
		for _, ops := range history() {
			b.appendVersion(t, acct, key, ops...)
			b.appendVersion(t, refAcct, refKey, ops...)
		}
		before, err := b.st.ChainGet(b.ctx, acct.ID)
		require.NoError(t, err)

		require.NoError(t, b.m.Convert(b.ctx, "laptop", []byte(ownerSecret)))

		shown, err := b.m.Show(b.ctx, "laptop")
		require.NoError(t, err)
		require.Equal(t, store.ModePlaintext, shown.Mode)
		require.Equal(t, ownerSecret, shown.Taskrc3[accounts.TaskrcEncryptionSecret])
		require.Equal(t, enc.Taskrc3[accounts.TaskrcClientID], shown.Taskrc3[accounts.TaskrcClientID])
		require.Equal(t, b.tasks(t, refAcct.ID), b.tasks(t, acct.ID), "rebuilt task state")
		after, err := b.st.ChainGet(b.ctx, acct.ID)
		require.NoError(t, err)
		require.Equal(t, before, after, "the chain is untouched")
		requireServerOpens(t, b, b.account(t, "laptop"), key)
	})
}

// requireServerOpens appends a version the way the TaskChampion handler does for a plaintext
// account, so it fails unless the server holds the right key.
func requireServerOpens(t *testing.T, b *testBundle, a store.Account, key codec.Key) {
	t.Helper()
	id := uuid.New()
	ch, err := b.st.ChainGet(b.ctx, a.ID)
	require.NoError(t, err)
	seg, err := codec.SealSegment(key, ch.Latest, []codec.Op{codec.Create(id)})
	require.NoError(t, err)
	_, err = chain.New(b.st, b.master, chain.Config{}).Append(b.ctx, a.ID, ch.Latest, seg)
	require.NoError(t, err)
	out, err := b.m.Export(b.ctx, a.Name, nil)
	require.NoError(t, err)
	require.Contains(t, string(out), id.String())
}

func TestConvertWrongSecret(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		tests := []struct {
			name    string
			secrets []string // the secret each version is sealed with
			want    string   // how the refusal begins
		}{
			{"WrongForEveryVersion", []string{"another secret", "another secret"},
				"version 1 (%s) of account \"laptop\" does not open with this secret (nor does 1 later version): "},
			{"OneForeignVersion", []string{ownerSecret, "a device with a typo", ownerSecret},
				"version 2 (%s) of account \"laptop\" does not open with this secret: "},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				b := setup(t, open)
				d, err := b.m.Add(b.ctx, "laptop", store.ModeEncrypted)
				require.NoError(t, err)
				acct := b.account(t, "laptop")
				derived := map[string]codec.Key{}
				var versions []store.Version
				for i, s := range tt.secrets {
					if _, ok := derived[s]; !ok {
						derived[s] = clientKey(t, d, s)
					}
					versions = append(versions, b.appendVersion(t, acct, derived[s], history()[i]...))
				}
				err = requireConvertRefused(t, b, "laptop", []byte(ownerSecret), accounts.ErrWrongSecret)
				bad := versions[0]
				if tt.name == "OneForeignVersion" {
					bad = versions[1]
				}
				require.True(t, strings.HasPrefix(err.Error(), fmt.Sprintf(tt.want, bad.ID)), "error: %v", err)
				require.ErrorContains(t, err, "is not the sync.encryption_secret its devices use")
			})
		}
	})
}

// requireConvertRefused converts, checks that it fails with want and changed nothing, and
// returns the error.
func requireConvertRefused(t *testing.T, b *testBundle, name string, secret []byte, want error) error {
	t.Helper()
	before, beforeErr := b.st.AccountGetByName(b.ctx, name)
	var chain store.Chain
	if beforeErr == nil {
		var err error
		chain, err = b.st.ChainGet(b.ctx, before.ID)
		require.NoError(t, err)
	}
	err := b.m.Convert(b.ctx, name, secret)
	require.ErrorIs(t, err, want)
	if beforeErr != nil {
		return err
	}
	after := b.account(t, name)
	require.Equal(t, before, after, "the account is unchanged")
	afterChain, chainErr := b.st.ChainGet(b.ctx, before.ID)
	require.NoError(t, chainErr)
	require.Equal(t, chain, afterChain, "the chain is unchanged")
	if before.Mode == store.ModeEncrypted {
		_, keyErr := b.st.AccountKeyGet(b.ctx, before.ID)
		require.ErrorIs(t, keyErr, store.ErrNotFound, "no key was stored")
	}
	return err
}

func TestConvertRefuses(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		for _, name := range []string{"two-clients", "one-client"} {
			_, err := b.m.Add(b.ctx, name, store.ModeEncrypted)
			require.NoError(t, err)
		}
		b.st.addClient(t, b.account(t, "two-clients").ID, uuid.New())
		_, err := b.m.Add(b.ctx, "plain", store.ModePlaintext)
		require.NoError(t, err)
		_, err = b.st.AccountCreate(b.ctx, store.AccountCreateParams{Name: "no-clients", Mode: store.ModeEncrypted})
		require.NoError(t, err)
		noKey := &testBundle{ctx: b.ctx, st: b.st, m: accounts.New(b.st, keys.MasterKey{}, publicURL)}
		tests := []struct {
			name    string
			b       *testBundle
			account string
			secret  string
			want    error
		}{
			{"Plaintext", b, "plain", ownerSecret, accounts.ErrNotConvertible},
			{"TwoClients", b, "two-clients", ownerSecret, accounts.ErrNotConvertible},
			{"NoClients", b, "no-clients", ownerSecret, accounts.ErrNotConvertible},
			{"NoMasterKey", noKey, "one-client", ownerSecret, accounts.ErrNoMasterKey},
			{"EmptySecret", b, "one-client", "", accounts.ErrWrongSecret},
			{"Unknown", b, "nobody", ownerSecret, store.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				requireConvertRefused(t, tt.b, tt.account, []byte(tt.secret), tt.want)
			})
		}
	})
}

// racingStore appends a version, as a syncing client would, when the conversion first reads
// a version.
type racingStore struct {
	*testStore
	once sync.Once
	race func()
}

func (r *racingStore) VersionGet(ctx context.Context, accountID int64, id uuid.UUID) (store.Version, error) {
	r.once.Do(r.race)
	return r.testStore.VersionGet(ctx, accountID, id)
}

func TestConvertChainMoved(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		d, err := b.m.Add(b.ctx, "laptop", store.ModeEncrypted)
		require.NoError(t, err)
		key, acct := clientKey(t, d, ownerSecret), b.account(t, "laptop")
		b.appendVersion(t, acct, key, history()[0]...)
		racing := &racingStore{testStore: b.st, race: func() { b.appendVersion(t, acct, key, history()[1]...) }}

		err = accounts.New(racing, b.master, publicURL).Convert(b.ctx, "laptop", []byte(ownerSecret))
		require.ErrorIs(t, err, accounts.ErrChainMoved)
		require.ErrorContains(t, err, "run it again")
		require.Equal(t, store.ModeEncrypted, b.account(t, "laptop").Mode)

		require.NoError(t, b.m.Convert(b.ctx, "laptop", []byte(ownerSecret)), "the second run sees both versions")
		require.Len(t, b.tasks(t, acct.ID), 2)
	})
}

// TestConvertRacingWriters converts an account while two devices keep appending versions
// through the chain core: the conversion either wins the lock with the chain it opened or is
// refused with ErrChainMoved, and in both cases the chain is one unbroken line holding every
// version; once converted, the task state is exactly the replay of that line.
func TestConvertRacingWriters(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, open opener) {
		b := setup(t, open)
		enc, err := b.m.Add(b.ctx, "laptop", store.ModeEncrypted)
		require.NoError(t, err)
		key, acct := clientKey(t, enc, ownerSecret), b.account(t, "laptop")
		for _, ops := range history() {
			b.appendVersion(t, acct, key, ops...)
		}
		core := chain.New(b.st, b.master, chain.Config{})
		const writers, writes = 2, 5
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() { appendRebasing(t, b, core, acct.ID, key, w, writes) })
		}
		convErr := b.m.Convert(b.ctx, "laptop", []byte(ownerSecret))
		wg.Wait()
		if convErr != nil {
			require.ErrorIs(t, convErr, accounts.ErrChainMoved)
		}
		line := b.walk(t, acct.ID)
		require.Len(t, line, len(history())+writers*writes, "every version is on one line")
		got := b.account(t, "laptop")
		if convErr != nil {
			require.Equal(t, store.ModeEncrypted, got.Mode)
			return
		}
		require.Equal(t, store.ModePlaintext, got.Mode)
		ref, err := b.m.Add(b.ctx, "reference", store.ModePlaintext)
		require.NoError(t, err)
		refAcct, refKey := b.account(t, "reference"), clientKey(t, ref, ref.Taskrc3[accounts.TaskrcEncryptionSecret])
		for _, v := range line {
			ops, err := codec.OpenSegment(key, v.Parent, v.Segment)
			require.NoError(t, err)
			b.appendVersion(t, refAcct, refKey, ops...)
		}
		require.Equal(t, b.tasks(t, refAcct.ID), b.tasks(t, acct.ID), "the task state replays the chain")
	})
}

// appendRebasing appends n versions through core, each creating a task, rebasing on the head
// a *chain.NotHeadError names.
func appendRebasing(t *testing.T, b *testBundle, core *chain.Core, accountID int64, key codec.Key, w, n int) {
	ch, err := b.st.ChainGet(b.ctx, accountID)
	require.NoError(t, err)
	parent := ch.Latest
	for i := range n {
		id := uuid.New()
		ops := []codec.Op{codec.Create(id), codec.Set(id, "description", fmt.Sprintf("writer %d, task %d", w, i), time.Now())}
		for {
			seg, err := codec.SealSegment(key, parent, ops)
			require.NoError(t, err)
			out, err := core.Append(b.ctx, accountID, parent, seg)
			var nh *chain.NotHeadError
			if errors.As(err, &nh) {
				parent = nh.Latest
				continue
			}
			require.NoError(t, err)
			parent = out.Version.ID
			break
		}
	}
}

// walk returns the account's chain from its first version to its head, checking that each
// version's seq follows its parent's.
func (b *testBundle) walk(t *testing.T, accountID int64) []store.Version {
	t.Helper()
	ch, err := b.st.ChainGet(b.ctx, accountID)
	require.NoError(t, err)
	line := make([]store.Version, ch.LatestSeq)
	id := ch.Latest
	for seq := ch.LatestSeq; seq >= 1; seq-- {
		v, err := b.st.VersionGet(b.ctx, accountID, id)
		require.NoError(t, err)
		require.Equal(t, seq, v.Seq)
		line[seq-1], id = v, v.Parent
	}
	require.Equal(t, store.NilVersion, id, "the first version's parent is the nil version")
	return line
}
