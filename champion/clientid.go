package champion

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/store"
)

// clientID parses the X-Client-Id header and applies the allow-list.
func (s *Server) clientID(c echo.Context) (uuid.UUID, error) {
	v := c.Request().Header.Get(HeaderClientID)
	if v == "" {
		return uuid.Nil, errBadClientID
	}
	id, err := uuid.Parse(v)
	if err != nil {
		return uuid.Nil, errBadClientID
	}
	if s.allow != nil {
		if _, ok := s.allow[id]; !ok {
			s.authFailed(c)
			return uuid.Nil, errUnknownClientID
		}
	}
	return id, nil
}

// client looks up the client's account. An unknown client gets notFound, unless create is set
// and auto-creation is on, in which case an encrypted account is created for it.
func (s *Server) client(ctx context.Context, c echo.Context, id uuid.UUID, create bool, notFound error) (store.Client, error) {
	cl, err := s.store.ClientGet(ctx, id)
	if errors.Is(err, store.ErrNotFound) && create && s.cfg.CreateClients {
		cl, err = s.store.ClientEnsureEncrypted(ctx, id)
	}
	if errors.Is(err, store.ErrNotFound) {
		s.unknownClient(c)
		return cl, notFound
	}
	if err != nil {
		return cl, err
	}
	return cl, noteAccount(c, cl.Account)
}

// noteAccount leaves the account's id and mode for the request log and metrics, and refuses an
// account that is not active with 403.
func noteAccount(c echo.Context, a store.Account) error {
	c.Set(ctxAccountID, a.ID)
	c.Set(ctxAccountMode, string(a.Mode))
	if a.Status != store.StatusActive {
		return errorf(http.StatusForbidden, "account "+string(a.Status))
	}
	return nil
}

// versionParam parses a version id from the path; unparsable ids are 404, as in the reference.
func versionParam(c echo.Context, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param(name))
	if err != nil {
		return uuid.Nil, errNotFound
	}
	return id, nil
}
