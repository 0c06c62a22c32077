package backup_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap/zaptest"

	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/gateway"
)

// serve starts taskgate in-process on dataDir (TaskChampion on a free port, taskd too, so that
// the PKI directory is made) and returns its base URL; it stops when the test ends.
func serve(t *testing.T, dataDir string) string {
	t.Helper()
	cfg := gateway.DefaultConfig()
	cfg.DataDir = dataDir
	cfg.HTTPListen = []string{"127.0.0.1:0"}
	cfg.Taskd.Listen = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := gateway.Start(ctx, cfg, zaptest.NewLogger(t))
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-served)
	})
	return "http://" + srv.HTTPAddrs()[0]
}

// ack is a version the server acknowledged, and when the client had the answer.
type ack struct {
	id uuid.UUID
	at time.Time
}

// writer is a TaskChampion client that adds one version after another to its chain.
type writer struct {
	client uuid.UUID
	acked  []ack
}

// run adds versions to w's chain until ctx ends.
func (w *writer) run(ctx context.Context, base string) error {
	parent := uuid.Nil
	for {
		id, err := addVersion(ctx, base, w.client, parent)
		if ctx.Err() != nil {
			return nil // an answer cut off by the end is not an acknowledgement
		}
		if err != nil {
			return err
		}
		w.acked = append(w.acked, ack{id: id, at: time.Now()})
		parent = id
	}
}

// addVersion adds a version of random bytes after parent and returns its id.
func addVersion(ctx context.Context, base string, client, parent uuid.UUID) (uuid.UUID, error) {
	segment := make([]byte, 512)
	_, _ = rand.Read(segment)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v1/client/add-version/"+parent.String(), bytes.NewReader(segment))
	if err != nil {
		return uuid.Nil, err
	}
	req.Header.Set("Content-Type", champion.ContentTypeHistorySegment)
	req.Header.Set(champion.HeaderClientID, client.String())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return uuid.Nil, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return uuid.Nil, fmt.Errorf("add-version after %s: %s", parent, resp.Status)
	}
	return uuid.Parse(resp.Header.Get(champion.HeaderVersionID))
}

// chain walks a client's chain from the start, as a new replica does, and returns its ids.
func chain(t *testing.T, base string, client uuid.UUID) []uuid.UUID {
	t.Helper()
	var ids []uuid.UUID
	for parent := uuid.Nil; ; {
		id, ok := childVersion(t, base, client, parent)
		if !ok {
			return ids
		}
		ids = append(ids, id)
		parent = id
	}
}

// childVersion returns the version after parent, if there is one.
func childVersion(t *testing.T, base string, client, parent uuid.UUID) (uuid.UUID, bool) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/v1/client/get-child-version/"+parent.String(), nil)
	require.NoError(t, err)
	req.Header.Set(champion.HeaderClientID, client.String())
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode == http.StatusNotFound {
		return uuid.Nil, false
	}
	require.Equal(t, http.StatusOK, resp.StatusCode, "get-child-version after %s", parent)
	id, err := uuid.Parse(resp.Header.Get(champion.HeaderVersionID))
	require.NoError(t, err)
	return id, true
}

// readFiles returns every regular file below dir by its slash-separated relative path.
func readFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if errors.Is(err, os.ErrNotExist) {
		return files
	}
	require.NoError(t, err)
	return files
}
