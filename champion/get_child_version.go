package champion

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/gateway/store"
)

// getChildVersion handles GET /v1/client/get-child-version/{parent}: 200 with the child, 404 when
// the client is up to date (or unknown, or its chain is empty), 410 when parent is unknown.
func (s *Server) getChildVersion(c echo.Context) error {
	parent, err := versionParam(c, "parent")
	if err != nil {
		return err
	}
	id, err := s.clientID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cl, err := s.client(ctx, c, id, false, errorf(http.StatusNotFound, "no such client"))
	if err != nil {
		return err
	}
	latest, child, found, err := s.store.VersionChild(ctx, cl.Account.ID, parent)
	if err != nil {
		return err
	}
	if !found {
		if latest == parent || latest == store.NilVersion {
			return errorf(http.StatusNotFound, "no such version")
		}
		return errorf(http.StatusGone, "version has been deleted")
	}
	h := c.Response().Header()
	h.Set(HeaderVersionID, child.ID.String())
	h.Set(HeaderParentVersionID, child.Parent.String())
	return c.Blob(http.StatusOK, ContentTypeHistorySegment, child.Segment)
}
