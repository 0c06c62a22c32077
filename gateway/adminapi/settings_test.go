package adminapi_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/gateway/adminapi"
	"github.com/taskgate/taskgate/store"
)

func TestUDATypes(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts",
			adminapi.CreateRequest{Name: "Home/alice", Mode: store.ModePlaintext}, nil))
		const path = "/accounts/Home%2Falice/udas"
		udas := func(method, path string, body any) map[string]string {
			t.Helper()
			var got adminapi.UDAsResponse
			require.Equal(t, http.StatusOK, e.call(method, path, body, &got), "%s %s", method, path)
			return got.UDAs
		}
		require.Empty(t, udas(http.MethodGet, path, nil))

		require.Equal(t, map[string]string{"due2": "date", "estimate": "numeric"}, udas(http.MethodPut, path,
			adminapi.UDAsRequest{UDAs: map[string]string{"due2": "date", "estimate": "numeric"}}))
		e.requireAudit("Home/alice", accounts.ActionUDASet, accounts.ResultOK)
		require.Contains(t, e.audit("Home/alice")[0].Detail, "uda.due2.type=date")
		udas(http.MethodPut, path+"/size", adminapi.UDARequest{Type: "string"})
		require.Equal(t, map[string]string{"due2": "duration", "estimate": "numeric", "size": "string"},
			udas(http.MethodPut, path+"/due2", adminapi.UDARequest{Type: "duration"}))

		udas(http.MethodDelete, path+"/size", nil)
		e.requireAudit("Home/alice", accounts.ActionUDAUnset, accounts.ResultOK)
		require.Equal(t, map[string]string{"estimate": "numeric"},
			udas(http.MethodDelete, path+"?attr=due2&attr=never-declared", nil), "an undeclared name is ignored")
		require.Equal(t, map[string]string{"estimate": "numeric"}, udas(http.MethodGet, path, nil))

		e.refused(http.StatusBadRequest, "invalid_uda", http.MethodPut, path+"/due", adminapi.UDARequest{Type: "date"})
		e.requireAudit("Home/alice", accounts.ActionUDASet, "Taskwarrior's own")
		e.refused(http.StatusBadRequest, "invalid_uda", http.MethodPut, path, adminapi.UDAsRequest{UDAs: map[string]string{"tag_x": "string"}})
		e.refused(http.StatusBadRequest, "invalid_uda", http.MethodPut, path+"/size", adminapi.UDARequest{Type: "colour"})
		e.refused(http.StatusBadRequest, "invalid_uda", http.MethodPut, path+"/size", adminapi.UDARequest{})
		e.refused(http.StatusBadRequest, "bad_request", http.MethodPut, path, adminapi.UDAsRequest{})
		e.refused(http.StatusBadRequest, "bad_request", http.MethodDelete, path, nil)
		require.Equal(t, map[string]string{"estimate": "numeric"}, udas(http.MethodGet, path, nil), "a refused declaration changes nothing")

		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts",
			adminapi.CreateRequest{Name: "enc", Mode: store.ModeEncrypted}, nil))
		e.refused(http.StatusConflict, "encrypted", http.MethodGet, "/accounts/enc/udas", nil)
		e.refused(http.StatusConflict, "encrypted", http.MethodPut, "/accounts/enc/udas/due2", adminapi.UDARequest{Type: "date"})
		e.requireAudit("enc", accounts.ActionUDASet, "encrypted")
		e.refused(http.StatusConflict, "encrypted", http.MethodDelete, "/accounts/enc/udas/due2", nil)
		e.requireAudit("enc", accounts.ActionUDAUnset, "encrypted")
	})
}

func TestQuota(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		require.Equal(t, http.StatusCreated, e.call(http.MethodPost, "/accounts",
			adminapi.CreateRequest{Name: "enc", Mode: store.ModeEncrypted}, nil))
		var info accounts.QuotaInfo
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/enc/quota", nil, &info))
		require.Equal(t, accounts.QuotaInfo{Account: "enc"}, info, "no usage, no limits, no own values")

		bytes, versions := int64(5<<20), int64(0)
		require.Equal(t, http.StatusOK, e.call(http.MethodPut, "/accounts/enc/quota",
			store.QuotaOverride{Bytes: &bytes, Versions: &versions}, &info))
		require.Equal(t, store.Quota{Bytes: bytes}, info.Limit)
		require.Equal(t, store.QuotaOverride{Bytes: &bytes, Versions: &versions}, info.Own)
		e.requireAudit("enc", accounts.ActionQuotaSet, accounts.ResultOK)
		require.Equal(t, "bytes=5242880 versions=0", e.audit("enc")[0].Detail)

		require.Equal(t, http.StatusOK, e.call(http.MethodPut, "/accounts/enc/quota",
			map[string]any{"bytes": nil, "versions": 7}, &info), "null takes the default again")
		seven := int64(7)
		require.Equal(t, store.QuotaOverride{Versions: &seven}, info.Own)
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/enc/quota", nil, &info))
		require.Equal(t, store.Quota{Versions: 7}, info.Limit)

		negative := int64(-1)
		got := e.refused(http.StatusBadRequest, "invalid_quota", http.MethodPut, "/accounts/enc/quota", store.QuotaOverride{Bytes: &negative})
		require.Contains(t, got.Message, "negative")
		e.requireAudit("enc", accounts.ActionQuotaSet, "negative")
		e.refused(http.StatusBadRequest, "bad_request", http.MethodPut, "/accounts/enc/quota", map[string]any{"bytes": "lots"})
		require.Equal(t, http.StatusOK, e.call(http.MethodGet, "/accounts/enc/quota", nil, &info))
		require.Equal(t, store.QuotaOverride{Versions: &seven}, info.Own, "a refused quota changes nothing")

		require.Equal(t, http.StatusOK, e.call(http.MethodDelete, "/accounts/enc/quota", nil, &info))
		require.Equal(t, accounts.QuotaInfo{Account: "enc"}, info, "the server's defaults again")
		e.requireAudit("enc", accounts.ActionQuotaSet, accounts.ResultOK)
		require.Equal(t, "bytes=default versions=default", e.audit("enc")[0].Detail)
	})
}
