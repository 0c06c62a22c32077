package adminapi

import (
	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/store"
)

// showQuota answers an account's usage and quota.
func (a *api) showQuota(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	return a.answerQuota(c, name)
}

// setQuota replaces the account's own quota values with the body's (null: the server's default,
// 0: no limit) and answers the quota now in force.
func (a *api) setQuota(c echo.Context) error {
	var own store.QuotaOverride
	if err := bind(c, &own); err != nil {
		return err
	}
	return a.changeQuota(c, own)
}

// unsetQuota lets the account take the server's default quota again.
func (a *api) unsetQuota(c echo.Context) error {
	return a.changeQuota(c, store.QuotaOverride{})
}

// changeQuota stores own as the account's own quota and answers the quota now in force.
func (a *api) changeQuota(c echo.Context, own store.QuotaOverride) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	if err := a.m.QuotaSet(c.Request().Context(), name, own); err != nil {
		return err
	}
	return a.answerQuota(c, name)
}

// answerQuota answers the account's usage and quota.
func (a *api) answerQuota(c echo.Context, name string) error {
	info, err := a.m.QuotaGet(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return ok(c, info)
}
