package adminapi

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/gateway/accounts"
)

func (a *api) listDevices(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	list, err := a.m.Devices(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return ok(c, DevicesResponse{Devices: list})
}

// issueDevice issues a device certificate; the answer holds its private key, which taskgate
// does not keep.
func (a *api) issueDevice(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	var req DeviceRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	d, err := a.m.DeviceIssue(c.Request().Context(), name, req.Device)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, d)
}

func (a *api) revokeDevice(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	device, err := param(c, "device")
	if err != nil {
		return err
	}
	n, err := a.m.DeviceRevoke(c.Request().Context(), name, device)
	if err != nil {
		return err
	}
	return ok(c, RevokeResponse{Revoked: n})
}

func (a *api) addTaskd(c echo.Context) error {
	return a.taskd(c, http.StatusCreated, a.m.TaskdAdd)
}

func (a *api) rotateTaskd(c echo.Context) error {
	return a.taskd(c, http.StatusOK, a.m.TaskdRotate)
}

// taskd runs a taskd login action and answers with the login's settings.
func (a *api) taskd(c echo.Context, status int, action func(ctx context.Context, name string, l accounts.TaskdLogin) (map[string]string, error)) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	var req TaskdRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	rc, err := action(c.Request().Context(), name, accounts.TaskdLogin{Org: req.Org, User: req.User})
	if err != nil {
		return err
	}
	return c.JSON(status, TaskdResponse{Taskrc2: rc})
}

func (a *api) listClients(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	ids, err := a.m.Clients(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return ok(c, ClientsResponse{ClientIDs: ids})
}

func (a *api) addClient(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	var req ClientRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	id, err := a.m.ClientAdd(c.Request().Context(), name, req.ClientID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, ClientResponse{ClientID: id})
}

func (a *api) removeClient(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	id, err := uuid.Parse(c.Param("client"))
	if err != nil {
		return apiError(http.StatusBadRequest, "bad_request", "the client id is not a UUID")
	}
	if err := a.m.ClientRemove(c.Request().Context(), name, id); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
