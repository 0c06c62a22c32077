package taskdimport_test

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/gateway/pki"
	"github.com/taskgate/taskgate/gateway/taskdimport"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/taskd"
)

func TestImportTwiceSkips(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, b *bundle) {
		first := b.run(t, capturedRoot, taskdimport.Options{KeepServerCert: true})
		require.Equal(t, taskdimport.StatusImported, first.Accounts[0].Status)
		second := b.run(t, capturedRoot, taskdimport.Options{KeepServerCert: true})
		require.Len(t, second.Accounts, 1)
		ar := second.Accounts[0]
		require.Equal(t, taskdimport.StatusSkipped, ar.Status)
		require.Equal(t, "Public/alice", ar.Account)
		require.Contains(t, ar.Reason, "already belongs to account")
		require.Empty(t, ar.Taskrc3)
		list, err := b.st.AccountList(t.Context())
		require.NoError(t, err)
		require.Len(t, list, 1, "nothing was duplicated")
		require.Len(t, second.PKI, 3)
		for _, f := range second.PKI {
			require.Equal(t, "unchanged", f.Action, f.To)
		}
		requireModes(t, b.pkiDir)
	})
}

// requireModes checks the copies: certificates readable, the key private.
func requireModes(t *testing.T, pkiDir string) {
	t.Helper()
	for file, mode := range map[string]os.FileMode{
		pki.ClientCAPath(pkiDir):              0o644,
		pkiDir + "/" + pki.KeptServerCertFile: 0o644,
		pkiDir + "/" + pki.KeptServerKeyFile:  0o600,
	} {
		fi, err := os.Stat(file)
		require.NoError(t, err)
		require.Equal(t, mode, fi.Mode().Perm(), file)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, b *bundle) {
		rep := b.run(t, capturedRoot, taskdimport.Options{DryRun: true, KeepServerCert: true})
		require.True(t, rep.DryRun)
		require.Equal(t, taskdimport.StatusImported, rep.Accounts[0].Status)
		require.Equal(t, "Public/alice", rep.Accounts[0].Account)
		require.Equal(t, 4, rep.Accounts[0].Tasks)
		require.Empty(t, rep.Accounts[0].Taskrc3)
		for _, f := range rep.PKI {
			require.Equal(t, "would write", f.Action)
		}
		list, err := b.st.AccountList(t.Context())
		require.NoError(t, err)
		require.Empty(t, list)
		_, err = os.Stat(b.pkiDir)
		require.ErrorIs(t, err, os.ErrNotExist)
	})
}

func TestDryRunWithoutStore(t *testing.T) {
	t.Parallel()
	pkiDir := t.TempDir() + "/pki"
	opts := taskdimport.Options{Root: capturedRoot, PKIDir: pkiDir, DryRun: true}
	rep, err := taskdimport.New(nil, keys.MasterKey{}, opts).Run(t.Context())
	require.NoError(t, err)
	require.Equal(t, "Public/alice", rep.Accounts[0].Account)
	_, err = os.Stat(pkiDir)
	require.ErrorIs(t, err, os.ErrNotExist)

	opts.DryRun = false
	_, err = taskdimport.New(nil, keys.MasterKey{}, opts).Run(t.Context())
	require.Error(t, err)
}

func TestImportTakesNextFreeName(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, b *bundle) {
		_, err := b.st.AccountCreate(t.Context(), store.AccountCreateParams{Name: "Public/alice", Mode: store.ModeEncrypted})
		require.NoError(t, err)
		rep := b.run(t, capturedRoot, taskdimport.Options{})
		require.Equal(t, taskdimport.StatusImported, rep.Accounts[0].Status)
		require.Equal(t, "Public/alice-2", rep.Accounts[0].Account)
	})
}

// errInjected makes a chain transaction fail after it wrote everything.
var errInjected = errors.New("injected failure")

// failingChain is a store whose chain transactions roll back at the last moment.
type failingChain struct{ engine }

func (f failingChain) ChainUpdate(ctx context.Context, id int64, fn func(context.Context, store.ChainTx) error) error {
	return f.engine.ChainUpdate(ctx, id, func(ctx context.Context, tx store.ChainTx) error {
		if err := fn(ctx, tx); err != nil {
			return err
		}
		return errInjected
	})
}

// TestImportCompletesInterrupted fails the history transaction of an import, then runs the
// import again: the first run leaves a suspended, empty account, the second completes it.
func TestImportCompletesInterrupted(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, b *bundle) {
		failing := &bundle{st: failingChain{b.st}, master: b.master, pkiDir: b.pkiDir}
		rep := failing.run(t, capturedRoot, taskdimport.Options{})
		ar := rep.Accounts[0]
		require.Equal(t, taskdimport.StatusFailed, ar.Status)
		require.Contains(t, ar.Reason, "injected failure")
		require.Contains(t, ar.Reason, "run the import again")
		cred, acct := b.account(t, capturedKey)
		require.Equal(t, store.StatusSuspended, acct.Status, "no client syncs into the empty account")
		require.Equal(t, int64(0), chainOf(t, b, capturedKey).LatestSeq, "nothing of the history was kept")

		rep = b.run(t, capturedRoot, taskdimport.Options{})
		ar = rep.Accounts[0]
		require.Equal(t, taskdimport.StatusImported, ar.Status)
		require.Contains(t, ar.Reason, "completed an earlier import")
		_, acct = b.account(t, capturedKey)
		require.Equal(t, store.StatusActive, acct.Status)
		ch := chainOf(t, b, capturedKey)
		require.Equal(t, ar.SyncKey, ch.Latest.String())
		require.Equal(t, taskd.StatusNoChange, b.sync(t, cred, ar.SyncKey).Code)
		requireOpens(t, b, acct.ID, ar, ch.Latest)
	})
}

// requireOpens checks that the printed Taskwarrior 3 settings open the version id.
func requireOpens(t *testing.T, b *bundle, accountID int64, ar taskdimport.AccountReport, id uuid.UUID) {
	t.Helper()
	_, key := clientKey(t, ar)
	v, err := b.st.VersionGet(t.Context(), accountID, id)
	require.NoError(t, err)
	_, err = codec.OpenSegment(key, v.Parent, v.Segment)
	require.NoError(t, err)
}
