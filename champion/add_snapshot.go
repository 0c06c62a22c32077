package champion

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
)

// snapshotWindow is how many versions, counting the head, a snapshot may trail the head by.
const snapshotWindow = 5

// addSnapshot handles POST /v1/client/add-snapshot/{version}. Every valid request of an existing
// client is answered 200, even when the snapshot is not kept.
func (s *Server) addSnapshot(c echo.Context) error {
	version, err := versionParam(c, "version")
	if err != nil {
		return err
	}
	if err := checkContentType(c.Request(), ContentTypeSnapshot); err != nil {
		return err
	}
	id, err := s.clientID(c)
	if err != nil {
		return err
	}
	lim := bodyLimits{max: s.cfg.MaxBody, tooBig: "Snapshot over maximum allowed size", isEmpty: "No snapshot supplied"}
	body, err := readBody(c.Request(), lim)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl, err := s.client(ctx, c, id, false, errNoSuchClient)
	if err != nil {
		return err
	}
	if cl.Account.Mode == store.ModePlaintext {
		// The server makes plaintext accounts' snapshots from the state it has verified; a
		// client's snapshot could be sealed with another key, so it is not kept.
		s.log.Debug("snapshot ignored: plaintext accounts get server-made snapshots", zap.Int64("account", cl.Account.ID))
		return c.NoContent(http.StatusOK)
	}
	if err := s.keepSnapshot(ctx, cl.Account.ID, version, body); err != nil {
		return err
	}
	return c.NoContent(http.StatusOK)
}

// keepSnapshot stores the snapshot when its version is one of the newest snapshotWindow versions
// and newer than the stored snapshot; otherwise it only logs why it was ignored.
func (s *Server) keepSnapshot(ctx context.Context, accountID int64, version uuid.UUID, data []byte) error {
	return s.store.ChainUpdate(ctx, accountID, func(ctx context.Context, tx store.ChainTx) error {
		v, err := tx.VersionGet(ctx, version)
		if errors.Is(err, store.ErrNotFound) {
			s.log.Debug("snapshot ignored: no such version", zap.Int64("account", accountID))
			return nil
		}
		if err != nil {
			return err
		}
		if reason := snapshotRejection(tx.Chain(), v); reason != "" {
			s.log.Debug("snapshot ignored: "+reason, zap.Int64("account", accountID))
			return nil
		}
		var qe *chain.QuotaError
		if err := s.core.CheckSnapshot(tx.Chain(), int64(len(data))); errors.As(err, &qe) {
			// The protocol answers every valid snapshot 200; the client keeps its history.
			s.log.Info("snapshot ignored: over the account's quota", zap.Int64("account", accountID), zap.Error(err))
			s.refused(qe.Name())
			return nil
		}
		meta := store.SnapshotMeta{VersionID: v.ID, Seq: v.Seq, CreatedAt: s.cfg.now()}
		return tx.SnapshotPut(ctx, meta, data)
	})
}

// snapshotRejection says why a snapshot for v is not kept, or "" to keep it.
func snapshotRejection(ch store.Chain, v store.Version) string {
	switch {
	case v.ID == store.NilVersion:
		return "nil version"
	case v.Seq <= ch.LatestSeq-snapshotWindow:
		return "version too old"
	case ch.Snapshot != nil && v.Seq <= ch.Snapshot.Seq:
		return "not newer than the stored snapshot"
	}
	return ""
}
