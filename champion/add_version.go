package champion

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/chain"
	"github.com/taskgate/taskgate/store"
)

// addVersion handles POST /v1/client/add-version/{parent}, checking in the reference's order:
// path, content type, client id, body, then the chain rules.
func (s *Server) addVersion(c echo.Context) error {
	parent, err := versionParam(c, "parent")
	if err != nil {
		return err
	}
	if err := checkContentType(c.Request(), ContentTypeHistorySegment); err != nil {
		return err
	}
	id, err := s.clientID(c)
	if err != nil {
		return err
	}
	body, err := readBody(c.Request(), bodyLimits{max: s.cfg.MaxBody, tooBig: "overflow", isEmpty: "Empty body"})
	if err != nil {
		return err
	}
	v, urgency, err := s.addVersionFor(c, id, parent, body)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(HeaderVersionID, v.ID.String())
	if u := urgencyHeader(urgency); u != "" {
		h.Set(HeaderSnapshotRequest, u)
	}
	return c.NoContent(http.StatusOK)
}

// addVersionFor stores body as the child of parent for client id. It first tries the store's hot
// path, which appends to an active encrypted account in one short transaction; an unknown client
// (created here when auto-creation is on), a plaintext account, a parent that is not the head or
// a version over the account's quota takes the chain core's general path under the chain lock,
// which decides the answer.
func (s *Server) addVersionFor(c echo.Context, id, parent uuid.UUID, body []byte) (store.Version, chain.Urgency, error) {
	ctx := c.Request().Context()
	r, err := s.store.ClientAppendEncrypted(ctx, id, parent, uuid.New(), body, s.core.Quota())
	switch {
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrConflict):
		cl, err := s.client(ctx, c, id, true, errNoSuchClient)
		if err != nil {
			return store.Version{}, chain.UrgencyNone, err
		}
		return s.appendVersion(ctx, cl.Account, parent, body)
	case err != nil:
		return store.Version{}, chain.UrgencyNone, err
	}
	if err := noteAccount(c, r.Account); err != nil {
		return store.Version{}, chain.UrgencyNone, err
	}
	if !r.Appended {
		return s.appendVersion(ctx, r.Account, parent, body)
	}
	return r.Version, s.core.Urgency(r.Before), nil
}

// appendVersion adds a version after parent through the chain core, which reads the account
// again under the lock.
func (s *Server) appendVersion(ctx context.Context, acct store.Account, parent uuid.UUID, body []byte) (store.Version, chain.Urgency, error) {
	out, err := s.core.Append(ctx, acct.ID, parent, body)
	return out.Version, out.Urgency, err
}
