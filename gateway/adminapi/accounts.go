package adminapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/gateway/accounts"
)

// listAccounts answers one page of accounts: ?after=NAME&limit=N.
func (a *api) listAccounts(c echo.Context) error {
	limit, err := intParam(c, "limit")
	if err != nil {
		return err
	}
	p, err := a.m.ListPage(c.Request().Context(), c.QueryParam("after"), int(limit))
	if err != nil {
		return err
	}
	return ok(c, p)
}

// createAccount creates an account, with a taskd login and first device when asked.
func (a *api) createAccount(c echo.Context) error {
	var req CreateRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	p := accounts.AddParams{Name: req.Name, Mode: req.Mode}
	if req.Taskd != nil {
		p.Taskd = &accounts.TaskdParams{Login: accounts.TaskdLogin{Org: req.Taskd.Org, User: req.Taskd.User},
			Device: accounts.DeviceParams{Name: req.Taskd.Device}}
	}
	d, err := a.m.Create(c.Request().Context(), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, d)
}

func (a *api) showAccount(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	d, err := a.m.Show(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return ok(c, d)
}

func (a *api) deleteAccount(c echo.Context) error {
	return a.byName(c, a.m.Delete)
}

func (a *api) suspend(c echo.Context) error { return a.byName(c, a.m.Suspend) }

func (a *api) resume(c echo.Context) error { return a.byName(c, a.m.Resume) }

func (a *api) usage(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	u, err := a.m.Usage(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return ok(c, u)
}

func (a *api) convert(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	var req ConvertRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if req.Secret == "" {
		return apiError(http.StatusBadRequest, "bad_request", "the body needs the account's encryption secret: {\"secret\": \"…\"}")
	}
	if err := a.m.Convert(c.Request().Context(), name, []byte(req.Secret)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

func (a *api) audit(c echo.Context) error {
	limit, err := intParam(c, "limit")
	if err != nil {
		return err
	}
	before, err := intParam(c, "before")
	if err != nil {
		return err
	}
	list, err := a.m.Audit(c.Request().Context(), c.QueryParam("account"), before, int(limit))
	if err != nil {
		return err
	}
	resp := AuditResponse{Entries: list}
	if n := len(list); n > 0 && n == accounts.PageSize(int(limit)) {
		resp.NextBefore = list[n-1].ID
	}
	return ok(c, resp)
}

// byName runs an action on the account named in the path and answers 204.
func (a *api) byName(c echo.Context, action func(ctx context.Context, name string) error) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	if err := action(c.Request().Context(), name); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// param returns the path parameter, unescaped: account names may hold a '/' (sent as %2F).
func param(c echo.Context, name string) (string, error) {
	v, err := url.PathUnescape(c.Param(name))
	if err != nil {
		return "", apiError(http.StatusBadRequest, "bad_request", "bad escape in the path: "+err.Error())
	}
	return v, nil
}

// intParam reads an optional non-negative integer query parameter (0 when absent).
func intParam(c echo.Context, name string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, apiError(http.StatusBadRequest, "bad_request", name+" must be a non-negative integer")
	}
	return n, nil
}

// bind decodes the JSON body into v.
func bind(c echo.Context, v any) error {
	if err := (&echo.DefaultBinder{}).BindBody(c, v); err != nil {
		return apiError(http.StatusBadRequest, "bad_request", "the body is not the JSON this route takes: "+err.Error())
	}
	return nil
}
