package storetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/taskgate/taskgate/store"
)

// testDevices covers the registry of issued device certificates.
func testDevices(t *testing.T, setup setupFunc) {
	t.Run("AddGetListRevoke", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		a := b.createAccount(t, "home", store.ModePlaintext, uuid.New())
		other := b.createAccount(t, "other", store.ModePlaintext, uuid.New())
		issued := time.Unix(1_700_000_000, 0).UTC()
		laptop := store.Device{Fingerprint: "aa", AccountID: a.ID, Name: "laptop", Serial: "0a", IssuedAt: issued}
		phone := store.Device{Fingerprint: "bb", AccountID: a.ID, Name: "phone", Serial: "0b", IssuedAt: issued}
		laptop2 := store.Device{Fingerprint: "cc", AccountID: a.ID, Name: "laptop", Serial: "0c", IssuedAt: issued.Add(time.Hour)}
		theirs := store.Device{Fingerprint: "dd", AccountID: other.ID, Name: "laptop", Serial: "0d", IssuedAt: issued}
		for _, d := range []store.Device{phone, laptop, laptop2, theirs} {
			require.NoError(t, b.e.DeviceAdd(b.ctx, d))
		}
		require.ErrorIs(t, b.e.DeviceAdd(b.ctx, laptop), store.ErrConflict)
		require.ErrorIs(t, b.e.DeviceAdd(b.ctx, store.Device{Fingerprint: "ee", AccountID: a.ID + 1000, Name: "x", IssuedAt: issued}),
			store.ErrNotFound)

		got, err := b.e.DeviceGet(b.ctx, "aa")
		require.NoError(t, err)
		require.Equal(t, laptop, got)
		_, err = b.e.DeviceGet(b.ctx, "zz")
		require.ErrorIs(t, err, store.ErrNotFound)

		seen := issued.Add(2 * time.Hour)
		require.NoError(t, b.e.DeviceSeen(b.ctx, "bb", seen))
		require.NoError(t, b.e.DeviceSeen(b.ctx, "bb", issued), "an older sighting does not move last seen back")
		phone.LastSeen = seen
		list, err := b.e.DeviceList(b.ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, []store.Device{laptop, laptop2, phone}, list)

		at := issued.Add(3 * time.Hour)
		n, err := b.e.DeviceRevoke(b.ctx, a.ID, "laptop", at)
		require.NoError(t, err)
		require.Equal(t, 2, n, "every certificate of the device name")
		_, err = b.e.DeviceRevoke(b.ctx, a.ID, "laptop", at)
		require.ErrorIs(t, err, store.ErrNotFound, "nothing left to revoke")
		got, err = b.e.DeviceGet(b.ctx, "cc")
		require.NoError(t, err)
		require.True(t, got.Revoked())
		require.Equal(t, at, got.RevokedAt)
		got, err = b.e.DeviceGet(b.ctx, "dd")
		require.NoError(t, err)
		require.False(t, got.Revoked(), "another account's device of the same name")

		_, err = b.e.DeviceList(b.ctx, a.ID+1000)
		require.ErrorIs(t, err, store.ErrNotFound)
	})
}

// testAudit covers the audit log.
func testAudit(t *testing.T, setup setupFunc) {
	t.Run("AddListPrune", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		base := time.Unix(1_700_000_000, 0).UTC()
		entries := []store.AuditEntry{
			{At: base, Actor: "cli:root", Action: "account.add", Account: "alice", Result: "ok"},
			{At: base.Add(time.Minute), Actor: "api", Action: "account.suspend", Account: "bob", Result: "ok"},
			{At: base.Add(2 * time.Minute), Actor: "api", Action: "account.delete", Account: "alice", Detail: "x", Result: "no account"},
		}
		for _, e := range entries {
			require.NoError(t, b.e.AuditAdd(b.ctx, e))
		}
		all, err := b.e.AuditList(b.ctx, store.AuditFilter{Limit: 10})
		require.NoError(t, err)
		require.Len(t, all, 3)
		for i, e := range all {
			want := entries[2-i]
			want.ID, want.Count = e.ID, 1
			require.Equal(t, want, e, "newest first")
		}
		alice, err := b.e.AuditList(b.ctx, store.AuditFilter{Account: "alice", Limit: 10})
		require.NoError(t, err)
		require.Len(t, alice, 2)
		page, err := b.e.AuditList(b.ctx, store.AuditFilter{BeforeID: all[0].ID, Limit: 1})
		require.NoError(t, err)
		require.Equal(t, []store.AuditEntry{all[1]}, page)

		n, err := b.e.AuditPrune(b.ctx, base.Add(90*time.Second))
		require.NoError(t, err)
		require.Equal(t, int64(2), n)
		left, err := b.e.AuditList(b.ctx, store.AuditFilter{Limit: 10})
		require.NoError(t, err)
		require.Equal(t, []store.AuditEntry{all[0]}, left)
	})

	t.Run("Aggregated", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		e := store.AuditEntry{At: time.Unix(1_700_000_000, 0).UTC(), Actor: "taskd:10.0.0.1", Action: "taskd.auth", Result: "430"}
		require.NoError(t, b.e.AuditAddAggregated(b.ctx, "k1", e))
		e.Count = 4
		require.NoError(t, b.e.AuditAddAggregated(b.ctx, "k1", e))
		require.NoError(t, b.e.AuditAddAggregated(b.ctx, "k2", e))
		list, err := b.e.AuditList(b.ctx, store.AuditFilter{Limit: 10})
		require.NoError(t, err)
		require.Len(t, list, 2)
		require.Equal(t, int64(4), list[0].Count)
		require.Equal(t, int64(5), list[1].Count, "one row per key, counting every event")
	})
}
