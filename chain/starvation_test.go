package chain_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/bridge/taskdsync"
	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/champion/codec"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/keys/keystest"
	"github.com/taskgate/taskgate/store"
	"github.com/taskgate/taskgate/store/testengines"
	"github.com/taskgate/taskgate/taskd"
)

// Shape of the concurrent load: writers per protocol per account, accounts, writes per writer.
const (
	writersPerProtocol = 4
	loadAccounts       = 3
	writesPerWriter    = 4
	// loadDeadline bounds every request: a request that needs it has starved.
	loadDeadline = 20 * time.Second
)

// loadEngine is what the load needs of a store.
type loadEngine interface {
	champion.Store
	taskdsync.Store
	AccountCreate(ctx context.Context, p store.AccountCreateParams) (store.Account, error)
	TasksAll(ctx context.Context, accountID int64) ([]store.TaskState, error)
}

// TestNoStarvationUnderPlaintextWriters runs 8 concurrent writers per plaintext account (4 over
// the TaskChampion handler, 4 taskd syncs) on several accounts at once, while an encrypted
// account is read, on SQLite and on PostgreSQL with a one-connection pool and with the default
// pool. A write that touched the pool while it held a chain lock would starve the others (with
// one connection, at once); every request must be answered, and every write must be kept.
func TestNoStarvationUnderPlaintextWriters(t *testing.T) {
	t.Parallel()
	log := zap.NewNop()
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		runLoad(t, testengines.Open[loadEngine](t, testengines.SQLite, log))
	})
	for _, conns := range []int{1, 0} {
		t.Run(fmt.Sprintf("PostgreSQL/pool_max_conns=%d", conns), func(t *testing.T) {
			t.Parallel()
			runLoad(t, testengines.OpenPostgres[loadEngine](t, conns, log))
		})
	}
}

// loadFixture is one store with plaintext and encrypted accounts behind both protocols.
type loadFixture struct {
	st      loadEngine
	handler http.Handler
	taskd   *taskdsync.Service
	plain   []plainAccount
	enc     uuid.UUID // the encrypted account's client id
}

// plainAccount is a plaintext account reachable over both protocols.
type plainAccount struct {
	id       int64
	clientID uuid.UUID
	key      codec.Key
	taskd    taskd.Account
}

func newLoadFixture(t *testing.T, st loadEngine) *loadFixture {
	master := keystest.NewMasterKey(t)
	cfg := champion.DefaultConfig()
	core := chain.New(st, master, cfg.CoreConfig())
	f := &loadFixture{st: st, handler: champion.New(cfg, st, core, zap.NewNop()).Handler(),
		taskd: taskdsync.New(st, core, zap.NewNop()), enc: uuid.New()}
	for i := range loadAccounts {
		f.plain = append(f.plain, createPlain(t, st, master, i))
	}
	_, err := st.AccountCreate(t.Context(), store.AccountCreateParams{Name: "enc", Mode: store.ModeEncrypted, ClientID: f.enc})
	require.NoError(t, err)
	return f
}

func createPlain(t *testing.T, st loadEngine, master keys.MasterKey, i int) plainAccount {
	clientID, secret := uuid.New(), []byte(fmt.Sprintf("secret %d", i))
	ak, err := chain.SealAccountKey(master, clientID, secret)
	require.NoError(t, err)
	cred := store.TaskdCredential{Org: "Public", User: fmt.Sprintf("user%d", i), Key: uuid.New()}
	a, err := st.AccountCreate(t.Context(), store.AccountCreateParams{
		Name: cred.User, Mode: store.ModePlaintext, ClientID: clientID, Key: &ak, Taskd: &cred,
	})
	require.NoError(t, err)
	return plainAccount{id: a.ID, clientID: clientID, key: codec.DeriveKey(secret, clientID),
		taskd: taskd.Account{ID: a.ID, Org: cred.Org, User: cred.User}}
}

func runLoad(t *testing.T, st loadEngine) {
	f := newLoadFixture(t, st)
	stop := make(chan struct{})
	readerDone := make(chan int)
	go func() { readerDone <- f.readEncrypted(t, stop) }()
	var wg sync.WaitGroup
	for _, a := range f.plain {
		for range writersPerProtocol {
			wg.Go(func() { f.championWriter(t, a) })
			wg.Go(func() { f.taskdWriter(t, a) })
		}
	}
	wg.Wait()
	close(stop)
	require.Positive(t, <-readerDone, "the encrypted account was read while the writers ran")
	for _, a := range f.plain {
		states, err := st.TasksAll(t.Context(), a.id)
		require.NoError(t, err)
		require.Len(t, states, 2*writersPerProtocol*writesPerWriter, "every write is kept")
	}
}

// championWriter adds writesPerWriter versions, each creating a task, rebasing on 409.
func (f *loadFixture) championWriter(t *testing.T, a plainAccount) {
	parent := uuid.Nil
	for range writesPerWriter {
		task := uuid.New()
		for {
			sealed, err := codec.SealSegment(a.key, parent, createOps(task, "from 3.x"))
			require.NoError(t, err)
			rec := f.request(t, http.MethodPost, "/v1/client/add-version/"+parent.String(), a.clientID, sealed)
			if rec.Code == http.StatusConflict {
				parent = uuid.MustParse(rec.Header().Get(champion.HeaderParentVersionID))
				continue
			}
			require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
			parent = uuid.MustParse(rec.Header().Get(champion.HeaderVersionID))
			break
		}
	}
}

// taskdWriter syncs writesPerWriter times, each uploading a new task.
func (f *loadFixture) taskdWriter(t *testing.T, a plainAccount) {
	for range writesPerWriter {
		ctx, cancel := context.WithTimeout(t.Context(), loadDeadline)
		line := fmt.Sprintf(`{"description":"from 2.x","entry":"20261122T150000Z","modified":"20261122T150000Z",`+
			`"status":"pending","uuid":"%s"}`, uuid.New())
		resp, err := f.taskd.Sync(ctx, a.taskd, taskd.SyncRequest{Client: "task 2.6.2", Tasks: [][]byte{[]byte(line)}})
		cancel()
		require.NoError(t, err)
		require.Equal(t, taskd.StatusOK, resp.Code)
	}
}

// readEncrypted reads the encrypted account until stop, and returns how many reads it made.
func (f *loadFixture) readEncrypted(t *testing.T, stop <-chan struct{}) int {
	n := 0
	for {
		select {
		case <-stop:
			return n
		default:
		}
		rec := f.request(t, http.MethodGet, "/v1/client/get-child-version/"+uuid.Nil.String(), f.enc, nil)
		if rec.Code != http.StatusOK && rec.Code != http.StatusNotFound {
			t.Errorf("reading the encrypted account answered %d %s", rec.Code, rec.Body)
			return n
		}
		n++
	}
}

// request sends one TaskChampion request with a deadline of loadDeadline.
func (f *loadFixture) request(t *testing.T, method, path string, clientID uuid.UUID, body []byte) *httptest.ResponseRecorder {
	ctx, cancel := context.WithTimeout(t.Context(), loadDeadline)
	defer cancel()
	r := httptest.NewRequestWithContext(ctx, method, path, bytes.NewReader(body))
	r.Header.Set(champion.HeaderClientID, clientID.String())
	if body != nil {
		r.Header.Set("Content-Type", champion.ContentTypeHistorySegment)
	}
	rec := httptest.NewRecorder()
	f.handler.ServeHTTP(rec, r)
	return rec
}
