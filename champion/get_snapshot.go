package champion

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/store"
)

// getSnapshot handles GET /v1/client/snapshot.
func (s *Server) getSnapshot(c echo.Context) error {
	id, err := s.clientID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl, err := s.client(ctx, c, id, false, errNoSuchClient)
	if err != nil {
		return err
	}
	meta, data, err := s.store.SnapshotGet(ctx, cl.Account.ID)
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusNotFound, "no snapshot")
	}
	if err != nil {
		return err
	}
	c.Response().Header().Set(HeaderVersionID, meta.VersionID.String())
	return blob(c, http.StatusOK, ContentTypeSnapshot, data)
}
