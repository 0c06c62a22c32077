package adminapi

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway/accounts"
)

// Prefix is the path every route of the API starts with.
const Prefix = "/api/v1"

// ErrNoToken refuses to serve the API without a token.
var ErrNoToken = errors.New("the admin API needs a token (--admin-token-file or TASKGATE_ADMIN_TOKEN); it is not served without one")

// api holds what the handlers share.
type api struct {
	m   *accounts.Manager
	log *zap.Logger
}

// Register adds the API's routes under Prefix to e, each behind the bearer token check. An
// empty token registers nothing and returns ErrNoToken: the API is never served without one.
func Register(e *echo.Echo, m *accounts.Manager, token Token, log *zap.Logger) error {
	if token.empty() {
		return ErrNoToken
	}
	a := &api{m: m, log: log.Named("adminapi")}
	g := e.Group(Prefix, a.answerErrors, token.middleware(), a.actor)
	g.GET("/accounts", a.listAccounts)
	g.POST("/accounts", a.createAccount)
	g.GET("/accounts/:name", a.showAccount)
	g.DELETE("/accounts/:name", a.deleteAccount)
	g.GET("/accounts/:name/usage", a.usage)
	g.POST("/accounts/:name/suspend", a.suspend)
	g.POST("/accounts/:name/resume", a.resume)
	g.POST("/accounts/:name/convert", a.convert)
	g.GET("/accounts/:name/devices", a.listDevices)
	g.POST("/accounts/:name/devices", a.issueDevice)
	g.DELETE("/accounts/:name/devices/:device", a.revokeDevice)
	g.POST("/accounts/:name/taskd", a.addTaskd)
	g.POST("/accounts/:name/taskd/rotate", a.rotateTaskd)
	g.GET("/accounts/:name/clients", a.listClients)
	g.POST("/accounts/:name/clients", a.addClient)
	g.DELETE("/accounts/:name/clients/:client", a.removeClient)
	g.GET("/accounts/:name/udas", a.listUDAs)
	g.PUT("/accounts/:name/udas", a.setUDAs)
	g.DELETE("/accounts/:name/udas", a.unsetUDAs)
	g.PUT("/accounts/:name/udas/:attr", a.setUDA)
	g.DELETE("/accounts/:name/udas/:attr", a.unsetUDA)
	g.GET("/accounts/:name/quota", a.showQuota)
	g.PUT("/accounts/:name/quota", a.setQuota)
	g.DELETE("/accounts/:name/quota", a.unsetQuota)
	g.GET("/audit", a.audit)
	return nil
}

// answerErrors turns the errors of the API's handlers into JSON answers (HandleError), whatever
// error handler the echo instance has.
func (a *api) answerErrors(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if err := next(c); err != nil {
			HandleError(a.log, err, c)
		}
		return nil
	}
}

// actor names the caller of every admin action for the audit log.
func (a *api) actor(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		c.SetRequest(r.WithContext(accounts.WithActor(r.Context(), "api@"+c.RealIP())))
		return next(c)
	}
}

// ok answers 200 with v as JSON.
func ok(c echo.Context, v any) error { return c.JSON(http.StatusOK, v) }
