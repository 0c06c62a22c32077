package adminapi

import (
	"context"
	"errors"
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/gateway/accounts"
	"github.com/taskgate/taskgate/store"
)

// Error is the JSON body of every answer that is not a success.
type Error struct {
	// Code is a stable machine-readable kind, such as "not_found" or "encrypted".
	Code string `json:"code"`
	// Message says what went wrong and, where it can, what to do; written for an operator.
	Message string `json:"error"`
}

// statusError is an answer a handler chose.
type statusError struct {
	status int
	body   Error
}

func (e *statusError) Error() string { return e.body.Message }

// apiError returns an answer with the given status, code and message.
func apiError(status int, code, msg string) error {
	return &statusError{status: status, body: Error{Code: code, Message: msg}}
}

// kinds maps the Manager's refusals to statuses and codes, in the order they are tried.
var kinds = []struct {
	err    error
	status int
	code   string
}{
	{store.ErrNotFound, http.StatusNotFound, "not_found"},
	{store.ErrConflict, http.StatusConflict, "conflict"},
	{accounts.ErrInvalidName, http.StatusBadRequest, "invalid_name"},
	{accounts.ErrInvalidTaskdLogin, http.StatusBadRequest, "invalid_taskd_login"},
	{accounts.ErrInvalidDevice, http.StatusBadRequest, "invalid_device"},
	{accounts.ErrInvalidUDA, http.StatusBadRequest, "invalid_uda"},
	{accounts.ErrInvalidQuota, http.StatusBadRequest, "invalid_quota"},
	{accounts.ErrEncrypted, http.StatusConflict, "encrypted"},
	{accounts.ErrNotConvertible, http.StatusConflict, "not_convertible"},
	{accounts.ErrOneClient, http.StatusConflict, "one_client"},
	{accounts.ErrTerminated, http.StatusConflict, "terminated"},
	{accounts.ErrNoTaskd, http.StatusConflict, "no_taskd"},
	{accounts.ErrChainMoved, http.StatusConflict, "chain_moved"},
	{accounts.ErrWrongSecret, http.StatusUnprocessableEntity, "wrong_secret"},
	{accounts.ErrNoMasterKey, http.StatusServiceUnavailable, "no_master_key"},
	{fs.ErrExist, http.StatusConflict, "exists"},
}

// HandleError is the one place where errors become answers of the API: every route's error
// passes through it.
func HandleError(log *zap.Logger, err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, body := classify(log, err, c)
	if werr := c.JSON(status, body); werr != nil {
		log.Debug("writing an admin API error", zap.Error(werr))
	}
}

// classify maps err to a status and body.
func classify(log *zap.Logger, err error, c echo.Context) (int, Error) {
	var se *statusError
	var he *echo.HTTPError
	switch {
	case errors.As(err, &se):
		return se.status, se.body
	case errors.As(err, &he):
		return he.Code, Error{Code: "http", Message: http.StatusText(he.Code)}
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, Error{Code: "busy", Message: "the server is busy; try again"}
	}
	for _, k := range kinds {
		if errors.Is(err, k.err) {
			return k.status, Error{Code: k.code, Message: err.Error()}
		}
	}
	log.Error("admin API request failed", zap.String("path", c.Path()), zap.Error(err))
	return http.StatusInternalServerError, Error{Code: "internal", Message: "internal server error"}
}
