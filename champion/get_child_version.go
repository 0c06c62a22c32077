package champion

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/store"
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
	r, err := s.store.ClientVersionChild(c.Request().Context(), id, parent)
	if errors.Is(err, store.ErrNotFound) {
		s.unknownClient(c)
		return errorf(http.StatusNotFound, "no such client")
	}
	if err != nil {
		return err
	}
	if err := noteAccount(c, r.Account); err != nil {
		return err
	}
	if !r.Found {
		if r.Latest == parent || r.Latest == store.NilVersion {
			return errorf(http.StatusNotFound, "no such version")
		}
		return errorf(http.StatusGone, "version has been deleted")
	}
	h := c.Response().Header()
	h.Set(HeaderVersionID, r.Child.ID.String())
	h.Set(HeaderParentVersionID, r.Child.Parent.String())
	return blob(c, http.StatusOK, ContentTypeHistorySegment, r.Child.Segment)
}
