package adminapi

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/taskgate/taskgate/bridge/convert"
	"github.com/taskgate/taskgate/gateway/accounts"
)

// listUDAs answers the UDA types declared for a plaintext account.
func (a *api) listUDAs(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	return a.answerUDAs(c, name)
}

// setUDAs declares the types of the UDAs in the body; other declarations stay.
func (a *api) setUDAs(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	var req UDAsRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	if len(req.UDAs) == 0 {
		return apiError(http.StatusBadRequest, "bad_request", "the body needs at least one UDA: {\"udas\": {\"ATTR\": \"TYPE\"}}")
	}
	return a.declare(c, name, req.UDAs)
}

// setUDA declares the type of the UDA in the path.
func (a *api) setUDA(c echo.Context) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	attr, err := param(c, "attr")
	if err != nil {
		return err
	}
	var req UDARequest
	if err := bind(c, &req); err != nil {
		return err
	}
	return a.declare(c, name, map[string]string{attr: req.Type})
}

// unsetUDAs forgets the types of the UDAs named by ?attr=ATTR (repeated).
func (a *api) unsetUDAs(c echo.Context) error {
	attrs := c.QueryParams()["attr"]
	if len(attrs) == 0 {
		return apiError(http.StatusBadRequest, "bad_request", "name the UDAs to forget: ?attr=ATTR (repeated)")
	}
	return a.forget(c, attrs)
}

// unsetUDA forgets the type of the UDA in the path.
func (a *api) unsetUDA(c echo.Context) error {
	attr, err := param(c, "attr")
	if err != nil {
		return err
	}
	return a.forget(c, []string{attr})
}

// declare stores the declarations and answers every type now declared.
func (a *api) declare(c echo.Context, name string, udas map[string]string) error {
	types, err := ParseUDATypes(udas)
	if err != nil {
		return err
	}
	if err := a.m.SetUDATypes(c.Request().Context(), name, types); err != nil {
		return err
	}
	return a.answerUDAs(c, name)
}

// forget drops the declarations of attrs from the account in the path and answers every type
// still declared.
func (a *api) forget(c echo.Context, attrs []string) error {
	name, err := param(c, "name")
	if err != nil {
		return err
	}
	if err := a.m.UnsetUDATypes(c.Request().Context(), name, attrs); err != nil {
		return err
	}
	return a.answerUDAs(c, name)
}

// answerUDAs answers the account's declared UDA types.
func (a *api) answerUDAs(c echo.Context, name string) error {
	types, err := a.m.UDATypes(c.Request().Context(), name)
	if err != nil {
		return err
	}
	return ok(c, UDAsResponse{UDAs: UDATypeNames(types)})
}

// ParseUDATypes reads UDA types by name (string, numeric, date, duration); an unknown type is
// an accounts.ErrInvalidUDA.
func ParseUDATypes(udas map[string]string) (map[string]convert.Type, error) {
	types := make(map[string]convert.Type, len(udas))
	for uda, name := range udas {
		t, err := convert.ParseType(name)
		if err != nil {
			return nil, fmt.Errorf("%w: UDA %q: type %q is not string, numeric, date or duration", accounts.ErrInvalidUDA, uda, name)
		}
		types[uda] = t
	}
	return types, nil
}

// UDATypeNames returns the names of types, as the API writes them.
func UDATypeNames(types map[string]convert.Type) map[string]string {
	names := make(map[string]string, len(types))
	for uda, t := range types {
		names[uda] = t.String()
	}
	return names
}
