package champion_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/champion"
	"github.com/taskgate/taskgate/keys"
	"github.com/taskgate/taskgate/store/testengines"
)

// FuzzRequest sends arbitrary paths, client ids, content types and bodies to the handler on a
// real store: it must never panic and never answer with a 5xx.
func FuzzRequest(f *testing.F) {
	f.Add("POST", "/v1/client/add-version/00000000-0000-0000-0000-000000000000", "0b1c3f5e-8a2d-4e6f-9c71-5d2a8b4e6f10",
		champion.ContentTypeHistorySegment, []byte("v"))
	f.Add("GET", "/v1/client/get-child-version/zzz", "{0b1c3f5e-8a2d-4e6f-9c71-5d2a8b4e6f10}", "", []byte{})
	f.Add("POST", "/x/v1/client/add-snapshot/00000000-0000-0000-0000-000000000001", "urn:uuid:0B1C3F5E8A2D4E6F9C715D2A8B4E6F10",
		champion.ContentTypeSnapshot+"; charset=\"", []byte("s"))
	f.Add("GET", "/v1/client/snapshot", "\xff", "", []byte(nil))
	st := testengines.Open[testStore](f, testengines.SQLite, zap.NewNop())
	cfg := champion.DefaultConfig()
	cfg.MaxBody = 1 << 10
	h := champion.New(cfg, st, chain.New(st, keys.MasterKey{}, cfg.CoreConfig()), zap.NewNop()).Handler()
	f.Fuzz(func(t *testing.T, method, path, clientID, contentType string, body []byte) {
		if len(path) == 0 || path[0] != '/' {
			path = "/" + path
		}
		r, err := http.NewRequest(method, "http://taskgate"+path, bytes.NewReader(body))
		if err != nil {
			return // not a request any client could send
		}
		r.Header.Set(champion.HeaderClientID, clientID)
		r.Header.Set("Content-Type", contentType)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		require.Less(t, rec.Code, 500, "%s %q answered %d: %s", method, path, rec.Code, rec.Body.String())
	})
}
